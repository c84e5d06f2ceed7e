// SQL of datastore loads: the load rows (progress, result), problems, what is served now.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Problem } from './rows.ts';

type Q = Kysely<Database>;

export function findLoad(db: Q, id: number) {
  return db.selectFrom('datastore_loads').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertLoad(db: Q, l: { resourceId: string; tenantId: string; sourceUrl: string | null; fileId: string | null; createdBy: string }) {
  return db.insertInto('datastore_loads').values({ resource_id: l.resourceId, tenant_id: l.tenantId, source_url: l.sourceUrl, file_id: l.fileId, created_by: l.createdBy })
    .returning('id').executeTakeFirstOrThrow();
}

/** Marks the load running unless another load of the same resource runs (started within the
 *  job time limit): loads of one resource never overlap. Returns false when busy. */
export async function start(db: Q, id: number, resourceId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`datastore.load:${resourceId}`}))`.execute(trx);
    const busy = await trx.selectFrom('datastore_loads').select('id').where('resource_id', '=', resourceId).where('status', '=', 'running')
      .where('id', '<>', id).where('started_at', '>', sql<Date>`now() - interval '1 hour'`).executeTakeFirst();
    if (busy) return false;
    await trx.updateTable('datastore_loads').set({ status: 'running', phase: 'herunterladen', started_at: sql`now()`, error: null }).where('id', '=', id).execute();
    return true;
  });
}

export function progress(db: Q, id: number, p: { phase: string; rows?: number; bytes?: number; bytesTotal?: number; dialect?: unknown; checksum?: string; etag?: string | null; lastModified?: string | null }) {
  return db.updateTable('datastore_loads').set({
    phase: p.phase,
    ...(p.rows !== undefined && { rows_done: p.rows }),
    ...(p.bytes !== undefined && { bytes_done: p.bytes }),
    ...(p.bytesTotal !== undefined && { bytes_total: p.bytesTotal }),
    ...(p.dialect !== undefined && { dialect: JSON.stringify(p.dialect) }),
    ...(p.checksum !== undefined && { checksum: p.checksum, etag: p.etag ?? null, last_modified: p.lastModified ?? null }),
  }).where('id', '=', id).where('status', '=', 'running').execute();
}

export function finish(db: Q, id: number, r: { status: 'failed' | 'unchanged'; error?: string; checksum?: string | null; etag?: string | null; lastModified?: string | null }) {
  return db.updateTable('datastore_loads').set({
    status: r.status, phase: r.status === 'failed' ? 'fehlgeschlagen' : 'unverändert', error: r.error ?? null, finished_at: sql`now()`,
    ...(r.status === 'unchanged' && { checksum: r.checksum ?? null, etag: r.etag ?? null, last_modified: r.lastModified ?? null }),
  }).where('id', '=', id).execute();
}

/** The last load that produced or confirmed the served table: its checksum and HTTP validators. */
export function lastSucceeded(db: Q, resourceId: string) {
  return db.selectFrom('datastore_loads').select(['checksum', 'etag', 'last_modified as lastModified'])
    .where('resource_id', '=', resourceId).where('status', 'in', ['succeeded', 'unchanged']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function saveProblems(db: Q, loadId: number, problems: Problem[], total: number) {
  await db.deleteFrom('datastore_load_problems').where('load_id', '=', loadId).execute();
  for (let i = 0; i < problems.length; i += 500) {
    await db.insertInto('datastore_load_problems').values(problems.slice(i, i + 500).map((p) => ({
      load_id: loadId, row_number: p.row, column_name: p.column, value: p.value, reason: p.reason,
    }))).execute();
  }
  await db.updateTable('datastore_loads').set({ problem_count: total }).where('id', '=', loadId).execute();
}

export function loadsOf(db: Q, resourceId: string, limit: number) {
  return db.selectFrom('datastore_loads').selectAll().where('resource_id', '=', resourceId).orderBy('id', 'desc').limit(limit).execute();
}

export function problemsOf(db: Q, loadId: number, limit: number, offset: number) {
  return db.selectFrom('datastore_load_problems').select(['row_number', 'column_name', 'value', 'reason']).where('load_id', '=', loadId)
    .orderBy('row_number').limit(limit).offset(offset).execute();
}
