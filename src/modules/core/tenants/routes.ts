import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import * as c from '../contract.ts';
import * as svc from './service.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const W = AUTHENTICATED;

export function registerTenantRoutes(app: FastifyInstance, { db }: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Kommunen'];
  r.get('/api/v1/tenants', { schema: { tags, summary: 'Alle Kommunen und Landkreise', response: { 200: list(c.Tenant) } } }, async (req) => ({
    items: await svc.listTenants(ctxOf(req, db)),
  }));
  r.get('/api/v1/tenants/:slug', { schema: { tags, summary: 'Eine Kommune', params: c.SlugParams, response: { 200: c.Tenant } } }, async (req) =>
    svc.presentTenant(await svc.getTenant(ctxOf(req, db), req.params.slug)),
  );
  r.post('/api/v1/tenants', { schema: { tags, ...W, summary: 'Kommune anlegen (Plattform-Administration)', body: c.TenantCreate, response: { 201: c.Tenant } } }, async (req, reply) =>
    reply.status(201).send(await svc.createTenant(ctxOf(req, db), req.body)),
  );
  r.patch('/api/v1/tenants/:slug', { schema: { tags, ...W, summary: 'Kommune ändern', params: c.SlugParams, body: c.TenantUpdate, response: { 200: c.Tenant } } }, async (req) =>
    svc.updateTenant(ctxOf(req, db), req.params.slug, req.body),
  );

  const ctags = ['Kooperationen'];
  r.get('/api/v1/cooperations', { schema: { tags: ctags, summary: 'Alle Kooperationen mit Mitgliedern', response: { 200: list(c.Cooperation) } } }, async (req) => ({
    items: await svc.listCooperations(ctxOf(req, db)),
  }));
  r.get('/api/v1/cooperations/:slug', { schema: { tags: ctags, summary: 'Eine Kooperation', params: c.SlugParams, response: { 200: c.Cooperation } } }, async (req) =>
    svc.getCooperation(ctxOf(req, db), req.params.slug),
  );
  r.post('/api/v1/cooperations', { schema: { tags: ctags, ...W, summary: 'Kooperation anlegen', body: c.CooperationCreate, response: { 201: c.Cooperation } } }, async (req, reply) =>
    reply.status(201).send(await svc.createCooperation(ctxOf(req, db), req.body)),
  );
  r.patch('/api/v1/cooperations/:slug', { schema: { tags: ctags, ...W, summary: 'Kooperation ändern', params: c.SlugParams, body: c.CooperationUpdate, response: { 200: c.Cooperation } } }, async (req) =>
    svc.updateCooperation(ctxOf(req, db), req.params.slug, req.body),
  );

  const dtags = ['Organisationseinheiten'];
  const DeptParams = c.SlugParams.extend({ id: z.uuid() });
  r.get('/api/v1/tenants/:slug/departments', {
    schema: { tags: dtags, summary: 'Ämter und Fachbereiche (interne nur für Mitglieder)', params: c.SlugParams, response: { 200: list(c.Department) } },
  }, async (req) => ({ items: await svc.listDepartments(ctxOf(req, db), req.params.slug) }));
  r.post('/api/v1/tenants/:slug/departments', {
    schema: { tags: dtags, ...W, summary: 'Organisationseinheit anlegen (Redaktion)', params: c.SlugParams, body: c.DepartmentCreate, response: { 201: c.Department } },
  }, async (req, reply) => reply.status(201).send(await svc.createDepartment(ctxOf(req, db), req.params.slug, req.body)));
  r.patch('/api/v1/tenants/:slug/departments/:id', {
    schema: { tags: dtags, ...W, summary: 'Organisationseinheit ändern (Redaktion)', params: DeptParams, body: c.DepartmentUpdate, response: { 200: c.Department } },
  }, async (req) => svc.updateDepartment(ctxOf(req, db), req.params.slug, req.params.id, req.body));
}
