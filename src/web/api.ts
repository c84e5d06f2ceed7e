// The one way the web UI talks to the server: JSON over fetch with the session cookie, the CSRF
// token on every write, and RFC 9457 problem responses turned into ApiError.

export type FieldIssue = { field: string; message: string };
export type Problem = { type?: string; title: string; status: number; detail?: string; errors?: FieldIssue[] };
export type PageOf<T> = { items: T[]; total: number; limit: number; offset: number };

export class ApiError extends Error {
  /** `body` is the server's error body as sent, for APIs with their own error shape (CKAN). */
  constructor(readonly problem: Problem, readonly body?: unknown) {
    super(problem.detail || problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
  /** Issues keyed by input name: the server says "body.email", the form field is "email". */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const name = inputName(e.field);
      out[name] = out[name] ? `${out[name]}; ${e.message}` : e.message;
    }
    return out;
  }
}

export function inputName(field: string): string {
  return field.replace(/^(body|querystring|params)\.?/, '');
}

// The CSRF token lives only in memory: it comes from the session response and is lost on reload,
// when the app asks GET /api/v1/session again.
let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// Lets the session layer notice an expired session on any call and send the user to the login.
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(fn: (() => void) | undefined): void {
  onUnauthorized = fn;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError({ title: 'Keine Verbindung', status: 0, detail: 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.' });
  }
  return answer<T>(res, path);
}

/** POSTs a multipart form (file uploads); the browser sets the boundary. */
export async function apiForm<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ title: 'Keine Verbindung', status: 0, detail: 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.' });
  }
  return answer<T>(res, path);
}

async function answer<T>(res: Response, path: string): Promise<T> {
  if (res.status === 204) return undefined as T;
  const isJson = /json/.test(res.headers.get('content-type') ?? '');
  const data: unknown = isJson ? await res.json().catch(() => undefined) : undefined;
  if (res.ok) return data as T;
  const problem = isProblem(data) ? data : { title: res.statusText || 'Fehler', status: res.status, detail: `Der Server antwortete mit Status ${res.status}.` };
  if (res.status === 401 && !path.startsWith('/api/v1/session')) onUnauthorized?.();
  throw new ApiError({ ...problem, status: res.status }, data);
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'title' in x;
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Ein unerwarteter Fehler ist aufgetreten.';
}
