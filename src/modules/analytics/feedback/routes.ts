// HTTP of a service's settings (name, owners) and of its feedback comments (owners only).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';

const tags = ['Service-Analytik'];
const Service = z.object({
  slug: z.string().min(1).max(100),
  serviceKey: z.string().regex(/^[0-9]{14}$|^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'Leistungsschlüssel (LeiKa, 14 Ziffern) oder FIM-Kennung'),
});
const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Tag als JJJJ-MM-TT');
const CommentsQuery = z.object({
  from: Day.optional(),
  to: Day.optional(),
  rating: z.string().regex(/^[1-5](,[1-5]){0,4}$/, 'Bewertung 1 bis 5, mehrere mit Komma (1,2)').optional(),
  limit: z.coerce.number().int('ganze Zahl').min(1, 'mindestens 1').max(200, 'höchstens 200').optional(),
  cursor: z.string().max(200).optional(),
});

export function registerFeedbackRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey/settings', {
    schema: { tags, ...AUTHENTICATED, params: Service, summary: 'Name und Verantwortliche eines Dienstes der Kommune' },
  }, async (req) => svc.getSettings(ctxOf(req, db), req.params.slug, req.params.serviceKey));
  r.put('/api/v1/tenants/:slug/analytics/services/:serviceKey/settings', {
    // Checked in the service, so a bad owner is named as owners.N with 422.
    schema: { tags, ...AUTHENTICATED, params: Service, body: z.unknown(), summary: 'Name und Verantwortliche setzen ({name, owners: [E-Mail]}); Verantwortliche lesen die Rückmeldungstexte' },
  }, async (req) => svc.putSettings(ctxOf(req, db), req.params.slug, req.params.serviceKey, req.body));
  r.get('/api/v1/tenants/:slug/analytics/services/:serviceKey/comments', {
    schema: { tags, ...AUTHENTICATED, params: Service, querystring: CommentsQuery, summary: 'Rückmeldungstexte eines Dienstes, neueste zuerst (nur für die Verantwortlichen des Dienstes)' },
  }, async (req) => svc.listComments(ctxOf(req, db), req.params.slug, req.params.serviceKey, req.query));
}
