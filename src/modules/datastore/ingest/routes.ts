// HTTP: start a datastore load and follow it (progress, problems).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';

const ResourceParams = z.object({ id: z.string().uuid() });

export function registerIngestRoutes(app: FastifyInstance, { db, jobs }: Pick<AppDeps, 'db' | 'jobs'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Datastore'];
  r.post('/api/v1/resources/:id/datastore/load', {
    schema: {
      tags, ...AUTHENTICATED, summary: 'Ressource in den Datastore laden (hochgeladene Datei oder URL); läuft im Hintergrund',
      params: ResourceParams, body: z.object({ url: z.string().url().max(2000).regex(/^https?:\/\//i, 'http- oder https-Adresse').optional() }).strict().default({}),
    },
  }, async (req, reply) => reply.status(202).send(await svc.startLoad(ctxOf(req, db), jobs, req.params.id, req.body ?? {})));
  r.get('/api/v1/resources/:id/datastore/loads', { schema: { tags, summary: 'Ladevorgänge einer Ressource, neueste zuerst', params: ResourceParams } },
    async (req) => ({ items: await svc.listLoads(ctxOf(req, db), req.params.id) }));
  r.get('/api/v1/datastore/loads/:loadId', {
    schema: {
      tags, summary: 'Ein Ladevorgang: Fortschritt, Ergebnis und Problembericht',
      params: z.object({ loadId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      querystring: z.object({ limit: z.coerce.number().int().min(0).max(1000).default(100), offset: z.coerce.number().int().min(0).max(1000).default(0) }),
    },
  }, async (req) => svc.getLoad(ctxOf(req, db), req.params.loadId, req.query));
}
