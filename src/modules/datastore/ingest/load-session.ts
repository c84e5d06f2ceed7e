// A load that starts while the file is still arriving: the first megabyte is held back to
// detect the dialect and predict the column types, then every further chunk goes straight
// through the typed pass (typed-copy.ts), so reading, inferring and COPY run alongside the
// download and a load ends about when its download does. If the whole file disagrees with the
// prediction, the second pass reads the downloaded temporary file.
//
// The cost: the load's transaction (and one connection) stays open while the download runs.
import { createReadStream } from 'node:fs';
import type pg from 'pg';
import { sniff, type Dialect } from './sniff.ts';
import { LoadFailed } from './source.ts';
import { predict, TypedPass, type Input, type Loaded } from './typed-copy.ts';

const SNIFF_BYTES = 256 * 1024;
const PREDICT_BYTES = 1 << 20;
const BATCH_BYTES = 1 << 20;

type Options = Omit<Input, 'dialect'> & { onDialect: (d: Dialect) => Promise<void> };

export class LoadSession {
  dialect: Dialect | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private first: TypedPass | undefined;

  constructor(private readonly client: pg.PoolClient, private readonly o: Options) {}

  private batch: Buffer[] = [];
  private batchBytes = 0;

  /** The next chunk of the file as it arrives. Network chunks (often 64 KiB) are gathered to
   *  about a megabyte first: the pass's cost per chunk (COPY write, progress) is then paid 16×
   *  less often. */
  async push(chunk: Buffer): Promise<void> {
    if (this.first) {
      this.batch.push(chunk);
      this.batchBytes += chunk.length;
      if (this.batchBytes >= BATCH_BYTES) await this.flush();
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= PREDICT_BYTES) await this.start();
  }

  private async flush(): Promise<void> {
    if (!this.batchBytes) return;
    const bytes = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    await this.first!.push(bytes);
  }

  private async start(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    const dialect = sniff(head.subarray(0, SNIFF_BYTES));
    this.dialect = dialect;
    await this.o.onDialect(dialect);
    const pass = new TypedPass(this.client, { ...this.o, dialect }, predict(dialect, head), true);
    await pass.open();
    this.first = pass;
    await pass.push(head);
  }

  /** After the download: the loaded rows, or a second pass over `file` with the real types. */
  async finish(file: string): Promise<Loaded> {
    if (!this.first) {
      if (this.headBytes === 0) throw new LoadFailed('Die Datei ist leer');
      await this.start();
    }
    await this.flush();
    const first = await this.first!.finish();
    if (first.ok) return { ...first.read, passes: 1 };
    const second = new TypedPass(this.client, { ...this.o, dialect: this.dialect! }, first.final, false, first.read.kept);
    await second.open();
    for await (const chunk of createReadStream(file, { highWaterMark: PREDICT_BYTES })) await second.push(chunk as Buffer);
    const result = await second.finish();
    if (!result.ok) throw result.error ?? new Error('Spaltentypen im zweiten Durchgang abweichend');
    return { ...first.read, passes: 2 };
  }

  /** The download failed or brought nothing new: nothing built stays. */
  async abort(): Promise<void> {
    await this.first?.abort();
  }
}
