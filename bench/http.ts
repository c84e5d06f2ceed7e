// npm run bench -- http [seconds] [connections]
// Requests/s and p99 of /-/health and an authenticated API read, next to a bare Fastify
// hello-world measured in the same run; then the cold start of the default embedded mode.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase } from '../test/helpers/db.ts';
import { load, printTable, root, startChild, type Result } from './lib.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);

async function throughput(): Promise<void> {
  const fresh = await freshDatabase();
  const hello = await startChild('bench/fixtures/hello.ts');
  const platform = await startChild('bench/fixtures/platform.ts', { ...process.env, DATABASE_URL: fresh.url });
  try {
    const { url, token } = platform.info as { url: string; token: string };
    // Warm up JIT and pools before measuring.
    await load('warmup', `${url}/-/health`, { seconds: 2, connections });
    await load('warmup', hello.info.url!, { seconds: 2, connections });
    const rows: Result[] = [];
    const baseline = await load('bare Fastify hello-world (baseline)', hello.info.url!, { seconds, connections });
    rows.push(baseline);
    rows.push(await load('GET /-/health (SELECT 1)', `${url}/-/health`, { seconds, connections }));
    rows.push(await load('GET /api/v1/tenants/frankfurt/departments (Bearer token, private rows)', `${url}/api/v1/tenants/frankfurt/departments`, {
      seconds, connections, headers: { authorization: `Bearer ${token}` },
    }));
    rows.push(await load('GET /api/v1/tenants (public)', `${url}/api/v1/tenants`, { seconds, connections }));
    console.log(`\n${seconds} s per endpoint, ${connections} connections, loopback, autocannon in a separate process from each server`);
    printTable(rows, baseline);
  } finally {
    await platform.stop();
    await hello.stop();
    await fresh.drop();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Time from spawning `stadtkern serve --demo` to the first 200 from /-/health. */
async function coldStart(dataDir: string): Promise<number> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/stadtkern.js', 'serve', '--demo'], { cwd: root, env, stdio: 'ignore' });
  try {
    for (;;) {
      if (performance.now() - t0 > 90_000) throw new Error('cold start took over 90 s');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/-/health`)).ok) return performance.now() - t0;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

await throughput();
const dir = mkdtempSync(path.join(tmpdir(), 'stadtkern-cold-'));
try {
  const first = await coldStart(dir);
  const again = await coldStart(dir);
  console.log('\n| embedded mode, command to first served request | ms |');
  console.log('|---|---:|');
  console.log(`| first start (initdb, migrations, demo data) | ${Math.round(first)} |`);
  console.log(`| later start (existing ./data) | ${Math.round(again)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
