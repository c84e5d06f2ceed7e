// The default mode: `stadtkern serve` with no DATABASE_URL starts its own PostgreSQL, serves
// requests, stops cleanly on SIGTERM (also one that arrives during start-up), and finds its data
// again on the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitOf, freePort, serve, waitFor, waitForOutput } from './helpers/process.ts';

test('embedded PostgreSQL: start, serve, stop on SIGTERM, restart with data kept', { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stadtkern-embedded-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const pgRunning = () => existsSync(path.join(dataDir, 'pg', 'postmaster.pid'));
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
    assert.equal(await exitOf(first, 30_000), 0, first.output());
    assert.ok(!pgRunning(), 'PostgreSQL left running');

    // Second start without --demo: the data from the first run is still there.
    const second = serve(env);
    try {
      await waitFor(`http://127.0.0.1:${port}/-/health`, 60_000);
      const tenants = (await (await fetch(`http://127.0.0.1:${port}/api/v1/tenants`)).json()) as { items: { name: string }[] };
      assert.ok(tenants.items.length >= 11);
    } finally {
      second.child.kill('SIGINT');
    }
    assert.equal(await exitOf(second, 30_000), 0, second.output());
    assert.ok(!pgRunning(), 'PostgreSQL left running');

    // A SIGTERM while the start is still under way (PostgreSQL up, the rest starting) finishes
    // the start and then shuts down in order: exit 0, PostgreSQL stopped, no error.
    const third = serve(env);
    await waitForOutput(third, /Eingebettetes PostgreSQL läuft/, 60_000);
    third.child.kill('SIGTERM');
    assert.equal(await exitOf(third, 60_000), 0, third.output());
    assert.doesNotMatch(third.output(), /Fehler/);
    assert.ok(!pgRunning(), 'PostgreSQL left running');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
