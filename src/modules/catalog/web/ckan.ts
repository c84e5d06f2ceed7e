// Calls a CKAN action from the web UI (with the session's CSRF token, via api()) and turns
// CKAN's "Validation Error" into the form's field errors.
import { api, apiForm, ApiError } from '../../../web/api.ts';
import type { Envelope } from './types.ts';

/** Maps a CKAN error field ("resources.0.url", "extras.issued") to the form's input name. */
export type FieldMap = (ckanField: string) => string;

/** CKAN field paths → the editor's input names. */
export function inputFor(field: string): string {
  if (field.startsWith('groups')) return 'groups';
  if (field.startsWith('tags')) return 'tags';
  if (field === 'private' || field === 'state') return 'visibility';
  const extra = /^extras\.(temporal_start|temporal_end|issued|modified|frequency|hvd_category)$/.exec(field);
  if (extra) return extra[1]!;
  return field;
}

// CKAN's validation messages are English; the portal says them in German.
const GERMAN: [RegExp, string][] = [
  [/^Missing value$/, 'Angabe fehlt.'],
  [/^Please provide a valid URL$/, 'Bitte geben Sie eine vollständige Adresse an, z. B. https://www.stadt.de/daten.csv.'],
  [/^Email is not valid$/, 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. amt@stadt.de.'],
  [/^That URL is already in use\.$/, 'Dieser Kurzname ist schon vergeben.'],
  [/^Must be purely lowercase alphanumeric/, 'Nur Kleinbuchstaben, Ziffern, - und _ (2 bis 100 Zeichen).'],
  [/^Date format incorrect/, 'Bitte ein gültiges Datum angeben.'],
  [/^End lies before start$/, 'Das Ende des Zeitraums liegt vor seinem Beginn.'],
];
export const german = (m: string) => GERMAN.find(([re]) => re.test(m))?.[1] ?? m;

function toFormError(err: unknown, mapField: FieldMap): unknown {
  const error = err instanceof ApiError ? (err.body as { error?: Record<string, unknown> } | undefined)?.error : undefined;
  if (!error || typeof error !== 'object') return err;
  const type = String(error.__type ?? 'Fehler');
  const fields = Object.entries(error).filter(([k, v]) => !k.startsWith('__') && Array.isArray(v)) as [string, string[]][];
  return new ApiError({
    title: type === 'Authorization Error' ? 'Keine Berechtigung' : type === 'Validation Error' ? 'Eingabe ungültig' : type,
    status: (err as ApiError).status,
    detail: typeof error.message === 'string' ? error.message : undefined,
    errors: fields.map(([f, msgs]) => ({ field: mapField(f), message: msgs.map(german).join(' ') })),
  });
}

export async function ckanAction<T>(name: string, body: object, mapField: FieldMap = inputFor): Promise<T> {
  try {
    return (await api<Envelope<T>>('POST', `/api/3/action/${name}`, body)).result;
  } catch (err) {
    throw toFormError(err, mapField);
  }
}

/** A CKAN resource action with a file in the field "upload" (multipart/form-data). */
export async function ckanUpload<T>(name: string, fields: Record<string, string>, file: File, mapField: FieldMap): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('upload', file, file.name);
  try {
    return (await apiForm<Envelope<T>>(`/api/3/action/${name}`, form)).result;
  } catch (err) {
    throw toFormError(err, mapField);
  }
}
