import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { ctxOf, requirePrincipal, SESSION_COOKIE } from '../../../server/http/auth.ts';
import * as c from '../contract.ts';
import * as svc from './service.ts';
import * as tokens from './tokens.ts';
import { presentUser } from './service.ts';
import { findUserById, membershipsOf } from './repo.ts';
import { sha256 } from './secrets.ts';

const W = AUTHENTICATED;

export function registerIdentityRoutes(app: FastifyInstance, { db, config }: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const stags = ['Anmeldung'];
  const perMinute = { rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' } };

  r.post('/api/v1/session', {
    config: { ...perMinute, publicWrite: true },
    schema: { tags: stags, summary: 'Anmelden (setzt ein httpOnly-Sitzungscookie)', body: c.LoginBody, response: { 200: c.SessionInfo } },
  }, async (req, reply) => {
    const { cookie, session } = await svc.login(ctxOf(req, db), config, req.body);
    reply.setCookie(SESSION_COOKIE, cookie, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, expires: new Date(session.expiresAt),
    });
    return session;
  });
  r.get('/api/v1/session', { schema: { tags: stags, ...W, summary: 'Aktuelle Sitzung oder Token-Inhaber', response: { 200: c.SessionInfo } } }, async (req) => {
    const p = requirePrincipal(req);
    const u = (await findUserById(db, p.userId))!;
    return { user: presentUser(u, await membershipsOf(db, [u.id])), csrfToken: req.csrfToken ?? '', expiresAt: p.expiresAt.toISOString() };
  });
  r.delete('/api/v1/session', { config: { publicWrite: true }, schema: { tags: stags, summary: 'Abmelden' } }, async (req, reply) => {
    await svc.logout(ctxOf(req, db), req.cookies[SESSION_COOKIE], sha256);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  const utags = ['Benutzer'];
  const UserQuery = c.PageQuery.extend({ tenant: z.string().max(63).optional() });
  r.get('/api/v1/users', { schema: { tags: utags, ...W, summary: 'Benutzer (Plattform- oder Kommunen-Administration)', querystring: UserQuery, response: { 200: c.Page(c.User) } } }, async (req) =>
    svc.listUsers(ctxOf(req, db), { tenantSlug: req.query.tenant, limit: req.query.limit, offset: req.query.offset }),
  );
  r.get('/api/v1/users/:id', { schema: { tags: utags, ...W, summary: 'Ein Benutzerkonto', params: c.IdParams, response: { 200: c.User } } }, async (req) =>
    svc.getUser(ctxOf(req, db), req.params.id),
  );
  r.post('/api/v1/users', { schema: { tags: utags, ...W, summary: 'Benutzer anlegen', body: c.UserCreate, response: { 201: c.User } } }, async (req, reply) =>
    reply.status(201).send(await svc.createUser(ctxOf(req, db), req.body)),
  );
  r.patch('/api/v1/users/:id', { schema: { tags: utags, ...W, summary: 'Benutzer ändern', params: c.IdParams, body: c.UserUpdate, response: { 200: c.User } } }, async (req) =>
    svc.updateUser(ctxOf(req, db), req.params.id, req.body),
  );
  const MParams = c.IdParams.extend({ slug: c.SlugParams.shape.slug });
  r.put('/api/v1/users/:id/memberships/:slug', {
    schema: { tags: utags, ...W, summary: 'Rolle in einer Kommune setzen', params: MParams, body: c.MembershipPut, response: { 200: c.User } },
  }, async (req) => svc.setMembership(ctxOf(req, db), req.params.id, req.params.slug, req.body.role));
  r.delete('/api/v1/users/:id/memberships/:slug', {
    schema: { tags: utags, ...W, summary: 'Mitgliedschaft in einer Kommune entfernen', params: MParams, response: { 200: c.User } },
  }, async (req) => svc.setMembership(ctxOf(req, db), req.params.id, req.params.slug, null));

  const ttags = ['API-Tokens'];
  r.get('/api/v1/tokens', { schema: { tags: ttags, ...W, summary: 'Eigene API-Tokens', response: { 200: z.object({ items: z.array(c.ApiToken) }) } } }, async (req) => ({
    items: await tokens.listTokens(ctxOf(req, db)),
  }));
  r.post('/api/v1/tokens', {
    config: perMinute,
    schema: { tags: ttags, ...W, summary: 'API-Token erstellen (Klartext wird nur jetzt gezeigt)', body: c.ApiTokenCreate, response: { 201: c.ApiTokenCreated } },
  }, async (req, reply) => reply.status(201).send(await tokens.createToken(ctxOf(req, db), config, req.body)));
  r.delete('/api/v1/tokens/:id', { config: perMinute, schema: { tags: ttags, ...W, summary: 'API-Token widerrufen', params: c.IdParams } }, async (req, reply) => {
    await tokens.revokeToken(ctxOf(req, db), req.params.id);
    return reply.status(204).send();
  });
}
