// Reads a CKAN package dict (as clients send it to package_create/update/patch) into our
// dataset model, collecting every problem per field the way CKAN reports them:
// { name: ["Must be purely lowercase alphanumeric …"], "resources.0.url": [...] }.
import { FREQUENCIES, HVD_CATEGORIES, licenceIri, THEMES } from '../vocab.ts';

export type ResourceInput = {
  id?: string; name: string; description: string; url: string; format: string; mimetype: string | null;
  size: number | null; hash: string | null; license_id: string | null; url_type: string | null; last_modified: string | null;
};
export type DatasetInput = {
  name: string; title: string; notes: string; owner_org: string | null; private: boolean; state: 'active' | 'draft';
  license_id: string | null; url: string | null; version: string | null; author: string | null; author_email: string | null;
  maintainer: string | null; maintainer_email: string | null; tags: string[]; themes: string[];
  frequency: string | null; temporal_start: string | null; temporal_end: string | null; issued: string | null; modified: string | null;
  hvd_category: string | null; extras: Record<string, string>; resources: ResourceInput[] | undefined;
};
export type CkanErrors = Record<string, string[]>;

const NAME_RE = /^[a-z0-9_-]{2,100}$/;
const TAG_RE = /^[\p{L}\p{N} ._-]{2,100}$/u;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// Extras that are columns of our model; every other extra is kept as given.
const COLUMN_EXTRAS = ['temporal_start', 'temporal_end', 'issued', 'modified', 'frequency', 'hvd_category'] as const;

type Dict = Record<string, unknown>;

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function isoDate(v: string | null): string | null | false {
  if (v === null) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v) ? false : d.toISOString();
}

function isUrl(v: string): boolean {
  try {
    return ['http:', 'https:', 'ftp:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** `base` is the stored dataset for patch (missing keys keep their value); undefined for create/update. */
export function readPackage(raw: unknown, base?: DatasetInput): { input: DatasetInput; errors: CkanErrors } {
  const errors: CkanErrors = {};
  const err = (field: string, msg: string) => (errors[field] ??= []).push(msg);
  const d: Dict = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Dict) : {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(d, k);
  const pick = <T>(k: string, read: () => T, fallback: T): T => (has(k) || !base ? read() : fallback);

  const name = pick('name', () => str(d.name) ?? '', base?.name ?? '');
  if (!name) err('name', 'Missing value');
  else if (!NAME_RE.test(name)) err('name', 'Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_');
  const title = pick('title', () => str(d.title) ?? name, base?.title ?? name);
  if (title.length > 500) err('title', 'Title is too long: at most 500 characters');

  const privateVal = pick('private', () => (has('private') ? bool(d.private) : false), base?.private ?? false);
  if (privateVal === undefined) err('private', 'Value must be one of: True, False');
  const stateVal = pick('state', () => str(d.state) ?? 'active', base?.state ?? 'active');
  if (stateVal !== 'active' && stateVal !== 'draft') err('state', 'Value must be one of: active, draft');

  const licenceRaw = pick('license_id', () => str(d.license_id), base?.license_id ?? null);
  const licence = licenceRaw === null ? null : licenceIri(licenceRaw);
  if (licenceRaw !== null && !licence) err('license_id', `License not found: ${licenceRaw} (use a dcat-ap.de licence IRI, see license_list)`);

  const url = pick('url', () => str(d.url), base?.url ?? null);
  if (url && !isUrl(url)) err('url', 'Please provide a valid URL');
  for (const k of ['author_email', 'maintainer_email'] as const) {
    const v = pick(k, () => str(d[k]), base?.[k] ?? null);
    if (v && !EMAIL_RE.test(v)) err(k, 'Email is not valid');
  }

  const tags = pick('tags', () => readTags(d, err), base?.tags ?? []);
  const themes = pick('groups', () => readGroups(d.groups, err), base?.themes ?? []);

  const extras = readExtras(d, base, err);
  const col = (k: (typeof COLUMN_EXTRAS)[number]) => extras.columns[k] ?? null;
  const dates = {} as Record<'temporal_start' | 'temporal_end' | 'issued' | 'modified', string | null>;
  for (const k of ['temporal_start', 'temporal_end', 'issued', 'modified'] as const) {
    const v = isoDate(col(k));
    if (v === false) err(`extras.${k}`, 'Date format incorrect: use ISO 8601, e.g. 2024-01-31');
    dates[k] = v || null;
  }
  if (dates.temporal_start && dates.temporal_end && dates.temporal_start > dates.temporal_end) err('extras.temporal_end', 'End lies before start');
  const frequency = normaliseCode(col('frequency'), 'frequency');
  if (frequency && !(FREQUENCIES as readonly string[]).includes(frequency)) err('extras.frequency', `Unknown frequency: ${col('frequency')}`);
  const hvd = normaliseCode(col('hvd_category'), 'bna');
  if (hvd && !(hvd in HVD_CATEGORIES)) err('extras.hvd_category', `Unknown high-value dataset category: ${col('hvd_category')}`);

  const resources = has('resources') ? readResources(d.resources, err) : base ? undefined : [];
  const input: DatasetInput = {
    name, title, notes: pick('notes', () => (typeof d.notes === 'string' ? d.notes : ''), base?.notes ?? ''),
    owner_org: pick('owner_org', () => str(d.owner_org), base?.owner_org ?? null),
    private: privateVal ?? false, state: stateVal === 'draft' ? 'draft' : 'active', license_id: licence ?? null, url,
    version: pick('version', () => str(d.version), base?.version ?? null),
    author: pick('author', () => str(d.author), base?.author ?? null), author_email: pick('author_email', () => str(d.author_email), base?.author_email ?? null),
    maintainer: pick('maintainer', () => str(d.maintainer), base?.maintainer ?? null),
    maintainer_email: pick('maintainer_email', () => str(d.maintainer_email), base?.maintainer_email ?? null),
    tags, themes, frequency, hvd_category: hvd, ...dates, extras: extras.rest, resources,
  };
  if (!input.owner_org) err('owner_org', 'An organization must be supplied');
  return { input, errors };
}

/** Accepts a bare code ("MONTHLY", "c_b79e35eb") or its IRI. */
function normaliseCode(v: string | null, kind: 'frequency' | 'bna'): string | null {
  if (!v) return null;
  const last = v.split('/').pop() ?? v;
  return kind === 'frequency' ? last.toUpperCase() : last;
}

function readTags(d: Dict, err: (f: string, m: string) => void): string[] {
  const names: string[] = [];
  if (Array.isArray(d.tags)) {
    d.tags.forEach((t, i) => {
      const n = str(typeof t === 'object' && t ? (t as Dict).name : t);
      if (!n) err(`tags.${i}.name`, 'Missing value');
      else names.push(n);
    });
  } else if (typeof d.tag_string === 'string') names.push(...d.tag_string.split(',').map((s) => s.trim()).filter(Boolean));
  else if (d.tags !== undefined && d.tags !== null) err('tags', 'Must be a list of {"name": …}');
  names.forEach((n, i) => {
    if (!TAG_RE.test(n)) err(`tags.${i}.name`, `Tag "${n}" must be 2–100 characters of letters, digits, spaces, -_.`);
  });
  return [...new Set(names)];
}

function readGroups(v: unknown, err: (f: string, m: string) => void): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return err('groups', 'Must be a list of {"name": …}'), [];
  const out: string[] = [];
  v.forEach((g, i) => {
    const n = str(typeof g === 'object' && g ? ((g as Dict).name ?? (g as Dict).id) : g)?.toLowerCase();
    if (!n || !(n in THEMES)) err(`groups.${i}`, `Group not found: ${n ?? ''} (EU data theme codes: ${Object.keys(THEMES).join(', ')})`);
    else out.push(n);
  });
  return [...new Set(out)];
}

function readExtras(d: Dict, base: DatasetInput | undefined, err: (f: string, m: string) => void) {
  const columns: Record<string, string | null> = base
    ? { temporal_start: base.temporal_start, temporal_end: base.temporal_end, issued: base.issued, modified: base.modified, frequency: base.frequency, hvd_category: base.hvd_category }
    : {};
  let rest: Record<string, string> = base ? { ...base.extras } : {};
  if (d.extras === undefined) return { columns, rest };
  if (!Array.isArray(d.extras)) return err('extras', 'Must be a list of {"key": …, "value": …}'), { columns, rest };
  // Given extras replace the stored ones as a whole, as in CKAN.
  rest = {};
  for (const k of COLUMN_EXTRAS) columns[k] = null;
  d.extras.forEach((e, i) => {
    const key = str(typeof e === 'object' && e ? (e as Dict).key : null);
    const value = typeof e === 'object' && e ? (e as Dict).value : null;
    if (!key) return err(`extras.${i}.key`, 'Missing value');
    const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
    if ((COLUMN_EXTRAS as readonly string[]).includes(key)) columns[key] = text.trim() || null;
    else rest[key] = text;
  });
  return { columns, rest };
}

function readResources(v: unknown, err: (f: string, m: string) => void): ResourceInput[] {
  if (!Array.isArray(v)) return err('resources', 'Must be a list of resource dicts'), [];
  if (v.length > 500) err('resources', 'At most 500 resources per dataset');
  return v.map((r, i) => readResource(r, (f, m) => err(`resources.${i}.${f}`, m)));
}

export function readResource(raw: unknown, err: (f: string, m: string) => void): ResourceInput {
  const r: Dict = raw && typeof raw === 'object' ? (raw as Dict) : {};
  const url = str(r.url) ?? '';
  if (!url) err('url', 'Missing value');
  else if (!isUrl(url)) err('url', 'Please provide a valid URL');
  const size = r.size === undefined || r.size === null || r.size === '' ? null : Number(r.size);
  if (size !== null && (!Number.isInteger(size) || size < 0)) err('size', 'Must be a whole number of bytes');
  const licRaw = str(r.license) ?? str(r.license_id);
  const lic = licRaw ? licenceIri(licRaw) : null;
  if (licRaw && !lic) err('license', `License not found: ${licRaw}`);
  const lm = isoDate(str(r.last_modified));
  if (lm === false) err('last_modified', 'Date format incorrect');
  return {
    id: str(r.id) ?? undefined, name: str(r.name) ?? '', description: typeof r.description === 'string' ? r.description : '', url,
    format: (str(r.format) ?? '').toUpperCase(), mimetype: str(r.mimetype), size, hash: str(r.hash), license_id: lic ?? null,
    url_type: str(r.url_type), last_modified: lm || null,
  };
}
