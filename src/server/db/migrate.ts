// Forward-only, timestamped migrations. Each file in ./migrations exports `up(db)`; files run in
// name order, each once, inside a transaction, and are recorded in kysely_migration. A
// PostgreSQL advisory lock (taken by Kysely) keeps two instances from migrating at once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(dir)).filter((f) => /^\d{8}_\d{4}_[a-z0-9_]+\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Migration;
      out[f.replace(/\.ts$/, '')] = { up: mod.up };
    }
    return out;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Engineers land migrations in parallel, so one with an earlier timestamp may arrive after a
  // later one has run somewhere; each migration touches its own tables, so order by name among
  // the pending ones is enough.
  const migrator = new Migrator({ db, provider: new FolderProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
