// Harvesting API: sources per tenant, runs on demand, runs with their log. Thin: validate, call
// one service function, answer.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { JobRunner } from '../../core/index.ts';
import * as c from './contract.ts';
import * as svc from './service.ts';

const SlugParams = z.object({ slug: z.string().min(2).max(63).regex(/^[a-z0-9-]+$/, 'ungültiger Kurzname') });
const IdParams = z.object({ id: z.uuid('keine gültige Kennung (UUID)') });
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

export function registerHarvestRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  // An app built without a job runner (tests, tools) still enqueues into the shared job table;
  // whichever instance runs jobs picks the run up.
  const jobs = deps.jobs ?? new JobRunner(db, { pollMs: 1000, concurrency: 1, lockTimeoutS: 600 });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Harvesting'];
  const W = AUTHENTICATED;
  r.get('/api/v1/tenants/:slug/harvest-sources', {
    schema: { tags, ...W, summary: 'Harvesting-Quellen einer Kommune (Redaktion)', params: SlugParams, response: { 200: z.object({ items: z.array(c.HarvestSource) }) } },
  }, async (req) => ({ items: await svc.listSources(ctxOf(req, db), req.params.slug) }));
  r.post('/api/v1/tenants/:slug/harvest-sources', {
    schema: { tags, ...W, summary: 'Harvesting-Quelle anlegen', params: SlugParams, body: c.HarvestSourceCreate, response: { 201: c.HarvestSource } },
  }, async (req, reply) => reply.status(201).send(await svc.createSource(ctxOf(req, db), req.params.slug, req.body)));
  r.get('/api/v1/harvest-sources/:id', {
    schema: { tags, ...W, summary: 'Eine Harvesting-Quelle mit ihrem letzten Lauf', params: IdParams, response: { 200: c.HarvestSource } },
  }, async (req) => svc.getSource(ctxOf(req, db), req.params.id));
  r.patch('/api/v1/harvest-sources/:id', {
    schema: { tags, ...W, summary: 'Harvesting-Quelle ändern', params: IdParams, body: c.HarvestSourceUpdate, response: { 200: c.HarvestSource } },
  }, async (req) => svc.updateSource(ctxOf(req, db), req.params.id, req.body));
  r.delete('/api/v1/harvest-sources/:id', {
    schema: { tags, ...W, summary: 'Harvesting-Quelle löschen (ihre Datensätze werden als gelöscht markiert)', params: IdParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await svc.deleteSource(ctxOf(req, db), req.params.id);
    return reply.status(204).send(null);
  });
  r.post('/api/v1/harvest-sources/:id/run', {
    schema: { tags, ...W, summary: 'Jetzt ernten (als Hintergrundaufgabe)', params: IdParams, body: c.RunRequest.nullish(), response: { 202: c.RunQueued } },
  }, async (req, reply) => reply.status(202).send(await svc.startRun(ctxOf(req, db), jobs, req.params.id, req.body?.full ?? false)));
  r.get('/api/v1/harvest-sources/:id/runs', {
    schema: { tags, ...W, summary: 'Läufe einer Quelle, neueste zuerst', params: IdParams, querystring: PageQuery, response: { 200: Page(c.HarvestRun) } },
  }, async (req) => svc.listRuns(ctxOf(req, db), req.params.id, req.query));
  r.get('/api/v1/harvest-runs/:id', {
    schema: { tags, ...W, summary: 'Ein Lauf mit seinem Protokoll', params: IdParams, querystring: c.LogQuery, response: { 200: c.HarvestRunDetail } },
  }, async (req) => svc.getRun(ctxOf(req, db), req.params.id, req.query));
}
