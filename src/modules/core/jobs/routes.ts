import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as c from '../contract.ts';
import * as svc from './service.ts';

const JobParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export function registerJobRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Jobs'];
  r.get('/api/v1/jobs', {
    schema: {
      tags, ...AUTHENTICATED, summary: 'Hintergrund-Jobs (Kommunen-Administration: nur eigene Kommunen)',
      querystring: c.PageQuery.extend({ tenant: z.string().max(63).optional(), status: c.Job.shape.status.optional(), type: z.string().max(100).optional() }),
      response: { 200: c.Page(c.Job) },
    },
  }, async (req) => svc.listJobs(ctxOf(req, db), req.query));
  r.get('/api/v1/jobs/schedules', { schema: { tags, ...AUTHENTICATED, summary: 'Wiederkehrende Jobs', response: { 200: z.object({ items: z.array(c.JobSchedule) }) } } }, async (req) => ({
    items: await svc.listSchedules(ctxOf(req, db)),
  }));
  r.post('/api/v1/jobs/:id/retry', { schema: { tags, ...AUTHENTICATED, summary: 'Fehlgeschlagenen Job erneut einplanen (ein weiterer Versuch)', params: JobParams, response: { 200: c.Job } } }, async (req) =>
    svc.retryJob(ctxOf(req, db), req.params.id),
  );
  r.post('/api/v1/jobs/:id/cancel', { schema: { tags, ...AUTHENTICATED, summary: 'Wartenden Job abbrechen', params: JobParams, response: { 200: c.Job } } }, async (req) =>
    svc.cancelJob(ctxOf(req, db), req.params.id),
  );
}
