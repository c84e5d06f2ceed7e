// HTTP of saved views: list, create, read, change, delete, copy, and run (JSON and CSV).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';
import { toCsv } from '../csv.ts';

const tags = ['Service-Analytik'];
const base = '/api/v1/tenants/:slug/analytics/views';
const Tenant = z.object({ slug: z.string().min(1).max(100) });
const View = Tenant.extend({ id: z.string().uuid('Kennung einer Ansicht (UUID)') });
const DataQuery = z.object({ tenant: z.string().min(1).max(100).optional() });
// Bodies are checked in the service, so a bad definition is named field by field with 422.
const Body = z.unknown();

export function registerViewRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(base, {
    schema: {
      tags, ...AUTHENTICATED, params: Tenant, summary: 'Gespeicherte Ansichten, die ich sehen darf (shared=1: auch die mit der Kooperation geteilten der Partnerkommunen)',
      querystring: z.object({ shared: z.enum(['0', '1', 'true', 'false'], { message: 'shared: 1 oder 0' }).optional() }),
    },
  }, async (req) => svc.listViews(ctxOf(req, db), req.params.slug, { shared: req.query.shared === '1' || req.query.shared === 'true' }));
  r.post(base, {
    schema: { tags, ...AUTHENTICATED, params: Tenant, body: Body, summary: 'Ansicht speichern ({name, description, visibility, definition})' },
  }, async (req, reply) => reply.status(201).send(await svc.createView(ctxOf(req, db), req.params.slug, req.body)));
  r.post(`${base}/preview`, {
    schema: { tags, ...AUTHENTICATED, params: Tenant, body: Body, summary: 'Eine ungespeicherte Definition mit den eigenen Zahlen ausführen ({definition}) — die Vorschau im Baukasten' },
  }, async (req) => svc.previewDefinition(ctxOf(req, db), req.params.slug, req.body));
  r.get(`${base}/:id`, { schema: { tags, ...AUTHENTICATED, params: View, summary: 'Eine Ansicht' } },
    async (req) => svc.getView(ctxOf(req, db), req.params.slug, req.params.id));
  r.patch(`${base}/:id`, {
    schema: { tags, ...AUTHENTICATED, params: View, body: Body, summary: 'Ansicht ändern (wer sie angelegt hat, oder die Administration)' },
  }, async (req) => svc.updateView(ctxOf(req, db), req.params.slug, req.params.id, req.body));
  r.delete(`${base}/:id`, { schema: { tags, ...AUTHENTICATED, params: View, summary: 'Ansicht löschen (wer sie angelegt hat, oder die Administration)' } },
    async (req, reply) => {
      await svc.deleteView(ctxOf(req, db), req.params.slug, req.params.id);
      return reply.status(204).send();
    });
  r.post(`${base}/:id/copy`, {
    schema: { tags, ...AUTHENTICATED, params: View, body: Body.optional(), summary: 'Sichtbare Ansicht (auch einer Partnerkommune) in die eigene Kommune kopieren ({name?, visibility?})' },
  }, async (req, reply) => reply.status(201).send(await svc.copyView(ctxOf(req, db), req.params.slug, req.params.id, req.body)));
  r.get(`${base}/:id/data`, {
    schema: { tags, ...AUTHENTICATED, params: View, querystring: DataQuery, summary: 'Die Ansicht mit den Zahlen der eigenen Kommune ausführen' },
  }, async (req) => svc.viewData(ctxOf(req, db), req.params.slug, req.params.id, req.query));
  r.get(`${base}/:id/data.csv`, {
    schema: { tags, ...AUTHENTICATED, params: View, querystring: DataQuery, summary: 'Die Zahlen der Ansicht als CSV (period,series,value)', produces: ['text/csv'] },
  }, async (req, reply) => {
    const d = await svc.viewData(ctxOf(req, db), req.params.slug, req.params.id, req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ansicht-${d.tenant}-${d.view.id}.csv"`).send(toCsv(['period', 'series', 'value'], d.points));
  });
}
