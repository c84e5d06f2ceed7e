// Events from a CSV export, for source systems that cannot call an API: one event per row, the
// columns named like the JSON fields. A whole file is one batch (one transaction, counted once per
// batch id), so the JSON path's 1,000-event limit does not apply; MAX_CSV_ROWS does.
//
// Rows are named `rows.N` with N the data row (1 = first row under the header), counting blank
// rows and keeping a quoted cell with line breaks as one row — that is the row a spreadsheet shows
// as N + 1. Line numbers of the file would disagree with the spreadsheet as soon as a comment
// holds a line break.
import { parse } from 'csv-parse/sync';
import { AppError, BadRequest, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';

export const MAX_CSV_ROWS = 50_000;
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const CSV_COLUMNS = ['type', 'ars', 'service_key', 'online_service', 'form_version', 'day', 'channel', 'device', 'count', 'step', 'method', 'outcome', 'kind', 'bucket', 'rating', 'comment'] as const;
const NUMERIC = new Set(['count', 'step', 'rating']);

export const rowField = (i: number) => `rows.${i + 1}`;

/** Strict UTF-8: a Windows-1252 export would otherwise become "B\uFFFDrgerb\uFFFDro" and be
 *  counted under a name nobody sent. */
function utf8(body: Buffer | string): string {
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw BadRequest('CSV ist nicht UTF-8', [{ field: 'body', message: 'Datei als UTF-8 speichern (z. B. „CSV UTF-8“ im Tabellenprogramm); Windows-1252/ANSI wird nicht erraten' }]);
  }
}

/** `;` or `,`, whichever the header uses more (a German export uses `;`, a program `,`). */
function delimiterOf(text: string): string {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * The rows as event objects (empty cells left out, whole numbers as numbers), index i = data row
 * i + 1, and the problems of the file's shape (unknown or doubled columns → 422 at once; a row
 * with another number of cells than the header → an issue for that row, checked with the rest).
 * 400 for a file that is not CSV, 413 for more than MAX_CSV_ROWS rows.
 */
export function eventsFromCsv(body: Buffer | string): { events: (Record<string, unknown> | null)[]; issues: FieldIssue[] } {
  const text = utf8(body);
  let records: string[][];
  try {
    // Blank lines are kept (and skipped below) so that row numbers match the spreadsheet.
    records = parse(text, { bom: true, delimiter: delimiterOf(text), skip_empty_lines: false, trim: true, relax_column_count: true, to: MAX_CSV_ROWS + 2 });
  } catch (e) {
    throw BadRequest('CSV nicht lesbar', [{ field: 'body', message: (e as Error).message }]);
  }
  const [header, ...rows] = records;
  const isBlank = (r: string[]) => r.every((v) => v === '');
  if (!header || isBlank(header) || rows.every(isBlank)) throw BadRequest('CSV leer', [{ field: 'body', message: 'Kopfzeile und mindestens eine Zeile erwartet' }]);
  if (rows.length > MAX_CSV_ROWS) {
    throw new AppError(413, 'payload-too-large', 'CSV zu groß', `höchstens ${MAX_CSV_ROWS.toLocaleString('de-DE')} Zeilen je Datei; auf mehrere Stapel aufteilen`,
      [{ field: 'body', message: `mehr als ${MAX_CSV_ROWS.toLocaleString('de-DE')} Zeilen` }]);
  }

  const known = new Set<string>(CSV_COLUMNS);
  const cols = header.map((h) => h.toLowerCase());
  const headerIssues: FieldIssue[] = [];
  cols.forEach((c, k) => {
    // A trailing delimiter leaves an unnamed column; harmless while it stays empty.
    if (c === '') {
      if (rows.some((r) => (r[k] ?? '') !== '')) headerIssues.push({ field: `header.${k + 1}`, message: `Spalte ${k + 1} hat Werte, aber keinen Namen` });
    } else if (!known.has(c)) headerIssues.push({ field: `header.${c}`, message: `unbekannte Spalte; erlaubt: ${CSV_COLUMNS.join(', ')}` });
    else if (cols.indexOf(c) !== k) headerIssues.push({ field: `header.${c}`, message: 'Spalte doppelt' });
  });
  if (headerIssues.length) throw ValidationFailed(headerIssues);

  const issues: FieldIssue[] = [];
  const events = rows.map((row, i) => {
    if (isBlank(row)) return null;
    if (row.length !== cols.length) issues.push({ field: rowField(i), message: `${row.length} Zellen, die Kopfzeile hat ${cols.length} (Trennzeichen im Text? dann in Anführungszeichen)` });
    const e: Record<string, unknown> = {};
    cols.forEach((c, k) => {
      const v = row[k] ?? '';
      if (v === '' || c === '') return;
      e[c] = NUMERIC.has(c) && /^-?\d+$/.test(v) ? Number(v) : v;
    });
    return e;
  });
  return { events, issues };
}
