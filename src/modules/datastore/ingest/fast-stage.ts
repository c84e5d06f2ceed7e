// The fast way into the staging table for regular files (every data row as wide as the header,
// no empty lines in between): PostgreSQL's own CSV parser reads the bytes after the header
// (COPY … FORMAT csv), which is several times faster than parsing in JavaScript. Totals rows and
// rows without any value are then removed in SQL, and the column types are inferred from the
// staged text (COPY TO, tab-separated, no quoting to undo) with the same ColumnInference as the
// JavaScript path. Files COPY refuses (ragged rows, footers, stray bytes) return null, and the
// caller takes the JavaScript path (stage.ts), which handles them.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Db } from '../../../server/db/connect.ts';
import { poolOf } from '../../../server/db/connect.ts';
import { ColumnInference } from './infer.ts';
import type { Dialect } from './sniff.ts';
import { totalsLabel, type Problem, type Staged } from './stage.ts';

// COPY's complaints that mean "not regular enough for me": wrong field count, bad bytes.
const NOT_REGULAR = new Set(['22P04', '22021', '22P05', '0A000']);

/** Byte offset of the first data record (after titles and header rows). */
function dataOffset(head: Buffer, d: Dialect): number | null {
  try {
    const recs = parse(head, { delimiter: d.delimiter, info: true, relax_column_count: true, relax_quotes: true, bom: true, to: d.dataStart, encoding: d.encoding === 'utf-8' ? 'utf8' : 'latin1' }) as unknown as { info: { bytes: number } }[];
    return recs.length === d.dataStart ? recs.at(-1)!.info.bytes : null;
  } catch {
    return null;
  }
}

/** Undoes COPY text escaping (only called for values that contain a backslash). */
const unescape = (v: string) => v.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));

export async function fastStage(db: Db, staging: string, file: string, head: Buffer, d: Dialect, onProgress: (rows: number, bytes: number) => void): Promise<Staged | null> {
  const offset = dataOffset(head, d);
  if (offset === null) return null;
  const cols = Array.from({ length: d.width }, (_, i) => `c${i + 1}`);
  const table = sql.table(`datastore_staging.${staging}`);
  const colList = cols.map((c) => `"${c}"`).join(', ');
  const client = await poolOf(db).connect();
  try {
    let bytes = 0;
    const input = createReadStream(file, { start: offset, highWaterMark: 1 << 20 });
    input.on('data', (b) => {
      bytes += b.length;
      onProgress(0, offset + bytes);
    });
    await pipeline(input, client.query(copyFrom(
      `COPY datastore_staging."${staging}" (${colList}) FROM STDIN WITH (FORMAT csv, DELIMITER E'${d.delimiter === '\t' ? '\\t' : d.delimiter}', ENCODING '${d.encoding === 'utf-8' ? 'UTF8' : 'WIN1252'}', FORCE_NULL (${colList}))`,
    )));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && NOT_REGULAR.has(code)) {
      await sql`TRUNCATE ${table}`.execute(db);
      return null;
    }
    throw err;
  } finally {
    client.release();
  }

  // One pass over the staged text: types from every value, and what the JavaScript path sets
  // aside (totals rows, rows without any value), which is then deleted by _id.
  const problems: Problem[] = [];
  const drop: number[] = [];
  const inference = cols.map(() => new ColumnInference());
  let rows = 0;
  let rest = '';
  const utf8 = new StringDecoder('utf8'); // a character may span two chunks
  const reader = await poolOf(db).connect();
  try {
    await pipeline(reader.query(copyTo(`COPY (SELECT _id, ${colList} FROM datastore_staging."${staging}") TO STDOUT`)), new Writable({
      write(chunk: Buffer, _enc, cb) {
        const text = rest + utf8.write(chunk);
        const lines = text.split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const values = line.split('\t');
          const id = Number(values[0]);
          const cell = (k: number) => (values[k] === undefined || values[k] === '\\N' ? '' : values[k]!.trim());
          const totals = totalsLabel(cell(1), cell(2));
          if (totals) {
            drop.push(id);
            problems.push({ row: d.dataStart + id, column: null, value: totals, reason: 'Summenzeile nicht übernommen' });
            continue;
          }
          if (!cell(1) && !cell(2) && values.every((v, k) => k === 0 || v === '\\N' || v.trim() === '')) {
            drop.push(id);
            continue;
          }
          rows++;
          for (let i = 1; i < values.length; i++) {
            const v = values[i]!;
            if (v !== '\\N') inference[i - 1]!.add(v.includes('\\') ? unescape(v) : v);
          }
        }
        onProgress(rows, 0);
        cb();
      },
    }));
  } finally {
    reader.release();
  }
  if (drop.length) await sql`DELETE FROM ${table} WHERE _id = ANY(${drop})`.execute(db);
  return { rows, inference, problems, problemCount: problems.length };
}
