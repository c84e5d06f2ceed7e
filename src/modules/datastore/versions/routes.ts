// HTTP: refresh settings of a resource's datastore table, its versions, older versions as CSV.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';

const ResourceParams = z.object({ id: z.string().uuid() });
const RefreshBody = z.object({
  intervalMinutes: z.number().int('ganze Minuten')
    .min(svc.MIN_INTERVAL_MINUTES, `mindestens ${svc.MIN_INTERVAL_MINUTES} Minuten (oder null: aus)`)
    .max(svc.MAX_INTERVAL_MINUTES, `höchstens ${svc.MAX_INTERVAL_MINUTES} Minuten (ein Jahr)`).nullable(),
  autoLoad: z.boolean().optional(),
}).strict();

export function registerVersionRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Datastore'];
  r.get('/api/v1/resources/:id/datastore/refresh', {
    schema: { tags, summary: 'Zeitplan der Aktualisierung und automatisches Laden einer Ressource', params: ResourceParams },
  }, async (req) => svc.getRefresh(ctxOf(req, db), req.params.id));
  r.put('/api/v1/resources/:id/datastore/refresh', {
    schema: {
      tags, ...AUTHENTICATED, params: ResourceParams, body: RefreshBody,
      summary: 'Aktualisierung aus der Quelle alle `intervalMinutes` Minuten (null: aus); `autoLoad: false` schaltet das automatische erste Laden ab',
    },
  }, async (req) => svc.setRefresh(ctxOf(req, db), req.params.id, req.body));
  r.get('/api/v1/resources/:id/datastore/versions', {
    schema: { tags, summary: 'Versionen der Datastore-Tabelle, neueste zuerst: Zeitpunkt, Zeilen, Prüfsumme, Änderungen, Aufbewahrung', params: ResourceParams },
  }, async (req) => svc.listVersions(ctxOf(req, db), req.params.id, config.datastoreVersions.keepDays));
  r.get('/api/v1/resources/:id/datastore/versions/:file', {
    schema: {
      tags, summary: 'Eine (ältere) Version als CSV, per COPY gestreamt', produces: ['text/csv'],
      params: z.object({ id: z.string().uuid(), file: z.string().regex(/^[1-9]\d{0,8}\.csv$/, 'Versionsnummer mit .csv, z. B. 2.csv') }),
    },
  }, async (req, reply) => {
    const { stream, filename } = await svc.versionCsv(ctxOf(req, db), req.params.id, Number(req.params.file.slice(0, -4)));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });
}
