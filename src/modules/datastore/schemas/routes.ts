// /api/v1/cooperations/{slug}/schemas: common table schemas of a cooperation, the resources
// attached to them with their validation reports, and the merged view's rows and CSV export.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { toCsvLine } from '../query/csv.ts';
import { limitsOf } from '../query/ckan-actions.ts';
import { asProblem, type RowsQuery } from '../query/rows.ts';
import * as svc from './service.ts';
import * as att from './attachments.ts';
import { exportMergedCsv, readMergedRows, ROWS_MAX_SIZE } from './rows.ts';

const CoopParams = z.object({ slug: z.string().min(1).max(63) });
const SchemaParams = CoopParams.extend({ schema: z.string().min(1).max(63) });
const AttachmentParams = SchemaParams.extend({ resource_id: z.string().min(1).max(64) });
const Body = z.object({
  name: z.string().min(1).max(63).optional().describe('Kurzname (Kleinbuchstaben, Ziffern, Bindestriche); beim Anlegen Pflicht, danach fest'),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000).optional(),
  version: z.string().trim().min(1).max(40).describe('Version des Schemas, z. B. "1.0"; ein geändertes Schema braucht eine neue'),
  schema: z.unknown().describe('Frictionless Table Schema: fields (name, type, format, title, description, constraints: required, unique, minimum, maximum, minLength, maxLength, pattern, enum), primaryKey, missingValues'),
}).strict();
const AttachBody = z.object({ resource_id: z.string().min(1).max(64).describe('ID der Ressource mit Datastore-Tabelle') }).strict();
const RowsQuerySchema = z.object({
  _size: z.string().optional().describe(`Zeilen pro Seite, 1 … ${ROWS_MAX_SIZE} oder \`max\` (Standard 100)`),
  _offset: z.string().optional().describe('Zeilen überspringen (Blättern)'),
  _sort: z.string().optional(), _sort_desc: z.string().optional(), _search: z.string().optional(),
  _col: z.union([z.string(), z.array(z.string())]).optional(), _nocol: z.union([z.string(), z.array(z.string())]).optional(),
  _count: z.string().optional(), _shape: z.string().optional(),
}).catchall(z.union([z.string(), z.array(z.string())])).describe('Filter wie bei /api/v1/resources/{id}/rows: `spalte=wert` oder `spalte__op=wert`; zusätzlich die Spalten kommune, ars, resource_id');

const tags = ['Gemeinsame Schemas'];

export function registerSchemaRoutes(app: FastifyInstance, { db, jobs }: Pick<AppDeps, 'db' | 'jobs'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/cooperations/:slug/schemas';

  r.get(base, { schema: { tags, params: CoopParams, summary: 'Gemeinsame Tabellenschemas einer Kooperation' } }, async (req) => svc.listSchemas(ctxOf(req, db), req.params.slug));
  r.post(base, {
    schema: {
      tags, ...AUTHENTICATED, params: CoopParams, body: Body, summary: 'Schema anlegen (Administration einer Mitgliedskommune)',
      description: 'Prüft das Frictionless Table Schema; Fehler: 422 mit jedem Problem (Pfad und Feldname). Legt die gemeinsame Sicht `datastore."schema_<kooperation>_<name>"` an.',
    },
  }, async (req, reply) => reply.status(201).send(await svc.createSchema(ctxOf(req, db), jobs, req.params.slug, req.body)));
  r.get(`${base}/:schema`, { schema: { tags, params: SchemaParams, summary: 'Ein Schema mit den angehängten Ressourcen und ihren Prüfberichten', description: 'Ressourcen, deren Tabelle sich seit der letzten Prüfung geändert hat, werden dabei zur Prüfung eingereiht (Status pending).' } }, async (req) =>
    svc.getSchema(ctxOf(req, db), jobs, req.params.slug, req.params.schema));
  r.put(`${base}/:schema`, {
    schema: { tags, ...AUTHENTICATED, params: SchemaParams, body: Body, summary: 'Schema ersetzen (neue Version): alle Ressourcen werden neu geprüft',
      description: 'Baut die gemeinsame Sicht neu und setzt jede angehängte Ressource auf pending; die Prüfungen laufen als Hintergrund-Jobs. 400 auf einer Instanz ohne Job-Runner.' },
  }, async (req) => svc.updateSchema(ctxOf(req, db), jobs, req.params.slug, req.params.schema, req.body));
  r.delete(`${base}/:schema`, { schema: { tags, ...AUTHENTICATED, params: SchemaParams, summary: 'Schema löschen (mit Anhängen und gemeinsamer Sicht)' } }, async (req, reply) => {
    await svc.deleteSchema(ctxOf(req, db), req.params.slug, req.params.schema);
    return reply.status(204).send();
  });

  r.post(`${base}/:schema/resources`, {
    schema: {
      tags, ...AUTHENTICATED, params: SchemaParams, body: AttachBody, summary: 'Ressource anhängen und prüfen (Redaktion der Kommune; die Kommune muss Mitglied sein)',
      description: '202: angehängt mit Status `pending`; ein Hintergrund-Job prüft die Datastore-Tabelle gegen das Schema (Spalten, Typen, alle Einschränkungen über alle Zeilen) und speichert Status und Bericht (abrufbar mit GET des Schemas). Erneutes Anhängen prüft erneut. Auch eine nicht passende Ressource bleibt angehängt (Status invalid), erscheint aber nicht in der gemeinsamen Sicht. 400 auf einer Instanz ohne Job-Runner.',
    },
  }, async (req, reply) => reply.status(202).send(await att.attachResource(ctxOf(req, db), jobs, req.params.slug, req.params.schema, req.body.resource_id)));
  r.get(`${base}/:schema/attachable`, {
    schema: {
      tags, ...AUTHENTICATED, params: SchemaParams, summary: 'Ressourcen, die die angemeldete Person anhängen darf',
      description: `Die Ressourcen mit Datastore-Tabelle der Mitgliedskommunen, in denen sie Redaktion oder Administration ist (höchstens ${att.ATTACHABLE_MAX}), mit \`attached\`, ob sie schon angehängt sind.`,
    },
  }, async (req) => att.attachableResources(ctxOf(req, db), req.params.slug, req.params.schema));
  r.delete(`${base}/:schema/resources/:resource_id`, { schema: { tags, ...AUTHENTICATED, params: AttachmentParams, summary: 'Ressource abhängen' } }, async (req, reply) => {
    await att.detachResource(ctxOf(req, db), req.params.slug, req.params.schema, req.params.resource_id);
    return reply.status(204).send();
  });

  const rows = (csv: boolean) => async (req: { params: { slug: string; schema: string }; query: RowsQuery } & Parameters<typeof ctxOf>[0], reply: import('fastify').FastifyReply) => {
    let page;
    try {
      page = await readMergedRows(ctxOf(req, db), req.params.slug, req.params.schema, req.query, { timeoutMs: limitsOf(db).sqlTimeoutMs });
    } catch (e) {
      throw asProblem(e);
    }
    if (csv) {
      const lines = [toCsvLine(page.select.map((c) => c.id)), ...page.rows.map((x: unknown) => toCsvLine(Array.isArray(x) ? x : page.select.map((c) => (x as Record<string, unknown>)[c.id])))];
      return reply.type('text/csv; charset=utf-8').send(lines.join(''));
    }
    const { select: _s, ...body } = page;
    return body;
  };
  const rowsDoc = 'Die gemeinsame Sicht: alle passenden, öffentlichen Ressourcen der Mitgliedskommunen als eine Tabelle, mit den Spalten `kommune`, `ars` und `resource_id`. Filter, `_sort`/`_sort_desc`, `_size`, `_offset`, `_search`, `_col`/`_nocol` wie bei den Zeilen einer Ressource.';
  r.get(`${base}/:schema/rows`, { schema: { tags, params: SchemaParams, querystring: RowsQuerySchema, summary: 'Zeilen der gemeinsamen Sicht', description: rowsDoc } }, rows(false));
  r.get(`${base}/:schema/rows.csv`, { schema: { tags, params: SchemaParams, querystring: RowsQuerySchema, summary: 'Eine Seite der gemeinsamen Sicht als CSV', produces: ['text/csv'] } }, rows(true));
  r.get(`${base}/:schema/export.csv`, { schema: { tags, params: SchemaParams, summary: 'Die ganze gemeinsame Sicht als CSV, gestreamt', produces: ['text/csv'] } }, async (req, reply) => {
    const { stream, filename } = await exportMergedCsv(ctxOf(req, db), req.params.slug, req.params.schema);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });
}
