// Writing a checked batch with one of CKAN's methods. As few statements as keep CKAN's
// record-by-record meaning: consecutive records that give the same fields and do not repeat a key
// go in one statement (a uniform batch of 10,000 records is one statement); a record that gives
// other fields or repeats a key starts the next statement, so later records win as in CKAN.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Field } from '../tables.ts';
import type { Row } from './records.ts';
import * as repo from './repo.ts';

export type Method = 'upsert' | 'insert' | 'update';
export const METHODS: readonly Method[] = ['upsert', 'insert', 'update'];

export type Written = { inserted: number; updated: number; missing: number[] };

function runs(rows: Row[], key: string[]): Row[][] {
  const out: Row[][] = [];
  let sig = '';
  let keys = new Set<string>();
  for (const r of rows) {
    const s = Object.keys(r).sort().join('\u0000');
    const k = JSON.stringify(key.map((c) => r[c]));
    if (!out.length || s !== sig || (key.length && keys.has(k))) {
      out.push([]);
      sig = s;
      keys = new Set();
    }
    out[out.length - 1]!.push(r);
    keys.add(k);
  }
  return out;
}

export async function writeRecords(db: Kysely<Database>, table: string, fields: Field[], key: string[], rows: Row[], method: Method): Promise<Written> {
  if (!rows.length) return { inserted: 0, updated: 0, missing: [] };
  // Inserting: a field a record leaves out is empty, so every record fits one statement.
  if (method === 'insert') return { inserted: await repo.insertRows(db, table, fields, rows), updated: 0, missing: [] };
  const w: Written = { inserted: 0, updated: 0, missing: [] };
  for (const run of runs(rows, key)) {
    const given = fields.filter((f) => f.id in run[0]!);
    if (method === 'upsert') {
      const r = await repo.upsertRows(db, table, given, key, run);
      w.inserted += r.inserted;
      w.updated += r.updated;
    } else {
      const missing = await repo.updateRows(db, table, given, key, run);
      w.missing.push(...missing);
      w.updated += run.length - missing.length;
    }
  }
  return w;
}
