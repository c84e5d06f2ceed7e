// HTTP of the connector: source registration (municipality admins) and the event batches that
// source systems send with their key in X-Analytics-Key (never a user's session or token).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { AppError } from '../../../server/http/errors.ts';
import { MAX_CSV_BYTES } from './csv.ts';
import { batchJsonSchema } from './schema.ts';
import * as svc from './service.ts';

const Tenant = z.object({ slug: z.string().min(1).max(100) });
const SourceBody = z.object({ name: z.string().trim().min(1, 'Name fehlt').max(100), platform: z.string().trim().max(100).default('') }).strict();

export function registerConnectorRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Service-Analytik'];
  r.post('/api/v1/analytics/events', {
    config: { publicWrite: true },
    // Fastify's request log carries the client's address; for this route nothing at info level is
    // logged, so no IP of anyone using a form ever reaches a log from here.
    logLevel: 'warn',
    // The body is checked event by event in the service, so every bad event is named.
    schema: { tags, body: z.unknown(), summary: 'Ereignisse eines Quellsystems als Stapel (X-Analytics-Key; batch_id macht Wiederholungen unschädlich)' },
  }, async (req, reply) => {
    const key = req.headers['x-analytics-key'];
    const result = await svc.ingest(db, typeof key === 'string' ? key : undefined, req.body);
    return reply.status(result.duplicate ? 200 : 202).send(result);
  });
  // Exports of systems that can only write files: CSV as raw bytes (decoded as strict UTF-8 in
  // csv.ts), parsed in this scope only, up to MAX_CSV_BYTES (413 above).
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/analytics/events.csv', {
      config: { publicWrite: true },
      logLevel: 'warn',
      bodyLimit: MAX_CSV_BYTES,
      schema: { tags, querystring: z.object({ batch_id: z.string().max(100).optional() }), summary: 'Ereignisse als CSV-Datei (ein Stapel, bis 50.000 Zeilen und 5 MB; batch_id als Parameter oder X-Batch-Id; Fehler als rows.N.feld)' },
    }, async (req, reply) => {
      // JSON (or a form) sent here was parsed by another parser: say what this route takes.
      if (!Buffer.isBuffer(req.body)) throw new AppError(415, 'unsupported-media-type', 'Content-Type text/csv erwartet', 'Diese Adresse nimmt CSV (Content-Type: text/csv); JSON-Stapel gehen an /api/v1/analytics/events');
      const key = req.headers['x-analytics-key'];
      const header = req.headers['x-batch-id'];
      const result = await svc.ingestCsv(db, typeof key === 'string' ? key : undefined, req.query.batch_id ?? (typeof header === 'string' ? header : undefined), req.body);
      return reply.status(result.duplicate ? 200 : 202).send(result);
    });
  });
  r.get('/api/v1/analytics/schema.json', {
    schema: { tags, summary: 'JSON Schema (2020-12) eines Stapels für Hersteller von Formularplattformen' },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('application/schema+json').send(batchJsonSchema()));
  r.get('/api/v1/tenants/:slug/analytics/sources', { schema: { tags, ...AUTHENTICATED, params: Tenant, summary: 'Quellsysteme der Kommune' } },
    async (req) => svc.listSources(ctxOf(req, db), req.params.slug));
  r.post('/api/v1/tenants/:slug/analytics/sources', { schema: { tags, ...AUTHENTICATED, params: Tenant, body: SourceBody, summary: 'Quellsystem anlegen; der Schlüssel wird nur jetzt gezeigt' } },
    async (req, reply) => reply.status(201).send(await svc.registerSource(ctxOf(req, db), req.params.slug, req.body)));
  r.delete('/api/v1/tenants/:slug/analytics/sources/:id', { schema: { tags, ...AUTHENTICATED, params: Tenant.extend({ id: z.string().uuid() }), summary: 'Schlüssel eines Quellsystems widerrufen' } },
    async (req, reply) => {
      await svc.revokeSource(ctxOf(req, db), req.params.slug, req.params.id);
      return reply.status(204).send();
    });
}
