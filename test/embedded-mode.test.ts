// The default mode: `stadtkern serve` with no DATABASE_URL starts its own PostgreSQL, serves
// requests, stops cleanly on SIGTERM, and finds its data again on the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function serve(env: NodeJS.ProcessEnv, args: string[]): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['bin/stadtkern.js', 'serve', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} not up after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exitOf(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not exit in time')), ms);
    child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
  });
}

test('embedded PostgreSQL: start, serve, stop on SIGTERM, restart with data kept', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stadtkern-embedded-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  try {
    const first = serve(env, ['--demo']);
    const t0 = Date.now();
    try {
      const health = (await (await waitFor(`http://127.0.0.1:${port}/-/health`, 60_000)).json()) as { database: string };
      assert.equal(health.database, 'ok');
      console.log(`# cold start to first served request: ${Date.now() - t0} ms`);
      const tenants = (await (await fetch(`http://127.0.0.1:${port}/api/v1/tenants`)).json()) as { items: { name: string }[] };
      assert.ok(tenants.items.some((t: { name: string }) => t.name === 'Frankfurt am Main'));
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.equal(await exitOf(first.child, 30_000), 0, first.output());
    assert.ok(!existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL left running');

    // Second start without --demo: the data from the first run is still there.
    const second = serve(env, []);
    try {
      await waitFor(`http://127.0.0.1:${port}/-/health`, 60_000);
      const tenants = (await (await fetch(`http://127.0.0.1:${port}/api/v1/tenants`)).json()) as { items: { name: string }[] };
      assert.ok(tenants.items.length >= 11);
    } finally {
      second.child.kill('SIGINT');
    }
    assert.equal(await exitOf(second.child, 30_000), 0, second.output());
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
