// HTTP of the public service-promise figures: JSON, and each table as CSV.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import * as svc from './service.ts';

const Query = z.object({ tenant: z.string().max(100).optional(), cooperation: z.string().max(100).optional(), from: z.string().max(40).optional(), to: z.string().max(40).optional() });

export function registerDashboardRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Serviceversprechen)'];
  r.get('/api/v1/requests/service-promises', {
    schema: { tags, querystring: Query, summary: 'Serviceversprechen: Einhaltung je Frist, Erledigungsdauer je Dienst, Eingänge je Monat (Kommune oder Kooperation; offene Daten)' },
  }, async (req) => svc.promises(ctxOf(req, db), req.query));
  r.get('/api/v1/requests/service-promises/:table.csv', {
    schema: { tags, params: z.object({ table: z.enum(svc.TABLES) }), querystring: Query, summary: 'Eine Tabelle der Serviceversprechen als CSV' },
  }, async (req, reply) => {
    const data = await svc.promises(ctxOf(req, db), req.query);
    const scope = req.query.tenant ?? req.query.cooperation;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="serviceversprechen-${scope}-${req.params.table}.csv"`)
      .send(svc.toCsv(data[req.params.table] as Record<string, unknown>[]));
  });
}
