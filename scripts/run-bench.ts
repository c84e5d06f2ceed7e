// `npm run bench -- <name>`: runs bench/<name>.ts with a PostgreSQL server available
// (DATABASE_URL when set, else an embedded one in the temp folder).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '..');
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(path.join(root, 'bench', `${name}.ts`))) {
  process.stderr.write(`usage: npm run bench -- <name>   (available: ${available.join(', ')})\n`);
  process.exit(2);
}
let stop: (() => Promise<void>) | undefined;
if (!process.env.DATABASE_URL) {
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmpdir(), 'stadtkern-bench-pg'), port: 54349, log: () => undefined });
  process.env.DATABASE_URL = pg.url;
  stop = pg.stop;
  // Ctrl-C reaches the child run too; the parent waits for it and then stops PostgreSQL below.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => undefined);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`), ...rest], { stdio: 'inherit', cwd: root, env: process.env });
await stop?.();
process.exit(r.status ?? 1);
