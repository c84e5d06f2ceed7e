// HTTP of the offline application counts (viewers read, editors write).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';

const tags = ['Service-Analytik'];
const Tenant = z.object({ slug: z.string().min(1).max(100) });

export function registerOfflineRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenants/:slug/analytics/offline-counts', {
    schema: { tags, ...AUTHENTICATED, params: Tenant, summary: 'Offline-Anträge je Dienst, Monat und Kanal', querystring: z.object({ from: z.string().max(7).optional(), to: z.string().max(7).optional(), service_key: z.string().max(64).optional() }) },
  }, async (req) => svc.listCounts(ctxOf(req, db), req.params.slug, req.query));
  r.put('/api/v1/tenants/:slug/analytics/offline-counts', {
    // Checked item by item in the service, so every bad item is named.
    schema: { tags, ...AUTHENTICATED, params: Tenant, body: z.unknown(), summary: 'Offline-Anträge setzen ({items: [{service_key, month, channel, count}]}); alle oder keiner' },
  }, async (req) => svc.putCounts(ctxOf(req, db), req.params.slug, req.body));
  // Spreadsheet exports come as text/csv; the parser lives in this scope only.
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/tenants/:slug/analytics/offline-counts.csv', {
      schema: { tags, ...AUTHENTICATED, params: Tenant, summary: 'Offline-Anträge aus einer CSV-Datei (Leistungsschlüssel;Monat;Kanal;Anzahl)' },
    }, async (req) => svc.importCsv(ctxOf(req, db), req.params.slug, typeof req.body === 'string' ? req.body : ''));
  });
}
