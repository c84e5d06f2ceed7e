// A real stadtkern listening on 127.0.0.1 with a fresh database and the demo data, for browser
// tests and benchmarks.
import { loadConfig } from '../../src/server/config.ts';
import { startPlatform } from '../../src/server/platform.ts';
import type { Db } from '../../src/server/db/connect.ts';
import { DEMO_PASSWORD } from '../../src/modules/core/seed/demo.ts';
import { freshDatabase } from './db.ts';

/** `env`: further settings, e.g. `{ HARVEST_ALLOW_PRIVATE: 'true' }`. */
export async function startTestServer(env: Record<string, string> = {}): Promise<{ url: string; db: Db; adminEmail: string; adminPassword: string; close(): Promise<void> }> {
  const fresh = await freshDatabase();
  const config = loadConfig({ DATABASE_URL: fresh.url, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', JOBS_POLL_MS: '200', ...env });
  const p = await startPlatform(config, { demo: true, log: () => undefined });
  return {
    url: p.url,
    db: p.database.db,
    adminEmail: 'admin@stadtkern.example',
    adminPassword: DEMO_PASSWORD,
    async close() {
      await p.stop();
      await fresh.drop();
    },
  };
}
