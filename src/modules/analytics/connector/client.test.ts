// The tiny client in clients/analytics-client against the real app on loopback: events arrive as
// counters in batches of at most 1,000; a batch whose answer is lost after the server counted it
// (a timeout) is resent with the same batch id and counts once; 5xx is retried, a batch that
// still fails stays queued with its id; a refused batch (422) is not retried; the CLI sends JSON
// lines and CSV files, and the same file again counts nothing.
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
import { sourceKey } from './test-source.ts';

const defaults = { ars: '065310005005', service_key: '99102013000000', online_service: 'Parken', form_version: '3' };
const run = promisify(execFile);
const batchOf = (init?: RequestInit) => JSON.parse(String(init?.body)) as { batch_id: string; events: unknown[] };

describe('analytics: the client module and its CLI', () => {
  let t: TestApp;
  let key: string;
  let base: string;
  before(async () => {
    t = await testApp();
    const admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    key = await sourceKey(t, 'giessen', admin, 'Formularplattform');
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => t.close());
  const total = async (metric: string) => Number((await sql<{ n: string }>`SELECT coalesce(sum(count), 0)::text AS n FROM analytics_counters WHERE metric = ${metric}`.execute(t.db)).rows[0]!.n);

  test('tracked events arrive in batches as counters; bad events throw at track()', async () => {
    const sizes: number[] = [];
    const recording: typeof fetch = (input, init) => { sizes.push(batchOf(init).events.length); return fetch(input, init); };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushSize: 2, flushIntervalMs: 0, fetch: recording });
    client.track({ type: 'view' });
    client.track({ type: 'start' }); // fills the batch of two: a send starts in the background
    client.track({ type: 'step', step: 1 });
    assert.equal(client.pending, 3);
    await client.close(); // resolves when everything queued was accepted, also by the background send
    assert.deepEqual(sizes, [2, 1]);
    assert.equal(client.pending, 0);
    assert.deepEqual([await total('view'), await total('start'), await total('step')], [1, 1, 1]);
    assert.throws(() => client.track({ type: 'view' }), /geschlossen/);

    const open = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0 });
    assert.throws(() => open.track({ type: 'view', visitor_id: 'abc' } as never), /Unbekanntes Feld: visitor_id/);
    assert.throws(() => open.track({ type: 'klick' } as never), /Ereignistyp/);
    assert.throws(() => open.track({ type: 'step' }), /Feld fehlt: step/);
    assert.throws(() => open.track({ type: 'view', rating: 3 }), /Unbekanntes Feld: rating bei view/);
    assert.equal(open.pending, 0, 'nothing invalid was queued');
    assert.match(berlinDay(), /^\d{4}-\d{2}-\d{2}$/);
  });

  test('2,500 events go as batches of at most 1,000', async () => {
    const sizes: number[] = [];
    const recording: typeof fetch = (input, init) => { sizes.push(batchOf(init).events.length); return fetch(input, init); };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushSize: 5000, flushIntervalMs: 0, fetch: recording });
    for (let i = 0; i < 2500; i++) client.track({ type: 'duration', bucket: '1-5m' });
    await client.close();
    assert.deepEqual(sizes, [1000, 1000, 500]);
    assert.equal(await total('duration'), 2500);
  });

  test('an answer lost after the server counted (timeout) is retried with the same batch id and counts once', async () => {
    const ids: string[] = [];
    let calls = 0;
    const slowAnswer: typeof fetch = async (input, init) => {
      ids.push(batchOf(init).batch_id);
      const res = await fetch(input, init);
      if (++calls > 1) return res;
      // The server has counted; the answer "does not arrive" until the client's time limit ends.
      return new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
    };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0, retryBaseMs: 5, timeoutMs: 300, fetch: slowAnswer });
    for (let i = 0; i < 3; i++) client.track({ type: 'submitted' });
    const [r] = await client.flush();
    assert.equal(calls, 2);
    assert.equal(ids[0], ids[1], 'the retry carries the same batch id');
    assert.equal(r!.duplicate, true, 'the server recognises the retry');
    assert.equal(await total('submitted'), 3);
  });

  test('5xx is retried; a batch still failing after its retries stays queued with its id', async () => {
    const ids: string[] = [];
    let down = true;
    const flaky: typeof fetch = async (input, init) => {
      ids.push(batchOf(init).batch_id);
      if (down) return new Response('{"title":"Wartung"}', { status: 503, headers: { 'content-type': 'application/problem+json' } });
      return fetch(input, init);
    };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0, retryBaseMs: 5, maxRetries: 2, fetch: flaky });
    client.track({ type: 'error', kind: 'technical' });
    client.track({ type: 'error', kind: 'upload' });
    await assert.rejects(client.flush(), (err: AnalyticsError) => err.status === 503 && err.retryable);
    assert.equal(ids.length, 3, 'one attempt and two retries');
    assert.equal(client.pending, 2, 'kept, not dropped');
    down = false;
    const [r] = await client.flush();
    assert.deepEqual([r!.duplicate, r!.events], [false, 2]);
    assert.equal(new Set(ids).size, 1, 'every attempt with the same batch id');
    assert.equal(await total('error'), 2);
  });

  test('a refused batch rejects with the problem and is not retried', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => { calls++; return fetch(input, init); };
    const client = createAnalyticsClient({ endpoint: base, key, defaults, flushIntervalMs: 0, retryBaseMs: 5, fetch: counting });
    client.track({ type: 'feedback', rating: 9 });
    await assert.rejects(client.flush(), (err: AnalyticsError) =>
      err.status === 422 && !err.retryable && err.events?.length === 1 && JSON.stringify(err.problem).includes('events.0.rating'));
    assert.equal(calls, 1);
    assert.equal(client.pending, 0, 'a refused batch cannot succeed later; the error carried its events');

    const wrongKey = createAnalyticsClient({ endpoint: base, key: 'ska_falsch', defaults, flushIntervalMs: 0 });
    wrongKey.track({ type: 'view' });
    await assert.rejects(wrongKey.flush(), (err: AnalyticsError) => err.status === 403);

    // Sends the client starts itself report to onError instead of vanishing.
    const reported: AnalyticsError[] = [];
    const auto = createAnalyticsClient({ endpoint: base, key, defaults, flushSize: 1, flushIntervalMs: 0, onError: (e) => reported.push(e) });
    auto.track({ type: 'payment', method: 'bitcoin', outcome: 'success' });
    await auto.flush();
    assert.deepEqual(reported.map((e) => e.status), [422]);
  });

  test('the CLI sends JSON lines and CSV files; the same file twice counts once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ana-cli-'));
    const day = berlinDay();
    const jsonl = path.join(dir, 'events.jsonl');
    writeFileSync(jsonl, [{ type: 'auth', method: 'eid', outcome: 'success' }, { type: 'auth', method: 'eid', outcome: 'abort' }].map((e) => JSON.stringify({ ...defaults, day, ...e })).join('\n'));
    const csv = path.join(dir, 'export.csv');
    writeFileSync(csv, `\uFEFFtype;ars;service_key;online_service;day;count\r\nview;${defaults.ars};${defaults.service_key};Parken;${day};4\r\n`);
    const cli = path.resolve('clients/analytics-client/bin/stadtkern-analytics-send.js');
    const env = { ...process.env, STADTKERN_URL: base, STADTKERN_ANALYTICS_KEY: key };
    assert.deepEqual(JSON.parse((await run(process.execPath, [cli, jsonl], { env })).stdout), { events: 2, batches: 1, duplicates: 0 });
    assert.deepEqual(JSON.parse((await run(process.execPath, [cli, jsonl], { env })).stdout), { events: 2, batches: 1, duplicates: 1 });
    const views = await total('view');
    await run(process.execPath, [cli, csv], { env });
    const again = await run(process.execPath, [cli, csv], { env });
    assert.equal(JSON.parse(again.stdout).duplicate, true);
    assert.deepEqual([await total('auth'), await total('view') - views], [2, 4]);

    await assert.rejects(run(process.execPath, [cli, csv], { env: { ...env, STADTKERN_ANALYTICS_KEY: 'ska_falsch' } }), /Fehler/);
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ ...defaults, day, type: 'view' })}\n{"type": "view", "ip": "10.0.0.1"}\n`);
    await assert.rejects(run(process.execPath, [cli, bad], { env }), /Zeile 2: Unbekanntes Feld: ip/);
  });
});
