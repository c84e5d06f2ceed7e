// Calls a CKAN action from the web UI (with the session's CSRF token, via api()) and turns
// CKAN's "Validation Error" into the form's field errors.
import { api, ApiError } from '../../../web/api.ts';
import type { Envelope } from './types.ts';

/** CKAN field paths → the editor's input names. */
function inputFor(field: string): string {
  if (field.startsWith('groups')) return 'groups';
  if (field.startsWith('tags')) return 'tags';
  if (field === 'resources.0.url') return 'resource_url';
  if (field.startsWith('resources')) return 'resource_url';
  return field;
}

export async function ckanAction<T>(name: string, body: object): Promise<T> {
  try {
    return (await api<Envelope<T>>('POST', `/api/3/action/${name}`, body)).result;
  } catch (err) {
    const error = err instanceof ApiError ? (err.body as { error?: Record<string, unknown> } | undefined)?.error : undefined;
    if (!error) throw err;
    const type = String(error.__type ?? 'Fehler');
    const fields = Object.entries(error).filter(([k, v]) => !k.startsWith('__') && Array.isArray(v)) as [string, string[]][];
    throw new ApiError({
      title: type === 'Authorization Error' ? 'Keine Berechtigung' : type === 'Validation Error' ? 'Eingabe ungültig' : type,
      status: (err as ApiError).status,
      detail: typeof error.message === 'string' ? error.message : undefined,
      errors: fields.map(([f, msgs]) => ({ field: inputFor(f), message: msgs.join(' ') })),
    });
  }
}
