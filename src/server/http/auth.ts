// Authentication plumbing: finds the principal behind a request (session cookie or API token)
// and enforces CSRF for cookie-authenticated writes. What a principal may do is decided in
// the services (see core/permissions.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx, Principal } from './context.ts';
import type { Db } from '../db/connect.ts';
import { Forbidden, Unauthorized } from './errors.ts';

export const SESSION_COOKIE = 'stadtkern_session';
export const CSRF_HEADER = 'x-csrf-token';

export type PrincipalResolver = {
  fromSession(cookieValue: string): Promise<{ principal: Principal; csrfToken: string } | undefined>;
  fromToken(token: string): Promise<Principal | undefined>;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Writes are authenticated unless a route opts out (login, Open311 posts with their own key). */
    publicWrite?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
    csrfToken?: string;
  }
}

/** `Authorization: Bearer <t>`, or the bare token that CKAN clients send. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const v = header.trim();
  const m = /^Bearer\s+(\S+)$/i.exec(v);
  if (m) return m[1];
  return /^\S+$/.test(v) ? v : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuth(app: FastifyInstance, resolver: PrincipalResolver): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.addHook('onRequest', async (req) => {
    const token = tokenFromHeader(req.headers.authorization);
    if (token) {
      const p = await resolver.fromToken(token);
      // A token that was sent but is unknown, expired or revoked is an error, never anonymous.
      if (!p) throw Unauthorized('API-Token ist ungültig, abgelaufen oder widerrufen');
      req.principal = p;
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    const s = cookie ? await resolver.fromSession(cookie) : undefined;
    const publicWrite = req.routeOptions.config?.publicWrite === true;
    if (s) {
      if (SAFE_METHODS.has(req.method) || req.headers[CSRF_HEADER] === s.csrfToken) {
        req.principal = s.principal;
        req.csrfToken = s.csrfToken;
        return;
      }
      if (!publicWrite) throw Forbidden('CSRF-Token fehlt oder passt nicht zur Sitzung');
      // A public write route (login, CKAN actions) without the CSRF token runs as anonymous,
      // so a forged cross-site request can never act with the victim's session.
    }
    // Anonymous writes to a known route are refused before the body is even validated.
    if (!SAFE_METHODS.has(req.method) && req.routeOptions.url && !publicWrite) throw Unauthorized();
  });
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw Unauthorized();
  return req.principal;
}

/** The service context for a request: database, acting principal, request id for the audit log. */
export function ctxOf(req: FastifyRequest, db: Db): Ctx {
  return { db, actor: req.principal, requestId: req.id };
}
