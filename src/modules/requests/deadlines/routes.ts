// HTTP of service-level settings: the business calendar and the policies of a service.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { CalendarParams, ServiceParams } from './contract.ts';
import * as svc from './service.ts';

export function registerDeadlineRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Servicelevel)'];
  r.get('/api/v1/tenants/:slug/requests-calendar', { schema: { tags, params: CalendarParams, summary: 'Geschäftszeiten-Kalender der Kommune (Öffnungszeiten, Feiertage des Landes, Schließtage)' } },
    async (req) => svc.getCalendar(ctxOf(req, db), req.params.slug));
  // The body is checked by the engine's own schema in the service (German messages per field).
  r.put('/api/v1/tenants/:slug/requests-calendar', { schema: { tags, ...AUTHENTICATED, params: CalendarParams, body: z.unknown(), summary: 'Kalender setzen (Verwaltung der Kommune); offene Anliegen werden neu berechnet' } },
    async (req) => svc.putCalendar(ctxOf(req, db), req.params.slug, req.body));
  r.put('/api/v1/tenants/:slug/request-services/:code/sla', { schema: { tags, ...AUTHENTICATED, params: ServiceParams, body: z.unknown(), summary: 'Geordnete SLA-Richtlinien eines Dienstes setzen (null: kein Versprechen)' } },
    async (req) => svc.putServicePolicies(ctxOf(req, db), req.params.slug, req.params.code, req.body));
}
