// GET /api/v1/resources/{id}/rows(.json|.csv|.geojson): a page of rows, Datasette style;
// GET /api/v1/resources/{id}/export.(csv|json|geojson): the whole table, streamed.
import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { toCsvLine } from './csv.ts';
import { exportTable, EXPORT_TYPES, type ExportFormat } from './export.ts';
import { limitsOf } from './ckan-actions.ts';
import { asProblem, readRows, ROWS_MAX_SIZE, type RowsFormat, type RowsQuery } from './rows.ts';

const Params = z.object({ id: z.string().uuid().describe('ID der Ressource') });
const Field = z.object({ id: z.string(), type: z.string(), info: z.unknown().optional() });
const RowsPage = z.object({
  resource_id: z.string(),
  fields: z.array(Field),
  rows: z.array(z.unknown()).describe('Zeilen als Objekte (oder Listen mit `_shape=arrays`)'),
  total: z.number().nullable().describe('Zeilen, die auf die Filter passen (null mit `_count=0`)'),
  next: z.string().nullable().describe('Token für die nächste Seite (`_next`), null auf der letzten'),
  next_url: z.string().nullable(),
  facets: z.record(z.string(), z.object({ values: z.array(z.object({ value: z.unknown(), count: z.number() })), truncated: z.boolean() })).optional(),
});
const Query = z.object({
  _size: z.string().optional().describe(`Zeilen pro Seite, 1 … ${ROWS_MAX_SIZE} oder \`max\` (Standard 100)`),
  _sort: z.string().optional().describe('aufsteigend sortieren nach Spalte'),
  _sort_desc: z.string().optional().describe('absteigend sortieren nach Spalte'),
  _next: z.string().optional().describe('Token der nächsten Seite aus `next`'),
  _facet: z.union([z.string(), z.array(z.string())]).optional().describe('Werte und Anzahlen einer Spalte (wiederholbar)'),
  _facet_size: z.string().optional().describe('Werte je Facette, 1 … 100 (Standard 30)'),
  _search: z.string().optional().describe('Volltextsuche über alle Spalten (deutsche Wortstämme)'),
  _col: z.union([z.string(), z.array(z.string())]).optional().describe('nur diese Spalten (`_id` immer)'),
  _nocol: z.union([z.string(), z.array(z.string())]).optional().describe('ohne diese Spalten'),
  _count: z.string().optional().describe('`0`: keine Gesamtzahl zählen'),
  _shape: z.string().optional().describe('`objects` (Standard) oder `arrays`'),
}).catchall(z.union([z.string(), z.array(z.string())])).describe('Filter: `spalte=wert` oder `spalte__op=wert` mit op exact, not, gt, gte, lt, lte, in, notin (Komma-Liste oder JSON-Liste), contains, startswith, endswith, isnull, notnull, isblank, notblank');

const TAGS = ['Datastore'];

export function registerRowsRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const rows = (format: RowsFormat) => async (req: { params: { id: string }; query: RowsQuery; url: string } & Parameters<typeof ctxOf>[0], reply: FastifyReply) => {
    let page;
    try {
      page = await readRows(ctxOf(req, db), req.params.id, req.query, { timeoutMs: limitsOf(db).sqlTimeoutMs, format });
    } catch (e) {
      throw asProblem(e);
    }
    let nextUrl: string | null = null;
    if (page.next) {
      const u = new URL(req.url, 'http://x');
      u.searchParams.set('_next', page.next);
      nextUrl = `${u.pathname}${u.search}`;
      reply.header('link', `<${nextUrl}>; rel="next"`);
    }
    if (format === 'csv') {
      const lines = [toCsvLine(page.select.map((c) => c.id)), ...(page.rows as unknown[][]).map((x) => toCsvLine(x))];
      return reply.type('text/csv; charset=utf-8').send(lines.join(''));
    }
    if (format === 'geojson') {
      const { lat, lon } = page.geo!;
      const features = (page.rows as Record<string, unknown>[]).map((row) => ({
        type: 'Feature', id: row._id,
        geometry: row[lat.id] === null || row[lon.id] === null ? null : { type: 'Point', coordinates: [row[lon.id], row[lat.id]] },
        properties: row,
      }));
      return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify({ type: 'FeatureCollection', features, total: page.total, next: page.next, next_url: nextUrl }));
    }
    const { select: _s, geo: _g, ...body } = page;
    return { ...body, next_url: nextUrl };
  };

  const common = { tags: TAGS, params: Params, querystring: Query };
  r.get('/api/v1/resources/:id/rows', {
    schema: {
      ...common, summary: 'Zeilen einer Datastore-Tabelle: filtern, sortieren, blättern, Facetten',
      description: 'Datasette-artig: `spalte__op=wert`-Filter, `_sort`/`_sort_desc`, `_size`, `_next` (undurchsichtiges Token: Sortierwert + `_id`), `_facet`, `_search`, `_col`/`_nocol`. Unbekannte Spalten oder ungültige Werte: 400 mit dem Parameter. Private Datensätze nur für Mitglieder.',
      response: { 200: RowsPage },
    },
  }, rows('json'));
  r.get('/api/v1/resources/:id/rows.json', { schema: { ...common, summary: 'Zeilen als JSON (wie /rows)', response: { 200: RowsPage } } }, rows('json'));
  r.get('/api/v1/resources/:id/rows.csv', { schema: { ...common, summary: 'Eine Seite Zeilen als CSV mit Kopfzeile; nächste Seite im Link-Header', produces: ['text/csv'] } }, rows('csv'));
  r.get('/api/v1/resources/:id/rows.geojson', { schema: { ...common, summary: 'Eine Seite Zeilen als GeoJSON (Punkte aus den Spalten mit geo lat/lon, sonst 400)', produces: ['application/geo+json'] } }, rows('geojson'));

  for (const format of ['csv', 'json', 'geojson'] as ExportFormat[]) {
    r.get(`/api/v1/resources/:id/export.${format}`, {
      schema: {
        tags: TAGS, params: Params, produces: [EXPORT_TYPES[format].split(';')[0]!],
        summary: `Ganze Tabelle als ${format.toUpperCase()}, gestreamt`,
        description: format === 'geojson' ? 'FeatureCollection mit Punkten aus den Spalten mit geo lat/lon (sonst 400), alle Spalten als properties.' : format === 'csv' ? 'Mit Kopfzeile, RFC 4180, UTF-8, sortiert nach `_id`; per COPY gestreamt.' : 'Liste von Objekten, sortiert nach `_id`; über einen Cursor gestreamt.',
      },
    }, async (req, reply) => {
      const { stream, filename } = await exportTable(ctxOf(req, db), req.params.id, format);
      return reply.type(EXPORT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}"`).send(stream);
    });
  }
}
