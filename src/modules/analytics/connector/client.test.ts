// The tiny client in clients/analytics-client against the real app on loopback: events arrive as
// counters; a batch whose answer is lost (the server counted it) is resent with the same batch id
// and counts once; a refused batch (422) is not retried; the CLI sends JSON lines and CSV files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { AnalyticsError, berlinDay, createAnalyticsClient } from '../../../../clients/analytics-client/index.js';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';

const defaults = { ars: '065310005005', service_key: '99102013000000', online_service: 'Parken', form_version: '3' };
const run = promisify(execFile);

describe('analytics: the client module and its CLI', () => {
  let t: TestApp;
  let key: string;
  let base: string;
  before(async () => {
    t = await testApp();
    const admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    ({ key } = (await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/analytics/sources', headers: admin, payload: { name: 'Formularplattform' } })).json());
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => t.close());
  const total = async (metric: string) => Number((await sql<{ n: string }>`SELECT coalesce(sum(count), 0)::text AS n FROM analytics_counters WHERE metric = ${metric}`.execute(t.db)).rows[0]!.n);

  test('tracked events arrive in batches as counters', async () => {
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushSize: 2, flushIntervalMs: 0 });
    await client.track({ type: 'view' });
    const sent = await client.track({ type: 'start' });
    assert.equal(sent.length, 1, 'the second event fills the batch of two');
    await client.track({ type: 'step', step: 1 });
    assert.equal(client.pending, 1);
    const rest = await client.close();
    assert.deepEqual(rest.map((r) => [r.events, r.duplicate]), [[1, false]]);
    assert.deepEqual([await total('view'), await total('start'), await total('step')], [1, 1, 1]);
    assert.throws(() => client.track({ type: 'view', visitor_id: 'abc' } as never), /Unbekanntes Feld: visitor_id/);
    assert.throws(() => client.track({ type: 'klick' } as never), /Ereignistyp/);
    assert.match(berlinDay(), /^\d{4}-\d{2}-\d{2}$/);
  });

  test('an answer lost after the server counted is retried with the same batch id and counts once', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      bodies.push(String(init?.body));
      const res = await fetch(input, init);
      if (++calls === 1) throw new TypeError('fetch failed (Antwort verloren)');
      return res;
    };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0, retryBaseMs: 5, fetch: flaky });
    for (let i = 0; i < 3; i++) await client.track({ type: 'submitted' });
    const [r] = await client.flush();
    assert.equal(calls, 2);
    assert.equal(JSON.parse(bodies[0]!).batch_id, JSON.parse(bodies[1]!).batch_id);
    assert.equal(r!.duplicate, true, 'the retry is recognised');
    assert.equal(await total('submitted'), 3);
  });

  test('a refused batch rejects with the problem and is not retried', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => { calls++; return fetch(input, init); };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0, retryBaseMs: 5, fetch: counting });
    await client.track({ type: 'feedback', rating: 9 });
    await assert.rejects(client.flush(), (err: AnalyticsError) => err.status === 422 && JSON.stringify(err.problem).includes('events.0.rating'));
    assert.equal(calls, 1);
    const wrongKey = createAnalyticsClient({ endpoint: base, key: 'ska_falsch', defaults, flushIntervalMs: 0 });
    await wrongKey.track({ type: 'view' });
    await assert.rejects(wrongKey.flush(), (err: AnalyticsError) => err.status === 403);
  });

  test('the CLI sends JSON lines and CSV files; the same CSV twice counts once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ana-cli-'));
    const day = berlinDay();
    const jsonl = path.join(dir, 'events.jsonl');
    writeFileSync(jsonl, [{ type: 'error', kind: 'upload' }, { type: 'error', kind: 'timeout' }].map((e) => JSON.stringify({ ...defaults, day, ...e })).join('\n'));
    const csv = path.join(dir, 'export.csv');
    writeFileSync(csv, `type;ars;service_key;online_service;day;count\nview;${defaults.ars};${defaults.service_key};Parken;${day};4\n`);
    const cli = path.resolve('clients/analytics-client/bin/stadtkern-analytics-send.js');
    const env = { ...process.env, STADTKERN_URL: base, STADTKERN_ANALYTICS_KEY: key };
    const a = await run(process.execPath, [cli, jsonl], { env });
    assert.deepEqual(JSON.parse(a.stdout), { events: 2, batches: 1 });
    const views = await total('view');
    await run(process.execPath, [cli, csv], { env });
    const again = await run(process.execPath, [cli, csv], { env });
    assert.equal(JSON.parse(again.stdout).duplicate, true);
    assert.deepEqual([await total('error'), await total('view') - views], [2, 4]);
    await assert.rejects(run(process.execPath, [cli, csv], { env: { ...env, STADTKERN_ANALYTICS_KEY: 'ska_falsch' } }), /Fehler/);
  });
});
