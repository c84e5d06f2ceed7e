// The publisher editor's data: vocabularies in German, the rows of the resource list, the
// package dict built from the form, and the checks done before anything is sent.
import type { FieldIssue } from '../../../web/api.ts';
import type { Package, Resource } from './types.ts';

export const THEMES = [
  ['tran', 'Verkehr'], ['envi', 'Umwelt'], ['soci', 'Bevölkerung und Gesellschaft'], ['gove', 'Regierung und öffentlicher Sektor'],
  ['econ', 'Wirtschaft und Finanzen'], ['educ', 'Bildung, Kultur und Sport'], ['heal', 'Gesundheit'], ['ener', 'Energie'],
  ['regi', 'Regionen und Städte'], ['just', 'Justiz, Rechtssystem und öffentliche Sicherheit'], ['agri', 'Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel'],
  ['tech', 'Wissenschaft und Technologie'], ['intr', 'Internationale Themen'],
].map(([value, label]) => ({ value: value!, label: label! }));

// EU frequency codes (publications.europa.eu authority table "frequency") in German.
export const FREQUENCY_LABELS: Record<string, string> = {
  CONT: 'laufend', UPDATE_CONT: 'laufend aktualisiert', HOURLY: 'stündlich', DAILY: 'täglich', WEEKLY: 'wöchentlich', BIWEEKLY: 'zweiwöchentlich',
  MONTHLY: 'monatlich', BIMONTHLY: 'zweimonatlich', QUARTERLY: 'vierteljährlich', ANNUAL: 'jährlich', BIENNIAL: 'zweijährlich',
  TRIENNIAL: 'dreijährlich', IRREG: 'unregelmäßig', NEVER: 'nie', UNKNOWN: 'unbekannt', OTHER: 'sonstiger',
};
export const FREQUENCIES = [{ value: '', label: '– keine Angabe –' }, ...Object.entries(FREQUENCY_LABELS).filter(([k]) => k !== 'UPDATE_CONT').map(([value, label]) => ({ value, label }))];

// High-value dataset categories of Implementing Regulation (EU) 2023/138.
export const HVD_CATEGORIES = [
  { value: '', label: 'kein hochwertiger Datensatz' }, { value: 'c_ac64a52d', label: 'Georaum' }, { value: 'c_dd313021', label: 'Erdbeobachtung und Umwelt' },
  { value: 'c_164e0bf5', label: 'Meteorologie' }, { value: 'c_e1da4e07', label: 'Statistik' },
  { value: 'c_a9135398', label: 'Unternehmen und Eigentümerschaft von Unternehmen' }, { value: 'c_b79e35eb', label: 'Mobilität' },
];

const COLUMN_EXTRAS = ['temporal_start', 'temporal_end', 'issued', 'modified', 'frequency', 'hvd_category'] as const;

/** "Parkhäuser in Gießen" → "parkhaeuser-in-giessen": CKAN names are lower-case ASCII. */
export function slugify(title: string): string {
  return title.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

export const extra = (p: Package | undefined, key: string) => p?.extras.find((e) => e.key === key)?.value ?? '';
/** A vocabulary IRI's code (frequency, HVD category). */
export const code = (v: string) => v.split('/').pop() ?? '';
/** An ISO timestamp as the value of <input type="date">. */
export const dateInput = (v: string) => (/^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : '');

/** One resource in the editor: a link, or a file (already uploaded, or chosen for upload). */
export type ResourceRow = {
  key: string; id?: string; kind: 'link' | 'upload'; name: string; url: string; format: string; description: string; license: string;
  /** The file stored on the server (uploaded resources). */
  stored?: { url: string; size: number | null };
};

let counter = 0;
export function newRow(kind: ResourceRow['kind']): ResourceRow {
  counter += 1;
  return { key: `neu-${counter}`, kind, name: '', url: '', format: '', description: '', license: '' };
}

export function rowOf(r: Resource): ResourceRow {
  const upload = r.url_type === 'upload';
  return {
    key: r.id, id: r.id, kind: upload ? 'upload' : 'link', name: r.name, url: upload ? '' : r.url, format: r.format, description: r.description,
    license: r.license ?? '', stored: upload ? { url: r.url, size: r.size } : undefined,
  };
}

export const rowsOf = (p: Package | undefined): ResourceRow[] => (p?.resources ?? []).map(rowOf);

/** A file to upload after the dataset is saved: a new resource, or a new file for one. */
export type PendingUpload = { row: number; file: File; resourceId?: string; fields: Record<string, string> };
/** `sent[k]` is the editor row of the package dict's k-th resource. */
export type SavePlan = { dict: Record<string, unknown>; uploads: PendingUpload[]; sent: number[]; mapField: (f: string) => string };

const text = (d: FormData, k: string) => String(d.get(k) ?? '').trim();
const chosenFile = (d: FormData, k: string) => {
  const f = d.get(k);
  return f instanceof File && f.name !== '' ? f : undefined;
};

/**
 * Reads the editor form into a package dict for package_create/package_update (fields the editor
 * does not show are kept from `existing`), the uploads to send afterwards, and the required-field
 * problems found before sending. Formats (e-mail, URLs, dates) are checked by the server.
 */
export function planSave(d: FormData, rows: ResourceRow[], existing: Package | undefined, mapField: (f: string) => string): { plan: SavePlan; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const title = text(d, 'title');
  if (!title) issues.push({ field: 'title', message: 'Bitte geben Sie einen Titel an.' });
  if (!text(d, 'owner_org')) issues.push({ field: 'owner_org', message: 'Bitte wählen Sie die veröffentlichende Organisation.' });
  const start = text(d, 'temporal_start'), end = text(d, 'temporal_end');
  if (start && end && end < start) issues.push({ field: 'temporal_end', message: 'Das Ende des Zeitraums liegt vor seinem Beginn.' });

  const sent: number[] = []; // package resource index → row index
  const resources: Record<string, unknown>[] = [];
  const uploads: PendingUpload[] = [];
  rows.forEach((r, i) => {
    const f = (k: string) => text(d, `resources.${i}.${k}`);
    const fields = { name: f('name'), format: f('format'), description: f('description'), license: f('license') };
    if (r.kind === 'link') {
      if (!f('url')) issues.push({ field: `resources.${i}.url`, message: 'Bitte geben Sie die Adresse (URL) der Daten an.' });
      sent.push(i);
      resources.push({ ...(r.id && { id: r.id }), ...fields, url: f('url') });
      return;
    }
    const file = chosenFile(d, `resources.${i}.upload`);
    if (!file && !r.stored) issues.push({ field: `resources.${i}.upload`, message: 'Bitte wählen Sie eine Datei aus.' });
    if (r.id) {
      // An existing resource stays in the list (as it is) and gets its new file afterwards.
      sent.push(i);
      resources.push({ id: r.id, ...fields, url: r.stored?.url ?? r.url, ...(r.stored && { url_type: 'upload' }) });
      if (file) uploads.push({ row: i, file, resourceId: r.id, fields });
    } else if (file) uploads.push({ row: i, file, fields });
  });

  const visibility = d.getAll('visibility').map(String);
  const kept = (existing?.extras ?? []).filter((e) => !(COLUMN_EXTRAS as readonly string[]).includes(e.key));
  const extras = [
    ...kept,
    ...COLUMN_EXTRAS.map((key) => ({ key, value: text(d, key) })).filter((e) => e.value !== ''),
  ];
  const dict: Record<string, unknown> = {
    ...(existing ?? {}),
    ...(existing && { id: existing.id }),
    // An emptied short name keeps the dataset's address; a new dataset gets one from its title.
    name: text(d, 'name') || existing?.name || slugify(title), title, notes: String(d.get('notes') ?? ''), owner_org: text(d, 'owner_org'),
    license_id: text(d, 'license_id') || null, url: text(d, 'url') || null, maintainer: text(d, 'maintainer') || null,
    maintainer_email: text(d, 'maintainer_email') || null,
    tags: text(d, 'tags').split(',').map((t) => t.trim()).filter(Boolean).map((name) => ({ name })),
    groups: d.getAll('groups').map((name) => ({ name: String(name) })),
    private: visibility.includes('private'), state: visibility.includes('draft') ? 'draft' : 'active',
    extras, resources,
  };
  const mapResources = (field: string) => {
    const m = /^resources\.(\d+)\.(.+)$/.exec(field);
    return m && sent[Number(m[1])] !== undefined ? `resources.${sent[Number(m[1])]}.${m[2]}` : mapField(field);
  };
  return { plan: { dict, uploads, sent, mapField: mapResources }, issues };
}
