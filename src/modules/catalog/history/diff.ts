// A readable diff of one history entry: which fields changed (old → new, in German), which tags,
// themes and resources were added or removed. History rows keep the package or resource dicts
// before and after the change (see service.ts and resources.ts); this compares those.
import { HVD_CATEGORIES } from '../vocab.ts';

type Dict = Record<string, unknown>;
export type FieldChange = { field: string; label: string; before: string | null; after: string | null };
export type ListChange = { added: string[]; removed: string[] };
export type ResourceChange = { id: string; name: string; change: 'added' | 'removed' | 'changed'; fields: FieldChange[] };
export type EntryDiff = { summary: string; changes: FieldChange[]; tags: ListChange; groups: ListChange; resources: ResourceChange[] };

const SUMMARY: Record<string, string> = {
  'package.create': 'Datensatz angelegt', 'package.update': 'Metadaten geändert', 'package.delete': 'Datensatz gelöscht',
  'resource.create': 'Ressource hinzugefügt', 'resource.update': 'Ressource geändert', 'resource.delete': 'Ressource entfernt',
};

// Package fields in the order a reader expects them; values shown as the portal shows them.
const PACKAGE_FIELDS: [string, string][] = [
  ['title', 'Titel'], ['name', 'Kurzname (Adresse)'], ['notes', 'Beschreibung'], ['organization', 'Organisation'], ['license_id', 'Lizenz'],
  ['private', 'Sichtbarkeit'], ['state', 'Status'], ['url', 'Webseite'], ['version', 'Version'], ['maintainer', 'Ansprechpartner'],
  ['maintainer_email', 'E-Mail Ansprechpartner'], ['author', 'Autor'], ['author_email', 'E-Mail Autor'],
];
const EXTRA_LABELS: Record<string, string> = {
  temporal_start: 'Zeitraum von', temporal_end: 'Zeitraum bis', issued: 'Veröffentlicht am', modified: 'Geändert am (Angabe)',
  frequency: 'Aktualisierungsrhythmus', hvd_category: 'HVD-Kategorie', contributorID: 'Beitragende Stelle (contributorID)',
  access_rights: 'Zugriffsrechte', licenseAttributionByText: 'Namensnennung',
};
// Extras the server derives from other fields (tenant, organisation, HVD category): their
// change is already shown where it comes from.
const DERIVED_EXTRAS = new Set(['politicalGeocodingURI', 'politicalGeocodingLevelURI', 'geocodingText', 'publisher_name', 'applicable_legislation']);
const RESOURCE_FIELDS: [string, string][] = [
  ['name', 'Name'], ['url', 'Adresse'], ['format', 'Format'], ['description', 'Beschreibung'], ['license', 'Lizenz'],
  ['mimetype', 'Medientyp'], ['size', 'Größe (Bytes)'], ['hash', 'Prüfsumme'],
];
const STATE: Record<string, string> = { active: 'aktiv', draft: 'Entwurf', deleted: 'gelöscht' };

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A package field as shown: licence and organisation by title, visibility and state in German. */
function packageValue(d: Dict, field: string): string | null {
  switch (field) {
    case 'organization':
      return isDict(d.organization) ? text(d.organization.title ?? d.organization.name) : null;
    case 'license_id':
      return text(d.license_title) ?? text(d.license_id);
    case 'private':
      return d.private === undefined ? null : d.private ? 'privat' : 'öffentlich';
    case 'state':
      return d.state === undefined ? null : (STATE[String(d.state)] ?? text(d.state));
    default:
      return text(d[field]);
  }
}

function extrasOf(d: Dict): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(d.extras)) for (const e of d.extras) if (isDict(e) && typeof e.key === 'string' && !DERIVED_EXTRAS.has(e.key)) out.set(e.key, text(e.value) ?? '');
  return out;
}

/** Vocabulary IRIs for display: the EU frequency code, the HVD category's German name. */
function shortIri(v: string | null): string | null {
  if (!v || !/^https?:\/\/(publications\.europa\.eu\/resource\/authority\/frequency|data\.europa\.eu\/bna)\//.test(v)) return v;
  const code = v.split('/').pop()!;
  return HVD_CATEGORIES[code] ?? code;
}

function names(v: unknown, key: 'name' | 'title'): string[] {
  return Array.isArray(v) ? v.map((x) => (isDict(x) ? text(x[key] ?? x.name) : text(x))).filter((x): x is string => !!x) : [];
}

function listChange(before: string[], after: string[]): ListChange {
  const b = new Set(before), a = new Set(after);
  return { added: after.filter((x) => !b.has(x)), removed: before.filter((x) => !a.has(x)) };
}

function resourceName(r: Dict): string {
  return text(r.name) ?? text(r.format) ?? 'Ressource';
}

function resourceFields(before: Dict, after: Dict): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, label] of RESOURCE_FIELDS) {
    const b = field === 'license' ? (text(before.license_title) ?? text(before.license)) : text(before[field]);
    const a = field === 'license' ? (text(after.license_title) ?? text(after.license)) : text(after[field]);
    if (b !== a) out.push({ field, label, before: b, after: a });
  }
  return out;
}

function resourceChanges(before: unknown, after: unknown): ResourceChange[] {
  const b = new Map((Array.isArray(before) ? before.filter(isDict) : []).map((r) => [String(r.id), r]));
  const a = new Map((Array.isArray(after) ? after.filter(isDict) : []).map((r) => [String(r.id), r]));
  const out: ResourceChange[] = [];
  for (const [id, r] of a) {
    const old = b.get(id);
    if (!old) out.push({ id, name: resourceName(r), change: 'added', fields: [] });
    else {
      const fields = resourceFields(old, r);
      if (fields.length) out.push({ id, name: resourceName(r), change: 'changed', fields });
    }
  }
  for (const [id, r] of b) if (!a.has(id)) out.push({ id, name: resourceName(r), change: 'removed', fields: [] });
  return out;
}

export function diffEntry(action: string, before: unknown, after: unknown): EntryDiff {
  const empty: EntryDiff = { summary: SUMMARY[action] ?? action, changes: [], tags: { added: [], removed: [] }, groups: { added: [], removed: [] }, resources: [] };
  const b = isDict(before) ? before : null;
  const a = isDict(after) ? after : null;
  if (action.startsWith('resource.')) {
    const r = a ?? b;
    if (!r) return empty;
    const change = !b ? 'added' : !a ? 'removed' : 'changed';
    return { ...empty, resources: [{ id: String(r.id ?? ''), name: resourceName(r), change, fields: b && a ? resourceFields(b, a) : [] }] };
  }
  // A new dataset has no "before": what it started with is its first state, not a change.
  if (!b || !a) return empty;
  const changes: FieldChange[] = [];
  for (const [field, label] of PACKAGE_FIELDS) {
    if (!(field in b) && !(field in a)) continue;
    const old = packageValue(b, field), now = packageValue(a, field);
    if (old !== now) changes.push({ field, label, before: old, after: now });
  }
  const eb = extrasOf(b), ea = extrasOf(a);
  for (const key of [...new Set([...eb.keys(), ...ea.keys()])]) {
    const old = shortIri(eb.get(key) || null), now = shortIri(ea.get(key) || null);
    if (old !== now) changes.push({ field: `extras.${key}`, label: EXTRA_LABELS[key] ?? key, before: old, after: now });
  }
  return {
    ...empty, changes,
    tags: listChange(names(b.tags, 'name'), names(a.tags, 'name')),
    groups: listChange(names(b.groups, 'title'), names(a.groups, 'title')),
    resources: 'resources' in b || 'resources' in a ? resourceChanges(b.resources, a.resources) : [],
  };
}
