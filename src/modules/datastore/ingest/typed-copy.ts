// The load itself (ADR 0006): one pass over the file that infers every column's type from every
// value and, at the same time, streams the rows with COPY into the next version's typed table,
// created in the same transaction (COPY FREEZE: readers never have to touch the rows again).
// The table's types are predicted from the first megabyte; if the whole file ends up deciding
// otherwise, the transaction is rolled back and a second pass writes the rows with the types the
// whole columns gave. Nothing is served before load.ts swaps the finished table in.
import { createReadStream } from 'node:fs';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { FIELD_TYPES } from '../tables.ts';
import { ColumnInference, type Inferred } from './infer.ts';
import { columnWriter, CopyBuffer, type ColumnWriter } from './copy-out.ts';
import { cellDecoder, RowShaper, type Problem } from './rows.ts';
import { CsvScanner, MalformedCsv, type RawRow } from './scan.ts';
import type { Dialect } from './sniff.ts';
import { LoadFailed } from './source.ts';

const SAMPLE_BYTES = 1 << 20;
const CHUNK = 1 << 20;

export type Loaded = { rows: number; inference: ColumnInference[]; kept: number[]; problems: Problem[]; problemCount: number; passes: 1 | 2 };
type Input = { file: string; dialect: Dialect; table: string; onProgress: (rows: number, bytes: number) => void; signal?: AbortSignal };

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const sameType = (a: Inferred, b: Inferred) => a.type === b.type && (a.type === 'text' || (a.numberStyle === b.numberStyle && a.dateStyle === b.dateStyle));
/** Columns without a name and without a single value (a trailing ";" on every line) are noise. */
const noise = (d: Dialect, inf: ColumnInference[], i: number) => inf[i]!.values === 0 && /^spalte_\d+$/.test(d.columns[i]!.id);

/** Resolves when the stream emits `event` or fails (the failure is recorded by its error handler). */
function settled(stream: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      stream.off('error', done);
      resolve();
    };
    stream.on(event, done);
    stream.on('error', done);
  });
}

/** Rows of the file below its header: scanned, shaped, each column's values fed to its inference. */
class RowReader {
  readonly inference: ColumnInference[];
  readonly shaper: RowShaper;
  readonly scanner: CsvScanner;
  rows = 0;

  constructor(private readonly d: Dialect, onData: (row: RawRow, n: number) => void, infer: boolean) {
    const text = cellDecoder(d.encoding);
    this.inference = Array.from({ length: d.width }, () => new ColumnInference());
    const feed = (row: RawRow) => {
      for (let i = 0; i < d.width && i < row.count; i++) {
        if (!row.blank(i)) this.inference[i]!.addBytes(row.buf, row.start[i]!, row.end[i]!, () => text(row, i));
      }
    };
    this.shaper = new RowShaper(d.width, d.delimiter, text, (row) => {
      this.rows++;
      if (infer) feed(row);
      onData(row, this.rows);
    });
    // Titles and header rows are records too (the sniffer counted them the same way).
    this.scanner = new CsvScanner(d.delimiter.charCodeAt(0), (row) => {
      if (this.scanner.records > d.dataStart) this.shaper.accept(row, this.scanner.records);
    });
  }

  result(): Inferred[] {
    return this.inference.map((c) => c.result(this.d.delimiter));
  }
}

/** Types from the first megabyte: the prediction the first pass writes with. */
async function predict(i: Input): Promise<Inferred[]> {
  const reader = new RowReader(i.dialect, () => undefined, true);
  for await (const chunk of createReadStream(i.file, { end: SAMPLE_BYTES - 1 })) reader.scanner.push(chunk as Buffer);
  return reader.result();
}

export async function loadTyped(client: pg.PoolClient, i: Input): Promise<Loaded> {
  const predicted = await predict(i);
  const first = await pass(client, i, predicted, true);
  if (first.ok) return { ...first.read, passes: 1 };
  const second = await pass(client, i, first.final, false, first.read.kept);
  if (!second.ok) throw second.error ?? new Error('Typen nach dem zweiten Durchgang abweichend');
  return { ...first.read, passes: 2 };
}

type PassResult = { ok: true; read: Omit<Loaded, 'passes'> } | { ok: false; final: Inferred[]; read: Omit<Loaded, 'passes'>; error?: Error };

/** One pass: create the table with `types`, COPY every row; commit only if the types hold. */
async function pass(client: pg.PoolClient, i: Input, types: Inferred[], infer: boolean, knownKept?: number[]): Promise<PassResult> {
  const d = i.dialect;
  const text = cellDecoder(d.encoding);
  const writers: ColumnWriter[] = types.map((t) => columnWriter(t, text));
  const out = new CopyBuffer();
  const reader = new RowReader(d, (row, n) => {
    out.int(n);
    for (let c = 0; c < d.width; c++) {
      out.byte(0x09);
      if (c >= row.count || row.blank(c)) out.null();
      else writers[c]!(out, row, c);
    }
    out.byte(0x0a);
  }, infer);

  const table = `datastore_data.${q(i.table)}`;
  await client.query('BEGIN');
  let copyError: Error | undefined;
  let copy: ReturnType<typeof copyFrom> | undefined;
  let copyDone = false;
  try {
    await client.query(`SET LOCAL datestyle = 'ISO, DMY'`);
    const cols = d.columns.map((c, k) => `${q(c.id)} ${FIELD_TYPES[types[k]!.type]}`);
    await client.query(`CREATE TABLE ${table} (_id bigint NOT NULL, ${cols.join(', ')})`);
    copy = client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FREEZE, ENCODING '${d.encoding === 'utf-8' ? 'UTF8' : 'WIN1252'}')`));
    copy.on('error', (err: Error) => (copyError ??= err));
    let bytes = 0;
    for await (const chunk of createReadStream(i.file, { highWaterMark: CHUNK })) {
      if (i.signal?.aborted) throw new Error('Ladevorgang abgebrochen');
      bytes += (chunk as Buffer).length;
      reader.scanner.push(chunk as Buffer);
      i.onProgress(reader.rows, bytes);
      // The prediction failed (PostgreSQL refused a value): only the inference goes on.
      if (copyError && !infer) break;
      if (!copyError && out.len && !copy.write(out.take())) await settled(copy, 'drain');
      if (copyError) out.len = 0;
    }
    reader.scanner.end();
    reader.shaper.finish();
    if (!copyError) {
      if (out.len) copy.write(out.take());
      copy.end();
      await settled(copy, 'finish');
    }
    copyDone = true;
    const read = { rows: reader.rows, inference: reader.inference, kept: knownKept ?? d.columns.map((_, k) => k).filter((k) => !noise(d, reader.inference, k)), problems: reader.shaper.problems, problemCount: reader.shaper.problemCount };
    const final = infer ? reader.result() : types;
    if (copyError || !final.every((t, k) => sameType(t, types[k]!))) {
      await client.query('ROLLBACK');
      return { ok: false, final, read, error: copyError && refusal(copyError) };
    }
    for (const k of d.columns.keys()) if (!read.kept.includes(k)) await client.query(`ALTER TABLE ${table} DROP COLUMN ${q(d.columns[k]!.id)}`);
    // _id: primary key, and the identity for rows pushed later (datastore_upsert) continues after the last.
    await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (_id)`);
    await client.query(`ALTER TABLE ${table} ALTER COLUMN _id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH ${reader.rows + 1})`);
    await client.query('COMMIT');
    return { ok: true, read };
  } catch (err) {
    // A COPY still open is failed first (CopyFail), or the connection would wait for it forever.
    if (copy && !copyDone && !copyError) {
      const closed = settled(copy, 'close');
      copy.destroy();
      await closed;
    }
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof MalformedCsv) throw new LoadFailed(`CSV nicht lesbar: ${err.message}`);
    throw refusal(err as Error);
  }
}

/** PostgreSQL's complaint about the bytes, in the load's words. */
function refusal(err: Error): Error {
  const code = (err as { code?: string }).code;
  if (code === '22021') return new LoadFailed('Die Datei ist nicht durchgehend UTF-8 kodiert (gemischte Kodierung)');
  return err;
}
