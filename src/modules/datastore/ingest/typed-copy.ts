// One pass over a file's bytes (ADR 0006): every column's type inferred from every value while
// the rows stream with COPY into the next version's typed table, created in the same
// transaction (COPY FREEZE: readers never have to touch the rows again). The pass writes with
// types given up front (predicted from the first megabyte, see load-session.ts) and commits only
// if the whole file kept to them; otherwise it rolls back and says what the columns really are.
// Nothing is served before load.ts swaps the finished table in.
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { FIELD_TYPES } from '../tables.ts';
import { ColumnInference, type Inferred } from './infer.ts';
import { columnWriter, CopyBuffer, type ColumnWriter } from './copy-out.ts';
import { cellDecoder, RowShaper, type Problem } from './rows.ts';
import { CsvScanner, MalformedCsv, type RawRow } from './scan.ts';
import type { Dialect } from './sniff.ts';
import { LoadFailed } from './source.ts';

const COPY_BUFFER = 8 << 20;

export type Loaded = { rows: number; inference: ColumnInference[]; kept: number[]; problems: Problem[]; problemCount: number; passes: 1 | 2 };
export type Input = { dialect: Dialect; table: string; onProgress: (rows: number, bytes: number) => void; signal?: AbortSignal };

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

  /** `onData` gets each data row, its number, and which of its columns are blank (1). */
  constructor(private readonly d: Dialect, onData: (row: RawRow, n: number, blank: Uint8Array) => void, infer: boolean) {
    const text = cellDecoder(d.encoding);
    this.inference = Array.from({ length: d.width }, () => new ColumnInference());
    const blank = new Uint8Array(d.width);
    this.shaper = new RowShaper(d.width, d.delimiter, text, (row) => {
      this.rows++;
      for (let i = 0; i < d.width; i++) blank[i] = i >= row.count || row.blank(i) ? 1 : 0;
      if (infer) {
        for (let i = 0; i < d.width; i++) {
          if (blank[i]) continue;
          const inf = this.inference[i]!;
          if (!inf.addShape(row.buf, row.start[i]!, row.end[i]!)) inf.add(text(row, i));
        }
      }
      onData(row, this.rows, blank);
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

/** Types from the first bytes of the file: the prediction the first pass writes with. */
export function predict(d: Dialect, head: Buffer): Inferred[] {
  const reader = new RowReader(d, () => undefined, true);
  reader.scanner.push(head);
  return reader.result();
}

export type PassResult = { ok: true; read: Omit<Loaded, 'passes'> } | { ok: false; final: Inferred[]; read: Omit<Loaded, 'passes'>; error?: Error };

/** One pass: the table created with `types` in a transaction, every row COPYed into it as the
 *  bytes are pushed; committed by finish() only if the whole file kept to the types. */
export class TypedPass {
  private readonly out = new CopyBuffer();
  private readonly reader: RowReader;
  private readonly table: string;
  private copy: ReturnType<typeof copyFrom> | undefined;
  private copyError: Error | undefined;
  private copyDone = false;
  private bytes = 0;

  constructor(private readonly client: pg.PoolClient, private readonly i: Input, private readonly types: Inferred[], private readonly infer: boolean, private readonly knownKept?: number[]) {
    const d = i.dialect;
    const text = cellDecoder(d.encoding);
    const writers: ColumnWriter[] = types.map((t) => columnWriter(t, text));
    const out = this.out;
    this.reader = new RowReader(d, (row, n, blank) => {
      // Room for the row: an _id, text escaped at most doubling it, a tab and \N per column.
      out.reserve(2 * (row.count ? row.end[row.count - 1]! - row.start[0]! : 0) + 24 + 3 * d.width);
      out.int(n);
      for (let c = 0; c < d.width; c++) {
        out.byte(0x09);
        if (blank[c]) out.null();
        else writers[c]!(out, row, c);
      }
      out.byte(0x0a);
    }, infer);
    this.table = `datastore_data.${q(i.table)}`;
  }

  async open(): Promise<void> {
    const d = this.i.dialect;
    await this.client.query('BEGIN');
    try {
      await this.client.query(`SET LOCAL datestyle = 'ISO, DMY'`);
      const cols = d.columns.map((c, k) => `${q(c.id)} ${FIELD_TYPES[this.types[k]!.type]}`);
      await this.client.query(`CREATE TABLE ${this.table} (_id bigint NOT NULL, ${cols.join(', ')})`);
      // A deep buffer lets the scan run ahead while PostgreSQL parses (no lockstep per chunk).
      this.copy = this.client.query(copyFrom(`COPY ${this.table} FROM STDIN WITH (FREEZE, ENCODING '${d.encoding === 'utf-8' ? 'UTF8' : 'WIN1252'}')`, { highWaterMark: COPY_BUFFER }));
      this.copy.on('error', (err: Error) => (this.copyError ??= err));
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  /** The next bytes of the file. Throws LoadFailed for broken quoting. */
  async push(chunk: Buffer): Promise<void> {
    if (this.i.signal?.aborted) return this.fail(new Error('Ladevorgang abgebrochen'));
    // The second pass stops at PostgreSQL's first refusal; the first reads on for the inference.
    if (this.copyError && !this.infer) return;
    this.bytes += chunk.length;
    try {
      this.reader.scanner.push(chunk);
    } catch (err) {
      return this.fail(err);
    }
    this.i.onProgress(this.reader.rows, this.bytes);
    if (this.copyError) this.out.len = 0;
    else if (this.out.len && !this.copy!.write(this.out.take())) await settled(this.copy!, 'drain');
  }

  async finish(): Promise<PassResult> {
    const { reader, client, table, i } = this;
    const d = i.dialect;
    try {
      reader.scanner.end();
      reader.shaper.finish();
    } catch (err) {
      return this.fail(err);
    }
    if (!this.copyError) {
      if (this.out.len) this.copy!.write(this.out.take());
      this.copy!.end();
      await settled(this.copy!, 'finish');
    }
    this.copyDone = true;
    const kept = this.knownKept ?? d.columns.map((_, k) => k).filter((k) => !noise(d, reader.inference, k));
    const read = { rows: reader.rows, inference: reader.inference, kept, problems: reader.shaper.problems, problemCount: reader.shaper.problemCount };
    const final = this.infer ? reader.result() : this.types;
    try {
      if (this.copyError || !final.every((t, k) => sameType(t, this.types[k]!))) {
        await client.query('ROLLBACK');
        return { ok: false, final, read, error: this.copyError && refusal(this.copyError) };
      }
      for (const k of d.columns.keys()) if (!kept.includes(k)) await client.query(`ALTER TABLE ${table} DROP COLUMN ${q(d.columns[k]!.id)}`);
      // _id: primary key, and the identity for rows pushed later (datastore_upsert) continues after the last.
      await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (_id)`);
      await client.query(`ALTER TABLE ${table} ALTER COLUMN _id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH ${reader.rows + 1})`);
      await client.query('COMMIT');
      return { ok: true, read };
    } catch (err) {
      return this.fail(err);
    }
  }

  /** Rolls back whatever this pass built (a COPY still open is failed first with CopyFail, or
   *  the connection would wait for it forever). */
  async abort(): Promise<void> {
    if (this.copy && !this.copyDone && !this.copyError) {
      const closed = settled(this.copy, 'close');
      this.copy.destroy();
      await closed;
    }
    this.copyDone = true;
    await this.client.query('ROLLBACK').catch(() => undefined);
  }

  private async fail(err: unknown): Promise<never> {
    await this.abort();
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
