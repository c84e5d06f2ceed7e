// HTTP of the service metrics (staff of the municipality): overview of all services, one service in
// depth, its time series, and its comparison with peers.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { peers } from './peers.ts';
import { runSeries, SeriesQuery } from './series.ts';
import * as svc from './service.ts';

const tags = ['Service-Analytik'];
const Tenant = z.object({ slug: z.string().min(1).max(100) });
const Service = Tenant.extend({ serviceKey: z.string().min(1).max(64) });
const Period = z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() });

export function registerMetricsRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenants/:slug/analytics/services', {
    schema: { tags, ...AUTHENTICATED, summary: 'Übersicht aller Dienste der Kommune mit Veränderung zum Vorzeitraum', params: Tenant, querystring: Period },
  }, async (req) => svc.overview(ctxOf(req, db), req.params.slug, req.query));
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey', {
    schema: {
      tags, ...AUTHENTICATED, summary: 'Kennzahlen eines Dienstes: Aufrufe, Starts, Absendungen, Konversion, Trichter (auch je Formularversion), Verfahren, Fehler, Dauer, Bewertungen, Digitalquote',
      params: Service, querystring: Period.extend({ online_service: z.string().max(100).optional(), form_version: z.string().max(40).optional() }),
    },
  }, async (req) => svc.serviceMetrics(ctxOf(req, db), req.params.slug, req.params.serviceKey, req.query));
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey/series', {
    schema: { tags, ...AUTHENTICATED, summary: 'Zeitreihe einer Kennzahl je Tag, Woche, Monat oder Jahr', params: Service, querystring: SeriesQuery.omit({ service_key: true }) },
  }, async (req) => {
    const tenant = await svc.staffTenant(ctxOf(req, db), req.params.slug);
    return { tenant: tenant.slug, service_key: req.params.serviceKey, ...(await runSeries(db, tenant.id, { ...req.query, service_key: req.params.serviceKey })) };
  });
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey/peers', {
    schema: {
      tags, ...AUTHENTICATED, summary: 'Vergleich mit Kommunen der Kooperation oder der Größenklasse, je 1.000 Einwohner, gegen den Median', params: Service,
      querystring: Period.extend({ group: z.enum(['cooperation', 'size_class'], { message: 'group: cooperation oder size_class' }).optional(), cooperation: z.string().max(100).optional() }),
    },
  }, async (req) => peers(ctxOf(req, db), req.params.slug, req.params.serviceKey, req.query, config.analytics.minCell));
}
