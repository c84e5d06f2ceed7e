// `npm test`: typecheck, lint, build the web app, provide PostgreSQL, run every *.test.ts.
// PostgreSQL: DATABASE_URL when set (CI starts Debian's server), else an embedded one.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { adminQuery, createMigratedDatabase } from '../test/helpers/db.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const quick = args.includes('--quick'); // skip typecheck, lint and web build while iterating

function run(title: string, cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env): void {
  const t0 = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env });
  if (r.status !== 0) {
    process.stdout.write(`✖ ${title} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(p).isDirectory()) return findTests(p);
    return name.endsWith('.test.ts') ? [path.relative(root, p)] : [];
  });
}

const bin = (n: string) => path.join(root, 'node_modules/.bin', n);
if (!quick) {
  run('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  run('typecheck web', bin('tsc'), ['-p', 'src/web/tsconfig.json', '--noEmit']);
  run('lint', bin('eslint'), ['.', '--max-warnings=0']);
  run('build web', bin('vite'), ['build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn']);
}

const files = (only.length ? only : [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))]).sort();
if (files.length === 0) {
  process.stdout.write('✖ no test files found\n');
  process.exit(1);
}

let stopEmbedded: (() => Promise<void>) | undefined;
if (!process.env.DATABASE_URL) {
  const dataDir = path.join(tmpdir(), 'stadtkern-test-pg');
  process.stdout.write(`\n▶ no DATABASE_URL: starting embedded PostgreSQL in ${dataDir}\n`);
  const pg = await startEmbeddedPostgres({ dataDir, port: 54339, log: (m) => process.stderr.write(`${m}\n`) });
  process.env.DATABASE_URL = pg.url;
  stopEmbedded = pg.stop;
  // Ctrl-C reaches the child run too; the parent waits for it and then stops PostgreSQL below.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => undefined);
}

const template = `stadtkern_tpl_${process.pid}`;
await createMigratedDatabase(template);
const env = { ...process.env, STADTKERN_TEST_TEMPLATE: template };
let status = 0;
try {
  process.stdout.write(`\n▶ ${files.length} test files\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...files], {
    stdio: 'inherit', cwd: root, env,
  });
  status = r.status ?? 1;
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
  await stopEmbedded?.();
}
process.exit(status);
