// The connector API through the real app and PostgreSQL: a municipality registers a source, the
// source sends batches in the fixed vocabulary, they become counters; a batch sent twice (also
// at the same time) counts once; a batch with one bad event is refused whole, naming each bad
// event; keys are checked; nothing about a person is stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';

const GIESSEN = '065310005005';
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const ev = (type: string, extra: Record<string, unknown> = {}) => ({ type, ars: GIESSEN, service_key: '99102013000000', online_service: 'Anwohnerparkausweis', form_version: '2', day: today(), ...extra });

describe('analytics: connector API', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let key: string;
  let sourceId: string;
  before(async () => {
    t = await testApp();
    admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/analytics/sources', headers: admin, payload: { name: 'Formularserver', platform: 'civento' } });
    assert.equal(res.statusCode, 201, res.body);
    ({ key, id: sourceId } = res.json());
    assert.match(key, /^ska_/);
  });
  after(() => t.close());

  const send = (body: unknown, k: string | null = key) => t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: k ? { 'x-analytics-key': k } : {}, payload: body as object });
  const counters = async () => (await sql<{ metric: string; dimension: string; count: string }>`SELECT metric, dimension, sum(count)::text AS count FROM analytics_counters GROUP BY 1, 2 ORDER BY 1, 2`.execute(t.db)).rows
    .map((r) => `${r.metric}|${r.dimension}=${r.count}`);

  test('a batch becomes counters per service, form version, day, metric and dimension', async () => {
    const res = await send({
      batch_id: 'b-1',
      events: [
        ev('view', { channel: 'web', device: 'mobile' }), ev('view', { count: 9 }), ev('start'), ev('step', { step: 1 }), ev('step', { step: 2 }),
        ev('auth', { method: 'eid', outcome: 'success' }), ev('auth', { method: 'bundid_password', outcome: 'failure' }),
        ev('payment', { method: 'paypal', outcome: 'success' }), ev('submitted'), ev('error', { kind: 'upload' }), ev('duration', { bucket: '5-15m' }), ev('feedback', { rating: 4 }),
      ],
    });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(res.json(), { batch_id: 'b-1', duplicate: false, events: 12, counters: 13 });
    assert.deepEqual(await counters(), [
      'auth|bundid_password:failure=1', 'auth|eid:success=1', 'duration|5-15m=1', 'error|upload=1', 'payment|paypal:success=1', 'rating|4=1',
      'start|=1', 'step|1=1', 'step|2=1', 'submitted|=1', 'view|=10', 'view.channel|web=1', 'view.device|mobile=1',
    ]);
    const row = await t.db.selectFrom('analytics_counters').selectAll().where('metric', '=', 'view').executeTakeFirstOrThrow();
    assert.deepEqual([row.service_key, row.online_service, row.form_version], ['99102013000000', 'Anwohnerparkausweis', '2']);
  });

  test('the monthly rollup matches the days; feedback comments are stored apart, scrubbed, and once per batch', async () => {
    const lastMonth = new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10);
    const batch = {
      batch_id: 'b-c',
      events: [
        ev('submitted', { day: lastMonth, count: 3 }), ev('submitted', { day: lastMonth }),
        ev('feedback', { rating: 2, comment: 'Schritt 3 lud nicht. Rückruf bitte unter 0641 306-1234 oder max@example.de, IBAN DE89 3704 0044 0532 0130 00' }),
        ev('feedback', { rating: 5, comment: '   ' }),
      ],
    };
    assert.equal((await send(batch)).statusCode, 202);
    assert.equal((await send(batch)).statusCode, 200);
    const monthly = (await sql<{ metric: string; month: string; count: string }>`
      SELECT metric, to_char(month, 'YYYY-MM-DD') AS month, count::text FROM analytics_counters_monthly WHERE metric = 'submitted' AND month = date_trunc('month', ${lastMonth}::date)`.execute(t.db)).rows;
    assert.deepEqual(monthly.map((r) => [r.month, r.count]), [[`${lastMonth.slice(0, 7)}-01`, '4']]);
    const mismatch = await sql<{ n: string }>`
      SELECT count(*)::text AS n FROM (SELECT tenant_id, service_key, online_service, form_version, date_trunc('month', day)::date AS month, metric, dimension, sum(count) AS c FROM analytics_counters GROUP BY 1,2,3,4,5,6,7) d
      FULL JOIN analytics_counters_monthly m USING (tenant_id, service_key, online_service, form_version, month, metric, dimension) WHERE d.c IS DISTINCT FROM m.count`.execute(t.db);
    assert.equal(mismatch.rows[0]!.n, '0');
    const comments = await t.db.selectFrom('analytics_comments').select(['rating', 'comment', 'service_key']).execute();
    assert.deepEqual(comments, [{ rating: 2, service_key: '99102013000000', comment: 'Schritt 3 lud nicht. Rückruf bitte unter [Telefonnummer entfernt] oder [E-Mail entfernt], IBAN [IBAN entfernt]' }]);
    assert.ok((await counters()).includes('rating|5=1'), 'a blank comment still counts its rating');
  });

  test('re-delivery of a batch, also twice at the same time, counts once', async () => {
    const batch = { batch_id: 'b-2', events: [ev('start'), ev('start')] };
    const [a, b] = await Promise.all([send(batch), send(batch)]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 202]);
    const again = await send(batch);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().duplicate, true);
    assert.ok((await counters()).includes('start|=3'), (await counters()).join(' '));
  });

  test('one bad event refuses the whole batch, naming each; keys and limits are checked; nothing is counted', async () => {
    const before = await snapshot(t.db);
    const bad = await send({
      batch_id: 'b-3',
      events: [
        ev('view'), ev('besuch'), ev('feedback', { rating: 6 }), ev('view', { ars: '064120000000' }), ev('view', { day: '2099-01-01' }),
        ev('auth', { method: 'fingerprint', outcome: 'success' }), ev('view', { visitor_id: 'abc', ip: '10.0.0.1' }), ev('view', { day: '2026-02-30' }),
      ],
    });
    const p = problem(bad, 422);
    const fields = p.errors!.map((e) => e.field);
    for (const f of ['events.1.type', 'events.2.rating', 'events.3.ars', 'events.4.day', 'events.5.method', 'events.6', 'events.7.day']) assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
    assert.ok(!fields.some((f) => f.startsWith('events.0')), 'the good event is not named');
    problem(await send({ batch_id: 'b-4', events: Array.from({ length: 1001 }, () => ev('view')) }), 422);
    problem(await send({ batch_id: 'b-5', events: [] }), 422);
    problem(await send({ events: [ev('view')] }), 422);
    problem(await send({ batch_id: 'b-6', events: [ev('view')] }, null), 401);
    problem(await send({ batch_id: 'b-6', events: [ev('view')] }, 'ska_falsch'), 403);
    const junk = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key, 'content-type': 'application/json' }, payload: '{"batch_id": ' });
    assert.equal(junk.statusCode, 400);
    assert.deepEqual(await snapshot(t.db), before);

    // A revoked key sends nothing any more; only the municipality's admins manage sources.
    const other = bearer(await t.token(await t.makeUser({ email: 'admin@frankfurt.test', roles: { frankfurt: 'admin' } })));
    problem(await t.app.inject({ method: 'DELETE', url: `/api/v1/tenants/giessen/analytics/sources/${sourceId}`, headers: other }), 403);
    problem(await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/analytics/sources', headers: admin, payload: { name: 'Formularserver' } }), 409);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/tenants/giessen/analytics/sources/${sourceId}`, headers: admin })).statusCode, 204);
    problem(await send({ batch_id: 'b-7', events: [ev('view')] }), 403);
    const list = (await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/sources', headers: admin })).json();
    assert.ok(list.items[0].revoked_at);
    assert.doesNotMatch(JSON.stringify(list), /ska_[A-Za-z0-9_-]{20,}/, 'the key is never shown again');
  });
});
