// SQL of the file store: one short statement per function.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

export function insertFile(db: Q, f: { id: string; filename: string; contentType: string; createdBy: string | null }) {
  return db.insertInto('core_files').values({ id: f.id, filename: f.filename, content_type: f.contentType, created_by: f.createdBy }).execute();
}

export function insertChunk(db: Q, fileId: string, seq: number, data: Buffer) {
  return db.insertInto('core_file_chunks').values({ file_id: fileId, seq, data }).execute();
}

export function finishFile(db: Q, id: string, f: { size: number; chunkCount: number; sha256: string }) {
  return db.updateTable('core_files').set({ size: f.size, chunk_count: f.chunkCount, sha256: f.sha256 }).where('id', '=', id).execute();
}

export function findFile(db: Q, id: string) {
  return db
    .selectFrom('core_files')
    .select(['id', 'tenant_id', 'filename', 'content_type', 'size', 'chunk_count', 'sha256', 'status', 'created_at', 'stored_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function chunk(db: Q, fileId: string, seq: number) {
  return db.selectFrom('core_file_chunks').select('data').where('file_id', '=', fileId).where('seq', '=', seq).executeTakeFirst();
}

/** Marks a pending file as kept; false when it is gone or was claimed before. */
export async function claimFile(db: Q, id: string, tenantId: string | null): Promise<boolean> {
  const r = await db
    .updateTable('core_files')
    .set({ status: 'stored', tenant_id: tenantId, stored_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('sha256', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function deleteFile(db: Q, id: string) {
  return db.deleteFrom('core_files').where('id', '=', id).execute();
}

export function deletePendingOlderThan(db: Q, hours: number) {
  return db
    .deleteFrom('core_files')
    .where('status', '=', 'pending')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .executeTakeFirst();
}
