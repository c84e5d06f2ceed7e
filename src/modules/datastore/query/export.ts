// Streamed exports of whole tables: CSV by COPY … TO STDOUT, JSON and GeoJSON through a
// server-side cursor in batches. Nothing is buffered beyond one batch, whatever the table size.
import { Readable } from 'node:stream';
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import { readableTable } from '../access.ts';
import { columnsOf } from './model.ts';
import { geoColumns } from './rows.ts';
import * as repo from './repo.ts';

export type ExportFormat = 'csv' | 'json' | 'geojson';
export const EXPORT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8', geojson: 'application/geo+json; charset=utf-8' };

async function* framed(lines: AsyncGenerator<string[]>, open: string, close: string): AsyncGenerator<string> {
  let first = true;
  yield open;
  for await (const batch of lines) {
    if (!batch.length) continue;
    yield (first ? '\n' : ',\n') + batch.join(',\n');
    first = false;
  }
  yield `\n${close}\n`;
}

/** The table as a stream in `format`, plus a file name; 404 when not readable, 400 for GeoJSON without coordinates. */
export async function exportTable(ctx: Ctx, resourceId: string, format: ExportFormat): Promise<{ stream: Readable; filename: string }> {
  const { table } = await readableTable(ctx, resourceId);
  const columns = columnsOf(table.fields);
  const filename = `${table.resource_id}.${format}`;
  if (format === 'csv') return { stream: await repo.exportCsv(ctx.db, table.table_name, columns), filename };
  if (format === 'json') return { stream: Readable.from(framed(repo.cursorLines(ctx.db, repo.jsonRowsSql(table.table_name, columns)), '[', ']')), filename };
  const geo = geoColumns(columns);
  if (!geo) throw BadRequest('Diese Tabelle hat keine Koordinaten: keine Spalten mit Datenwörterbuch-Angabe geo lat und lon (Zahlen).', [{ field: 'format', message: 'no lat/lon columns' }]);
  const lines = repo.cursorLines(ctx.db, repo.geojsonRowsSql(table.table_name, columns, geo.lon, geo.lat));
  return { stream: Readable.from(framed(lines, '{"type":"FeatureCollection","features":[', ']}')), filename };
}
