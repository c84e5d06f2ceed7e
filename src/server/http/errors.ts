// Typed errors thrown by services, and the one handler that turns every error into
// application/problem+json (RFC 9457). Modules with their own standard envelope (CKAN, Open311)
// register their own handler for their URL prefix.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export type FieldIssue = { field: string; message: string; code?: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail?: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

/** zod's issues as field issues: the path joined with dots under an optional prefix ("events.3"),
 *  "(ganz)" for the value as a whole. */
export function fieldIssuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): FieldIssue[] {
  return issues.map((i) => ({ field: [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.') || '(ganz)', message: i.message }));
}

export const BadRequest = (detail: string, issues: FieldIssue[] = []) =>
  new AppError(400, 'bad-request', 'Ungültige Anfrage', detail, issues);
export const ValidationFailed = (issues: FieldIssue[]) =>
  new AppError(422, 'validation-failed', 'Eingabe ungültig', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
export const Unauthorized = (detail = 'Anmeldung erforderlich') =>
  new AppError(401, 'unauthorized', 'Nicht angemeldet', detail, [], { 'www-authenticate': 'Bearer realm="stadtkern"' });
export const Forbidden = (detail = 'Keine Berechtigung für diese Aktion') =>
  new AppError(403, 'forbidden', 'Keine Berechtigung', detail);
export const NotFound = (what: string) => new AppError(404, 'not-found', 'Nicht gefunden', `${what} wurde nicht gefunden`);
export const Conflict = (detail: string, issues: FieldIssue[] = []) =>
  new AppError(409, 'conflict', 'Konflikt', detail, issues);
export const TooManyRequests = (detail: string, retryAfterS: number) =>
  new AppError(429, 'too-many-requests', 'Zu viele Anfragen', detail, [], { 'retry-after': String(Math.ceil(retryAfterS)) });

export function problemBody(req: FastifyRequest, status: number, type: string, title: string, detail: string, issues: FieldIssue[]) {
  return {
    type: `https://stadtkern.de/probleme/${type}`,
    title,
    status,
    detail,
    instance: req.url,
    requestId: req.id,
    ...(issues.length ? { errors: issues } : {}),
  };
}

function sendProblem(reply: FastifyReply, req: FastifyRequest, status: number, type: string, title: string, detail: string, issues: FieldIssue[] = []) {
  return reply.status(status).type('application/problem+json').send(problemBody(req, status, type, title, detail, issues));
}

/** Converts any thrown error into the problem fields; shared with the module-specific handlers. */
export function toProblem(err: unknown): { status: number; type: string; title: string; detail: string; issues: FieldIssue[]; headers: Record<string, string> } {
  if (err instanceof AppError) {
    return { status: err.status, type: err.type, title: err.title, detail: err.message, issues: err.issues, headers: err.headers };
  }
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const where = fe.validationContext ?? 'body';
    const issues = fe.validation.map((v) => ({
      field: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'ungültig',
      code: v.keyword,
    }));
    return { status: 400, type: 'validation-failed', title: 'Eingabe ungültig', detail: issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues, headers: {} };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const map: Record<number, string> = { 413: 'payload-too-large', 415: 'unsupported-media-type', 429: 'too-many-requests', 404: 'not-found' };
    return { status: fe.statusCode, type: map[fe.statusCode] ?? 'bad-request', title: fe.message, detail: fe.message, issues: [], headers: {} };
  }
  return { status: 500, type: 'internal', title: 'Interner Fehler', detail: 'Ein unerwarteter Fehler ist aufgetreten', issues: [], headers: {} };
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const p = toProblem(err);
    if (p.status >= 500) req.log.error({ err }, 'request failed');
    for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
    return sendProblem(reply, req, p.status, p.type, p.title, p.detail, p.issues);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, 404, 'not-found', 'Nicht gefunden', `Keine Ressource unter ${req.method} ${req.url.split('?')[0]}`),
  );
}
