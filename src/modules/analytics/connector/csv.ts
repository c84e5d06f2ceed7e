// Events from a CSV export, for source systems that cannot call an API: one event per row, the
// columns named like the JSON fields. A whole file is one batch (one transaction, counted once per
// batch id), so the JSON path's 1,000-event limit does not apply; MAX_CSV_ROWS does.
import { parse } from 'csv-parse/sync';
import { BadRequest, ValidationFailed } from '../../../server/http/errors.ts';

export const MAX_CSV_ROWS = 50_000;
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const CSV_COLUMNS = ['type', 'ars', 'service_key', 'online_service', 'form_version', 'day', 'channel', 'device', 'count', 'step', 'method', 'outcome', 'kind', 'bucket', 'rating', 'comment'] as const;
const NUMERIC = new Set(['count', 'step', 'rating']);

/** The rows as event objects (empty cells left out, numbers as numbers); 400/422 for a file that
 *  is not a table of known columns. */
export function eventsFromCsv(text: string): unknown[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: false, to: MAX_CSV_ROWS + 2 });
  } catch (e) {
    throw BadRequest('CSV nicht lesbar', [{ field: 'body', message: (e as Error).message }]);
  }
  const [header, ...rows] = records;
  if (!header || !rows.length) throw BadRequest('CSV leer', [{ field: 'body', message: 'Kopfzeile und mindestens eine Zeile erwartet' }]);
  if (rows.length > MAX_CSV_ROWS) throw BadRequest('CSV zu groß', [{ field: 'body', message: `höchstens ${MAX_CSV_ROWS.toLocaleString('de-DE')} Zeilen je Datei; auf mehrere Stapel aufteilen` }]);
  const known = new Set<string>(CSV_COLUMNS);
  const cols = header.map((h) => h.toLowerCase());
  const bad = cols.filter((c) => !known.has(c)).map((c) => ({ field: `header.${c}`, message: `unbekannte Spalte; erlaubt: ${CSV_COLUMNS.join(', ')}` }));
  const twice = cols.filter((c, i) => cols.indexOf(c) !== i).map((c) => ({ field: `header.${c}`, message: 'Spalte doppelt' }));
  if (bad.length || twice.length) throw ValidationFailed([...bad, ...twice]);
  return rows.map((row) => {
    const e: Record<string, unknown> = {};
    row.forEach((v, i) => {
      if (v === '') return;
      const c = cols[i]!;
      e[c] = NUMERIC.has(c) && /^-?\d+$/.test(v) ? Number(v) : v;
    });
    return e;
  });
}
