// From a remote dataset to our DatasetInput: both fetchers produce a CKAN-shaped package dict,
// which goes through the same validation as every package_create (readPackage). Every defect
// becomes a log entry; a field that fails validation is dropped (the rest is kept), and only a
// dataset that cannot be stored at all (no title, no identifier) is skipped.
import { createHash } from 'node:crypto';
import { readPackage, type DatasetInput } from '../ckan/package-input.ts';
import { licenceIri } from '../vocab.ts';

export type Defect = { level: 'warning' | 'error'; message: string };

/** One dataset as a source lists it. */
export type Remote = {
  /** The source's identifier for it (CKAN id, dct:identifier or the dataset IRI): re-runs match on it. */
  guid: string;
  /** Where it originally comes from (the identifier extra / dct:identifier), carried along as our
   *  `identifier` extra so that whoever harvests us can tell, too. */
  origin: string;
  title: string;
  /** Further identifiers (IRIs, remote ids) that may name a dataset of this platform. */
  ids: string[];
  /** A CKAN package dict without name and owner_org. */
  dict: Record<string, unknown>;
  defects: Defect[];
  /** Set when the dataset cannot be harvested at all. */
  fatal?: string;
  remoteName?: string;
};

// dcat-ap.de licence IRIs as catalogues write them (https, www.), and licence ids of CKAN
// instances that do not use the dcat-ap.de list.
const LICENCE_PREFIX = /^https?:\/\/(?:www\.)?dcat-ap\.de\/def\/licenses\//i;
const CKAN_LICENCES: Record<string, string> = {
  'cc-by-4.0': 'cc-by/4.0', 'cc-by-sa-4.0': 'cc-by-sa/4.0', 'cc-by-nc-4.0': 'cc-by-nc/4.0', 'cc-by-nd-4.0': 'cc-by-nd/4.0',
  'cc0-1.0': 'cc-zero', cc0: 'cc-zero', 'odc-odbl': 'odbl', 'odc-by': 'odby', 'odc-pddl': 'odcpddl', 'dl-de-by-2.0': 'dl-by-de/2.0',
  'dl-de-zero-2.0': 'dl-zero-de/2.0', 'dl-de-by-1.0': 'dl-by-de/1.0', 'dl-de-by-nc-1.0': 'dl-by-nc-de/1.0', 'other-pd': 'other-open',
  'other-at': 'other-open', 'other-nc': 'other-closed',
};

/** Our licence IRI for a remote licence, with a note when the remote one was not canonical. */
export function normaliseLicence(raw: string): { iri?: string; note?: string } {
  const v = raw.trim();
  const direct = licenceIri(v);
  if (direct) return { iri: direct };
  if (LICENCE_PREFIX.test(v)) {
    const iri = licenceIri(v.replace(LICENCE_PREFIX, 'http://dcat-ap.de/def/licenses/'));
    if (iri) return { iri, note: `Lizenz-IRI ${v} ist nicht kanonisch, gelesen als ${iri}` };
  }
  const alias = CKAN_LICENCES[v.toLowerCase()];
  if (alias) return { iri: licenceIri(alias), note: `Lizenz „${v}“ gelesen als ${licenceIri(alias)}` };
  return { note: `Unbekannte Lizenz ${v} (nicht in der dcat-ap.de-Lizenzliste) – ohne Lizenz übernommen` };
}

// Validation errors that no dropping can repair.
const UNREPAIRABLE = new Set(['name', 'owner_org']);
const FIELD_LABEL: Record<string, string> = {
  license_id: 'Lizenz', url: 'Webseite (landingPage)', author_email: 'E-Mail der Autorin/des Autors', maintainer_email: 'E-Mail der Ansprechstelle',
  'extras.issued': 'Veröffentlichungsdatum (issued)', 'extras.modified': 'Änderungsdatum (modified)', 'extras.temporal_start': 'Beginn des Zeitraums',
  'extras.temporal_end': 'Ende des Zeitraums', 'extras.frequency': 'Aktualisierungsrhythmus', 'extras.hvd_category': 'HVD-Kategorie', title: 'Titel',
};

type Dict = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value a validation error points at, for the log. */
function valueAt(d: Dict, field: string): unknown {
  const [head, i, sub] = field.split('.');
  if (head === 'extras' && i) return (list(d.extras).find((e) => (e as Dict)?.key === i) as Dict | undefined)?.value;
  if ((head === 'tags' || head === 'groups' || head === 'resources') && i !== undefined) {
    const item = list(d[head])[Number(i)] as Dict | string | undefined;
    return sub && item && typeof item === 'object' ? item[sub] : typeof item === 'object' ? (item?.name ?? item) : item;
  }
  return d[field];
}

/** Removes what a validation error points at; returns false when there is nothing to drop. */
function drop(d: Dict, field: string, doomed: Map<string, Set<number>>): boolean {
  const [head, i, sub] = field.split('.');
  if (head === 'extras' && i) {
    d.extras = list(d.extras).filter((e) => (e as Dict)?.key !== i);
    return true;
  }
  if ((head === 'tags' || head === 'groups' || head === 'resources') && i !== undefined && /^\d+$/.test(i)) {
    // A resource without a usable address goes; any other bad resource field is dropped alone.
    if (head === 'resources' && sub && sub !== 'url') {
      const r = list(d.resources)[Number(i)] as Dict | undefined;
      if (r) delete r[sub === 'license' ? 'license' : sub];
      if (r && sub === 'license') delete r.license_id;
      return true;
    }
    const set = doomed.get(head) ?? new Set<number>();
    set.add(Number(i));
    doomed.set(head, set);
    return true;
  }
  if (head && head in d && !UNREPAIRABLE.has(head)) {
    delete d[head];
    return true;
  }
  return false;
}

export type Prepared = { input: DatasetInput; hash: string } | { input?: undefined; error: string };

/** Validates a remote dataset as a package dict named `name` in organisation `org`, dropping
 *  invalid fields (each reported in `defects`). */
export function prepare(remote: Remote, name: string, org: string, defects: Defect[]): Prepared {
  if (remote.fatal) return { error: remote.fatal };
  const d: Dict = structuredClone({ ...remote.dict, name, owner_org: org, private: false, state: 'active' });
  for (let round = 0; round < 5; round++) {
    const { input, errors } = readPackage(d);
    const fields = Object.keys(errors);
    if (fields.length === 0) return { input, hash: contentHash(input) };
    const doomed = new Map<string, Set<number>>();
    for (const field of fields) {
      const label = FIELD_LABEL[field] ?? field;
      const value = valueAt(d, field);
      const shown = value === undefined || value === null || typeof value === 'object' ? '' : ` („${String(value).slice(0, 200)}“)`;
      if (!drop(d, field, doomed)) return { error: `Nicht speicherbar – ${label}${shown}: ${errors[field]!.join('; ')}` };
      defects.push({ level: 'warning', message: `Ungültige Angabe ${label}${shown}: ${errors[field]!.join('; ')} – Angabe verworfen` });
    }
    for (const [key, idx] of doomed) d[key] = list(d[key]).filter((_, i) => !idx.has(i));
  }
  return { error: 'Nicht speicherbar: die Angaben ließen sich nicht bereinigen' };
}

/** A fingerprint of everything we store, so unchanged datasets are not written again. */
export function contentHash(input: DatasetInput): string {
  const { name: _n, owner_org: _o, ...rest } = input;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Dict)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Dict)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** A stable dataset name that no other tenant's dataset has: the remote name or title as a
 *  slug plus a hash of source and remote identifier ("kitas-7f3a09c2"). */
export function harvestName(remote: Remote, sourceId: string, hashLength = 8): string {
  const base = (remote.remoteName || remote.title || 'datensatz')
    .toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '') || 'datensatz';
  const h = createHash('sha256').update(`${sourceId}\n${remote.guid}`).digest('hex').slice(0, hashLength);
  return `${base}-${h}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** UUIDs in a remote dataset's identifiers: a dataset of this platform has one of them as id. */
export function uuidsOf(remote: Remote): string[] {
  const found = new Set<string>();
  for (const s of [remote.guid, remote.origin, ...remote.ids]) for (const m of s.matchAll(UUID)) found.add(m[0].toLowerCase());
  return [...found];
}
