// The overview of a municipality's services, time series per day/week/month/year, and the digital
// share with offline counts (JSON and CSV) — through the real app. Peers: peers.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { addDays, todayBerlin } from './periods.ts';

const S = '99102013000000';
const T = '99050012104000';
const ARS: Record<string, string> = { giessen: '065310005005', marburg: '065340014014', fulda: '066310009009', wetzlar: '065320023023' };
const today = todayBerlin();
const ago = (n: number) => addDays(today, -n);

describe('analytics: overview, series and digital share', () => {
  let t: TestApp;
  let viewer: Record<string, string>;
  let editor: Record<string, string>;
  const send = async (slug: string, events: Record<string, unknown>[]) => {
    const admin = bearer(await t.token(await t.makeUser({ email: `admin@${slug}.test`, roles: { [slug]: 'admin' } })));
    const key = await sourceKey(t, slug, admin);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: `${slug}-1`, events: events.map((e) => ({ ars: ARS[slug], service_key: S, online_service: 'Parken', ...e })) } });
    assert.equal(res.statusCode, 202, res.body);
  };
  const get = (url: string, headers = viewer) => t.app.inject({ url, headers });

  before(async () => {
    t = await testApp();
    viewer = bearer(await t.token(await t.makeUser({ email: 'lesen@giessen.test', roles: { giessen: 'viewer' } })));
    editor = bearer(await t.token(await t.makeUser({ email: 'redaktion@giessen.test', roles: { giessen: 'editor' } })));
    const v1 = { form_version: '1', day: ago(70) };
    const v2 = { form_version: '2', day: ago(5) };
    await send('giessen', [
      { type: 'view', count: 300, ...v1 }, { type: 'start', count: 100, ...v1 }, { type: 'step', step: 1, count: 100, ...v1 }, { type: 'step', step: 2, count: 60, ...v1 }, { type: 'submitted', count: 40, ...v1 },
      { type: 'view', count: 500, ...v2 }, { type: 'start', count: 100, ...v2 }, { type: 'step', step: 1, count: 100, ...v2 }, { type: 'step', step: 2, count: 90, ...v2 }, { type: 'submitted', count: 80, ...v2 },
      { type: 'feedback', rating: 5, count: 10, ...v2 }, { type: 'feedback', rating: 3, count: 10, ...v1 },
      { type: 'view', count: 50, day: ago(5), service_key: T }, { type: 'submitted', count: 10, day: ago(5), service_key: T },
    ]);
    await send('marburg', [{ type: 'start', count: 100, day: ago(5) }, { type: 'submitted', count: 60, day: ago(5) }, { type: 'feedback', rating: 4, count: 10, day: ago(5) }]);
    await send('fulda', [{ type: 'start', count: 4, day: ago(5) }, { type: 'submitted', count: 3, day: ago(5) }]);
    await send('wetzlar', [{ type: 'start', count: 50, day: ago(5) }, { type: 'submitted', count: 30, day: ago(5) }]);
  });
  after(() => t.close());

  test('the overview lists every service with its figures and the change against the period before', async () => {
    const res = await get(`/api/v1/tenants/giessen/analytics/services?from=${ago(29)}&to=${today}`);
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json();
    assert.deepEqual(o.totals, { services: 2, views: 550, starts: 100, submissions: 90, conversion: 90 });
    const s = o.items.find((i: { service_key: string }) => i.service_key === S);
    assert.equal(s.submissions, 80);
    assert.equal(s.rating_mean, 5);
    // The period before (30 days ending 30 days ago) does not reach back to day -70.
    assert.equal(s.previous, null);
    const year = (await get(`/api/v1/tenants/giessen/analytics/services?from=${ago(99)}&to=${today}`)).json();
    assert.equal(year.items.find((i: { service_key: string }) => i.service_key === S).submissions, 120);
    problem(await get('/api/v1/tenants/giessen/analytics/services?from=2026-13-01'), 400);
    problem(await get('/api/v1/tenants/marburg/analytics/services'), 403);
    problem(await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services' }), 401);
  });

  test('funnels per form version show where the new version loses fewer applicants', async () => {
    const m = (await get(`/api/v1/tenants/giessen/analytics/services/${S}?from=${ago(99)}&to=${today}`)).json();
    assert.deepEqual(m.funnels_by_version.map((v: { form_version: string; conversion: number; funnel: { abandoned: number }[] }) => [v.form_version, v.conversion, v.funnel.map((s) => s.abandoned)]), [
      ['1', 40, [40, 20]],
      ['2', 80, [10, 10]],
    ]);
    assert.equal(m.conversion, 60);
  });

  test('series per day, week, month and year agree with each other and fill empty periods', async () => {
    const from = ago(99);
    const q = (extra: string) => get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=submitted&from=${from}&to=${today}&${extra}`).then((r) => { assert.equal(r.statusCode, 200, r.body); return r.json(); });
    for (const interval of ['day', 'week', 'month', 'year']) {
      const s = await q(`interval=${interval}`);
      assert.equal(s.points.reduce((n: number, p: { value: number }) => n + p.value, 0), 120, interval);
      if (interval === 'day') assert.equal(s.points.length, 100);
    }
    const byVersion = await q('interval=year&by=form_version');
    assert.deepEqual(byVersion.series, ['1', '2']);
    const conv = await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=conversion&interval=day&from=${ago(5)}&to=${ago(4)}`);
    assert.deepEqual(conv.json().points.map((p: { value: number | null }) => p.value), [80, null]);
    const mean = await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=rating_mean&interval=year&from=${from}&to=${today}`);
    assert.ok(mean.json().points.some((p: { value: number }) => p.value === 4), mean.body);
    problem(await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=besuche`), 400);
    problem(await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=view&interval=day&from=2020-01-01&to=${today}`), 400);
    problem(await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=digital_share&interval=week`), 400);
  });

  test('offline counts give the digital share; bad rows (JSON or CSV) change nothing', async () => {
    const month = ago(5).slice(0, 7);
    const before = await snapshot(t.db);
    const bad = problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/analytics/offline-counts', headers: editor, payload: { items: [
      { service_key: S, month, channel: 'counter', count: 120 }, { service_key: S, month: '2026-13', channel: 'counter', count: 1 }, { service_key: S, month, channel: 'fax', count: -1 }, { service_key: S, month: '2999-01', channel: 'post', count: 1 },
    ] } }), 422);
    assert.deepEqual(bad.errors!.map((e) => e.field).sort(), ['items.1.month', 'items.2.channel', 'items.2.count', 'items.3.month']);
    const csvBad = problem(await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/analytics/offline-counts.csv', headers: { ...editor, 'content-type': 'text/csv' }, payload: `\uFEFFLeistungsschlüssel;Monat;Kanal;Anzahl\r\n${S};${month};counter;100\r\n${S};${month};brieftaube;3\r\n` }), 422);
    assert.deepEqual(csvBad.errors!.map((e) => e.field), ['rows.2.channel']);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/analytics/offline-counts', headers: viewer, payload: { items: [{ service_key: S, month, channel: 'counter', count: 1 }] } }), 403);
    assert.deepEqual(await snapshot(t.db), before);

    const csv = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/analytics/offline-counts.csv', headers: { ...editor, 'content-type': 'text/csv' }, payload: `\uFEFFLeistungsschlüssel;Monat;Kanal;Anzahl\r\n${S};${month};counter;100\r\n${S};${month};post;20\r\n` });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.equal(csv.json().saved, 2);
    const list = (await get(`/api/v1/tenants/giessen/analytics/offline-counts?from=${month}&to=${month}`)).json();
    assert.equal(list.items.length, 2);
    const m = (await get(`/api/v1/tenants/giessen/analytics/services/${S}?from=${month}-01&to=${today}`)).json();
    assert.equal(m.offline, 120);
    assert.equal(m.digital_share, Math.round((1000 * m.submissions) / (m.submissions + 120)) / 10);
    const share = (await get(`/api/v1/tenants/giessen/analytics/services/${S}/series?metric=digital_share&interval=month&from=${month}-01&to=${today}`)).json();
    assert.equal(share.points[0].value, m.digital_share);
  });
});
