// The file store: uploads streamed into PostgreSQL in chunks of 1 MiB and streamed back out,
// never a whole file in memory. Size and SHA-256 are computed while the bytes pass; the first
// bytes decide the media type (or refuse a program) before anything is written. See ADR 0004.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../../server/db/connect.ts';
import { AppError, NotFound } from '../../../server/http/errors.ts';
import * as repo from './repo.ts';
import { sniff } from './sniff.ts';
import { formatBytes } from './format-bytes.ts';

export { formatBytes };

export const CHUNK_BYTES = 1024 * 1024;
/** Pending (unclaimed) files older than this are removed by the cleanup job. */
export const PENDING_MAX_HOURS = 24;

export type StoredFile = { id: string; filename: string; contentType: string; size: number; sha256: string };

export const FileTooLarge = (maxBytes: number, field = 'upload') => {
  const message = `Die Datei ist größer als erlaubt (höchstens ${formatBytes(maxBytes)}).`;
  return new AppError(413, 'payload-too-large', 'Datei zu groß', message, [{ field, message, code: 'too_large' }]);
};
export const FileRefused = (reason: string, field = 'upload') =>
  new AppError(415, 'unsupported-media-type', 'Dateityp nicht erlaubt', reason, [{ field, message: reason, code: 'refused' }]);
export const FileEmpty = (field = 'upload') =>
  new AppError(400, 'bad-request', 'Leere Datei', 'Die Datei ist leer.', [{ field, message: 'Die Datei ist leer.', code: 'empty' }]);


/** The last path segment without control characters, at most 200 characters (extension kept). */
export function safeFilename(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const base = [...last].filter((c) => c > '\u001f' && c !== '\u007f' && c !== '"').join('').trim().replace(/^\.+/, '');
  if (!base) return 'datei';
  if (base.length <= 200) return base;
  const ext = /\.[A-Za-z0-9]{1,12}$/.exec(base)?.[0] ?? '';
  return base.slice(0, 200 - ext.length) + ext;
}

type Source = AsyncIterable<Buffer | Uint8Array | string>;

/**
 * Streams `source` into a new pending file. Refuses programs (415), files over `maxBytes` (413)
 * and empty files (400); a refused or failed upload leaves nothing behind. The caller claims
 * the file (claimFile) in the transaction that uses it, or deletes it.
 */
export async function storeFile(db: Db, source: Source, o: { filename: string; maxBytes: number; createdBy: string | null; field?: string }): Promise<StoredFile> {
  const filename = safeFilename(o.filename);
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let id: string | undefined;
  let contentType = 'application/octet-stream';

  const flush = async (final: boolean) => {
    while (bufferedBytes >= CHUNK_BYTES || (final && bufferedBytes > 0)) {
      const all = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered, bufferedBytes);
      if (id === undefined) {
        const s = sniff(all, filename);
        if (!s.ok) throw FileRefused(s.reason, o.field);
        contentType = s.contentType;
        id = randomUUID();
        await repo.insertFile(db, { id, filename, contentType, createdBy: o.createdBy });
      }
      const n = Math.min(CHUNK_BYTES, all.length);
      await repo.insertChunk(db, id, seq++, all.subarray(0, n));
      const rest = all.subarray(n);
      buffered = rest.length ? [Buffer.from(rest)] : [];
      bufferedBytes = rest.length;
    }
  };

  try {
    for await (const c of source) {
      const b = typeof c === 'string' ? Buffer.from(c) : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      size += b.length;
      if (size > o.maxBytes) throw FileTooLarge(o.maxBytes, o.field);
      hash.update(b);
      buffered.push(b);
      bufferedBytes += b.length;
      if (bufferedBytes >= CHUNK_BYTES) await flush(false);
    }
    await flush(true);
    if (id === undefined) throw FileEmpty(o.field);
    const sha256 = hash.digest('hex');
    await repo.finishFile(db, id, { size, chunkCount: seq, sha256 });
    return { id, filename, contentType, size, sha256 };
  } catch (err) {
    if (id !== undefined) await repo.deleteFile(db, id).catch(() => undefined);
    throw err;
  }
}

/** Keeps a pending file, in the caller's transaction; false if it was claimed or removed already. */
export function claimFile(db: Db, id: string, tenantId: string | null): Promise<boolean> {
  return repo.claimFile(db, id, tenantId);
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await repo.deleteFile(db, id);
}

export type FileMeta = NonNullable<Awaited<ReturnType<typeof repo.findFile>>>;

/** A stored (claimed) file's metadata, or 404. */
export async function storedFile(db: Db, id: string): Promise<FileMeta> {
  const f = await repo.findFile(db, id);
  if (!f || f.status !== 'stored') throw NotFound('Datei');
  return f;
}

/** The file's bytes, read one chunk at a time as the consumer asks for them. */
export function fileStream(db: Db, f: Pick<FileMeta, 'id' | 'chunk_count'>): Readable {
  async function* chunks() {
    for (let seq = 0; seq < f.chunk_count; seq++) {
      const c = await repo.chunk(db, f.id, seq);
      if (!c) throw new Error(`Datei ${f.id}: Teil ${seq} fehlt`);
      yield c.data;
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
}

/** Removes pending files nobody claimed (failed requests, crashes mid-upload). */
export async function cleanupPendingFiles(db: Db, hours = PENDING_MAX_HOURS): Promise<{ pendingFiles: number }> {
  const r = await repo.deletePendingOlderThan(db, hours);
  return { pendingFiles: Number(r.numDeletedRows) };
}
