// Push publishing's HTTP side: the CKAN actions (datastore_create/upsert/delete) and the data
// dictionary API /api/v1/resources/{id}/datastore/fields (labels, notes, units, retyping).
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { problemBody } from '../../../server/http/errors.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { registerPushActions } from './actions.ts';
import { configurePush } from './settings.ts';
import { getFields, patchFields, RetypeFailed } from './dictionary.ts';

const ResourceParams = z.object({ id: z.string().uuid() });
const Text = z.string().max(2000).nullable().optional();
const Info = z.object({
  label: Text.describe('Beschriftung der Spalte'), notes: Text.describe('Beschreibung'), unit: Text.describe('Einheit, z. B. "Stellplätze" oder "µg/m³"'),
  geo: z.enum(['lat', 'lon']).nullable().optional().describe('Breiten-/Längengrad (für Karten)'),
}).strict();
const FieldsBody = z.object({
  fields: z.array(z.object({
    id: z.string().min(1).max(63),
    type: z.string().min(1).max(40).optional().describe('neuer Typ: text, int, numeric, date, timestamp, bool, json (auch int4, float8, varchar …)'),
    info: Info.optional().describe('nur die genannten Einträge ändern sich; null oder "" entfernt einen'),
  }).strict()).min(1).max(1000),
}).strict();
const FieldsOut = z.object({
  resource_id: z.string(), version: z.number(), source: z.enum(['load', 'push']), primary_key: z.array(z.string()), row_count: z.number(), updated_at: z.string(),
  fields: z.array(z.object({ id: z.string(), type: z.string(), info: z.object({ label: z.string().optional(), notes: z.string().optional(), unit: z.string().optional(), geo: z.enum(['lat', 'lon']).optional() }) })),
});
const Unconvertible = z.object({
  type: z.string(), title: z.string(), status: z.number(), detail: z.string(), instance: z.string(), requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  rows: z.array(z.object({ field: z.string(), to: z.string(), _id: z.number(), value: z.string().nullable() })).describe('bis zu 20 Zeilen, deren Wert sich nicht umwandeln lässt'),
});

export function registerPushRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  configurePush(db, deps.config);
  registerPushActions();
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Datastore'];
  r.get('/api/v1/resources/:id/datastore/fields', {
    schema: { tags, summary: 'Datenwörterbuch einer Datastore-Tabelle: Spalten, Typen, Beschriftungen, Beschreibungen, Einheiten', params: ResourceParams, response: { 200: FieldsOut } },
  }, async (req) => getFields(ctxOf(req, db), req.params.id));
  r.patch('/api/v1/resources/:id/datastore/fields', {
    schema: {
      tags, ...AUTHENTICATED, params: ResourceParams, body: FieldsBody, response: { 200: FieldsOut, 409: Unconvertible },
      summary: 'Datenwörterbuch ändern und Spalten umtypisieren (Redaktion der Kommune)',
      description: 'Beschriftungen, Beschreibungen und Einheiten ändern nur das Wörterbuch. Ein neuer `type` baut die nächste Version der Tabelle (CREATE TABLE … AS SELECT mit Umwandlung) und schaltet sie in einer Transaktion um. Lassen sich Werte nicht umwandeln: 409, `rows` nennt bis zu 20 davon (`_id`, Wert), und nichts ändert sich.',
    },
  }, async (req, reply) => {
    try {
      return await patchFields(ctxOf(req, db), req.params.id, req.body.fields);
    } catch (e) {
      if (!(e instanceof RetypeFailed)) throw e;
      return reply.status(409).type('application/problem+json').send({ ...problemBody(req, 409, e.type, e.title, e.message, e.issues), rows: e.rows });
    }
  });
}
