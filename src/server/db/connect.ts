import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.ts';

// Return bigint/numeric/timestamps in forms that serialise to JSON predictably.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Kysely<Database>;

export function createDb(url: string, poolMax = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: 'stadtkern' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may a checked-out client between two statements (a transaction waiting on other work)
  // when the server ends its connection, e.g. on shutdown or failover: pg would emit 'error' on
  // the client with no listener and end the process. The next statement on it fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  POOLS.set(db, pool);
  return { db, pool };
}

const POOLS = new WeakMap<Db, pg.Pool>();

/** The pg pool behind a Db, for what Kysely cannot do: COPY streams and server-side cursors. */
export function poolOf(db: Db): pg.Pool {
  const pool = POOLS.get(db);
  if (!pool) throw new Error('poolOf: this Db was not made by createDb (a transaction has no pool of its own)');
  return pool;
}
