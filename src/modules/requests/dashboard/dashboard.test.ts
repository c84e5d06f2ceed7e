// The public service-promise figures: per city and cooperation, consistent with the requests
// behind them, as JSON and CSV, without any personal data; bad scopes are 4xx.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedRequestsDemo } from '../seed.ts';

describe('requests: Serviceversprechen figures', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await seedRequestsDemo(t.db);
    const key = await t.token(await t.makeUser({ email: 'app@example.test' }), ['read', 'write']);
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: 'giessen', service_code: 'frage', address_string: 'Rathaus', email: 'geheim@example.org', first_name: 'Gesine' } });
    assert.equal(res.statusCode, 201);
  });
  after(() => t.close());

  test('a city: on-time rates per target, time to resolve per service, volume per month — matching the requests', async () => {
    const res = await t.app.inject({ url: '/api/v1/requests/service-promises?tenant=giessen' });
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.deepEqual(d.tenants.map((x: { slug: string }) => x.slug), ['giessen']);
    const received = d.volume.reduce((n: number, v: { received: number }) => n + v.received, 0);
    const giessen = (await t.db.selectFrom('core_tenants').select('id').where('slug', '=', 'giessen').executeTakeFirstOrThrow()).id;
    const count = Number((await t.db.selectFrom('requests_items').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', giessen).executeTakeFirstOrThrow()).n);
    assert.equal(received, count);
    assert.ok(d.on_time.some((r: { clock: string }) => r.clock === 'resolution'));
    for (const r of d.on_time) assert.ok(r.rate === null || (r.rate >= 0 && r.rate <= 100));
    assert.ok(d.resolution.every((r: { median_hours: number; p90_hours: number }) => r.median_hours >= 0 && r.p90_hours >= r.median_hours));
    assert.doesNotMatch(res.body, /geheim@example\.org|Gesine/);
  });

  test('a cooperation: its cities side by side; every table also as CSV', async () => {
    const d = (await t.app.inject({ url: '/api/v1/requests/service-promises?cooperation=digitale-kommune-hessen' })).json();
    const cities = new Set(d.volume.map((v: { tenant: string }) => v.tenant));
    assert.ok(['giessen', 'marburg', 'fulda'].every((c) => cities.has(c)), [...cities].join(','));
    const csv = await t.app.inject({ url: '/api/v1/requests/service-promises/on_time.csv?cooperation=digitale-kommune-hessen' });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /^tenant,clock,kept,missed,rate\r\n/);
    assert.equal(csv.body.trim().split('\r\n').length - 1, d.on_time.length);
  });

  test('bad scopes: 400 or 404 with problem+json', async () => {
    problem(await t.app.inject({ url: '/api/v1/requests/service-promises' }), 400);
    problem(await t.app.inject({ url: '/api/v1/requests/service-promises?tenant=giessen&cooperation=digitale-kommune-hessen' }), 400);
    problem(await t.app.inject({ url: '/api/v1/requests/service-promises?tenant=atlantis' }), 404);
    problem(await t.app.inject({ url: '/api/v1/requests/service-promises?tenant=giessen&from=gestern' }), 400);
    problem(await t.app.inject({ url: '/api/v1/requests/service-promises/personen.csv?tenant=giessen' }), 400);
  });
});
