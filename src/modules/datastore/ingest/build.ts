// The atomic swap that makes a loaded version table the one served (ADR 0005), and cleaning up
// after a load that failed.
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { Field } from '../tables.ts';
import { lockTable, swapInVersion } from '../push/tables-sql.ts';

/** In one transaction, waiting for writes in progress: the view points at the new version, the
 *  bookkeeping says so, the load is done. The previous version's table stays (versions, retention). */
export async function swapIn(db: Db, o: { resourceId: string; tenantId: string; table: string; version: number; fields: Field[]; rowCount: number; loadId: number }) {
  await db.transaction().execute(async (trx) => {
    await lockTable(trx, o.resourceId, 'update');
    await swapInVersion(trx, { resourceId: o.resourceId, tenantId: o.tenantId, tableName: o.table, fields: o.fields, primaryKey: [], version: o.version, source: 'load', rowCount: o.rowCount });
    await trx.updateTable('datastore_loads').set({ status: 'succeeded', phase: 'fertig', finished_at: sql`now()`, row_count: o.rowCount, version: o.version, fields: JSON.stringify(o.fields) })
      .where('id', '=', o.loadId).execute();
  });
}

export async function dropQuietly(db: Db, qualified: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(qualified)}`.execute(db).catch(() => undefined);
}
