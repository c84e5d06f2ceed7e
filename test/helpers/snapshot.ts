// A fingerprint of every core table, to prove that a refused request changed nothing.
import { sql } from 'kysely';
import type { Db } from '../../src/server/db/connect.ts';

export async function snapshot(db: Db, tables?: string[]): Promise<Record<string, string>> {
  const names =
    tables ??
    (
      await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1`.execute(db)
    ).rows.map((r) => r.t);
  const out: Record<string, string> = {};
  for (const n of names) {
    const r = await sql<{ h: string | null }>`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${sql.table(n)} x`.execute(db);
    out[n] = r.rows[0]?.h ?? '';
  }
  return out;
}
