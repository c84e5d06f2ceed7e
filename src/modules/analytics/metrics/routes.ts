// HTTP of the service metrics (staff of the municipality).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';

export function registerMetricsRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey', {
    schema: {
      tags: ['Service-Analytik'], ...AUTHENTICATED, summary: 'Kennzahlen eines Dienstes: Aufrufe, Starts, Absendungen, Konversion, Trichter, Verfahren, Fehler, Dauer, Bewertungen',
      params: z.object({ slug: z.string().min(1).max(100), serviceKey: z.string().min(1).max(64) }),
      querystring: z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional(), online_service: z.string().max(100).optional(), form_version: z.string().max(40).optional() }),
    },
  }, async (req) => svc.serviceMetrics(ctxOf(req, db), req.params.slug, req.params.serviceKey, req.query));
}
