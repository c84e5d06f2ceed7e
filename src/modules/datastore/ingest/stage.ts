// Streams a CSV file into an all-text staging table with COPY, one pass: decode, parse, skip
// titles/headers, set aside empty lines, totals rows and trailing footer text, note ragged rows,
// and feed every value to the column type inference. Memory stays flat whatever the file size.
import { createReadStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { ColumnInference } from './infer.ts';
import type { Dialect } from './sniff.ts';
import { LoadFailed } from './source.ts';

export type Problem = { row: number; column: string | null; value: string | null; reason: string };
export type Staged = { rows: number; inference: ColumnInference[]; problems: Problem[]; problemCount: number };

const MAX_PROBLEMS = 1000;
const TOTALS = /^(gesamt|summe|insgesamt|total|gesamtergebnis|zusammen)$/i;

/** A totals row ("Gesamt", "Summe" …) by the first non-empty of its first two cells, which both
 *  readers set aside; the length check keeps the regex off almost every row. */
export function totalsLabel(first: string, second: string): string | undefined {
  const v = first.trim() || second.trim();
  return v.length >= 5 && v.length <= 14 && TOTALS.test(v) ? v : undefined;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const copyValue = (v: string) => (v === '' ? '\\N' : !NEEDS_ESCAPE.test(v) ? v : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

export async function stageFile(client: pg.PoolClient, table: string, file: string, d: Dialect, onProgress: (rows: number, bytes: number) => void, signal?: AbortSignal): Promise<Staged> {
  const width = d.width;
  const inference = Array.from({ length: width }, () => new ColumnInference());
  const problems: Problem[] = [];
  let problemCount = 0;
  const problem = (p: Problem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let record = 0; // records read, titles and headers included
  let rows = 0; // rows staged
  let bytes = 0;
  let held: { row: number; cells: string[] }[] = []; // one-cell lines: footer if nothing follows
  let out: string[] = [];

  const copy = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  let copyError: Error | undefined;
  copy.on('error', (err) => (copyError = err));
  const emit = (line: number, cells: string[]) => {
    if (cells.length > width) {
      const extra = cells.slice(width);
      if (extra.some((c) => c.trim() !== '')) problem({ row: line, column: null, value: extra.join(d.delimiter).slice(0, 200), reason: `${cells.length} statt ${width} Felder: überzählige Felder verworfen` });
      cells = cells.slice(0, width);
    } else if (cells.length < width) {
      problem({ row: line, column: null, value: null, reason: `${cells.length} statt ${width} Felder: fehlende Felder leer gelassen` });
    }
    const totals = totalsLabel(cells[0] ?? '', cells[1] ?? '');
    if (totals) {
      problem({ row: line, column: null, value: totals, reason: 'Summenzeile nicht übernommen' });
      return;
    }
    rows++;
    const values = new Array<string>(width + 1);
    values[0] = String(rows);
    for (let i = 0; i < width; i++) {
      const v = cells[i] ?? '';
      inference[i]!.add(v);
      values[i + 1] = copyValue(v.trim() === '' ? '' : v);
    }
    out.push(values.join('\t'));
  };

  const sink = new Writable({
    objectMode: true,
    highWaterMark: 64,
    write(cells: string[], _enc, cb) {
      if (copyError) return cb(copyError);
      record++;
      if (record <= d.dataStart) return cb();
      const filled = filledUpTo2(cells);
      if (filled === 0) return cb(); // empty line
      if (filled === 1 && width > 2 && cells.length <= 2) {
        held.push({ row: record, cells });
        return cb();
      }
      for (const h of held) emit(h.row, h.cells);
      held = [];
      emit(record, cells);
      if (out.length >= 2000) {
        const chunk = `${out.join('\n')}\n`;
        out = [];
        onProgress(rows, bytes);
        if (!copy.write(chunk)) return copy.once('drain', () => cb());
      }
      cb();
    },
    final(cb) {
      if (held.length) {
        problemCount++;
        problems.push({ row: held[0]!.row, column: null, value: held.map((h) => h.cells.join(' ').trim()).join(' ').slice(0, 200), reason: `${held.length} Zeilen Fußnoten/Quellenangabe am Ende nicht übernommen` });
      }
      if (out.length) copy.write(`${out.join('\n')}\n`);
      copy.end();
      copy.once('finish', () => cb());
      copy.once('error', cb);
    },
  });

  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  input.on('data', (b) => (bytes += b.length));
  const decoder = decoding(d.encoding);
  const parser = parse({ delimiter: d.delimiter, relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false });
  try {
    await pipeline(input, decoder, parser, sink, { signal });
  } catch (err) {
    copy.destroy();
    if (err instanceof TypeError && /decod|encod|invalid/i.test(err.message)) throw new LoadFailed('Die Datei ist nicht durchgehend UTF-8 kodiert (gemischte Kodierung)');
    if ((err as { code?: string }).code?.startsWith('CSV_')) throw new LoadFailed(`CSV nicht lesbar ab Datensatz ${record + 1}: ${(err as Error).message}`);
    throw err;
  }
  onProgress(rows, bytes);
  return { rows, inference, problems, problemCount };
}

/** Bytes to text; UTF-8 strictly (a stray Latin-1 byte fails the load instead of becoming "�"). */
function decoding(encoding: Dialect['encoding']): Transform {
  const dec = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        cb(null, dec.decode(chunk, { stream: true }));
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb) {
      try {
        cb(null, dec.decode());
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}

/** How many cells have content, counting only to 2 (all the row checks need; no allocation). */
function filledUpTo2(cells: string[]): number {
  let n = 0;
  for (let i = 0; i < cells.length && n < 2; i++) if (cells[i]!.length && cells[i]!.trim() !== '') n++;
  return n;
}
