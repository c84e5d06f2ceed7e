// Each test file gets its own database, cloned from a migrated template (fast) so tests
// never see each other's rows. DATABASE_URL points at the server; the runner provides it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/server/db/connect.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which provides a PostgreSQL server');
  return url;
}

export function urlFor(database: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: urlFor('postgres') });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Creates and migrates a database; the runner uses it once as the template for all tests. */
export async function createMigratedDatabase(name: string): Promise<void> {
  await adminQuery(`CREATE DATABASE "${name}"`);
  const { db } = createDb(urlFor(name), 2);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

export type FreshDb = { name: string; url: string; db: Db; drop(): Promise<void> };

export async function freshDatabase(): Promise<FreshDb> {
  const name = `stadtkern_t_${randomBytes(6).toString('hex')}`;
  const template = process.env.STADTKERN_TEST_TEMPLATE;
  if (template) await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  else await createMigratedDatabase(name);
  const url = urlFor(name);
  const { db } = createDb(url, 5);
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
