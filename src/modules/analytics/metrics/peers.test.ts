// The comparison with peers through the real app: completed months only, the asking municipality's
// own counters, everyone else's figures exactly as the open data publishes them — so a figure the
// open data hides to protect another cell (complementary suppression) is hidden here too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { refreshProtected } from '../opendata/store.ts';
import { lastCompleteMonth, monthIndex, monthOf, todayBerlin } from './periods.ts';

const P = '99102013001000';
const ARS: Record<string, string> = { marburg: '065340014014', giessen: '065310005005', fulda: '066310009009', wetzlar: '065320023023', offenbach: '064130000000' };
const L = lastCompleteMonth();
const L1 = monthOf(monthIndex(L) - 1);
type Item = { tenant: string; submissions: number | null; submissions_per_1000: number | null; conversion: number | null; rating_mean: number | null; digital_share: number | null; suppressed: boolean; no_data: boolean; self: boolean };

describe('analytics: comparison with peers', () => {
  let t: TestApp;
  let viewer: Record<string, string>;
  const keys: Record<string, string> = {};
  let batch = 0;
  const send = async (slug: string, events: Record<string, unknown>[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': keys[slug]! }, payload: { batch_id: `b${++batch}`, events: events.map((e) => ({ ars: ARS[slug], service_key: P, online_service: 'Gewerbe', day: `${L}-05`, ...e })) } });
    assert.equal(res.statusCode, 202, res.body);
  };
  const usage = (start: number, submitted: number, extra: Record<string, unknown> = {}) => [{ type: 'start', count: start, ...extra }, { type: 'submitted', count: submitted, ...extra }];
  const peersOf = async (query: string) => {
    const res = await t.app.inject({ url: `/api/v1/tenants/marburg/analytics/services/${P}/peers?${query}`, headers: viewer });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    return { body, by: Object.fromEntries(body.items.map((i: Item) => [i.tenant, i])) as Record<string, Item> };
  };

  before(async () => {
    t = await testApp();
    viewer = bearer(await t.token(await t.makeUser({ email: 'lesen@marburg.test', roles: { marburg: 'viewer' } })));
    const admin = bearer(await t.token(await t.makeUser({ email: 'it@kommunen.test', roles: Object.fromEntries(Object.keys(ARS).map((s) => [s, 'admin'])) })));
    for (const slug of Object.keys(ARS)) {
      keys[slug] = await sourceKey(t, slug, admin);
    }
    await send('marburg', [...usage(100, 60), { type: 'feedback', rating: 5, count: 10 }, ...usage(50, 40, { day: `${L1}-05` })]);
    await send('giessen', [...usage(200, 120), { type: 'feedback', rating: 4, count: 10 }]);
    await send('fulda', usage(4, 3)); // below the minimum of 5
    await send('wetzlar', usage(50, 30));
    await send('offenbach', usage(300, 150));
    const offline = (slug: string, count: number) => t.app.inject({ method: 'PUT', url: `/api/v1/tenants/${slug}/analytics/offline-counts`, headers: admin, payload: { items: [{ service_key: P, month: L, channel: 'counter', count }] } });
    assert.equal((await offline('giessen', 80)).statusCode, 200);
    assert.equal((await offline('offenbach', 3)).statusCode, 200);
  });
  after(() => t.close());

  test('others are shown as the open data publishes them; a cell hidden to protect another is hidden here too', async () => {
    const { body, by } = await peersOf(`from=${L}&to=${L}`);
    assert.deepEqual(body.period.months, { from: L, to: L });
    assert.equal(body.group.label, 'Digitale Kommune@Hessen');
    // The own municipality: its counters.
    assert.deepEqual([by.marburg!.self, by.marburg!.submissions, by.marburg!.conversion, by.marburg!.rating_mean], [true, 60, 60, 5]);
    assert.equal(by.giessen!.submissions, 120);
    assert.equal(by.giessen!.submissions_per_1000, Math.round((100 * 120 * 1000) / 92491) / 100);
    assert.equal(by.giessen!.rating_mean, 4);
    assert.equal(by.giessen!.digital_share, 60, '120 online of 200');
    // Offenbach's offline month of 3 is below the minimum: no digital share, the rest is shown.
    assert.deepEqual([by.offenbach!.submissions, by.offenbach!.digital_share], [150, null]);
    assert.deepEqual([by.fulda!.suppressed, by.fulda!.submissions, by.fulda!.conversion], [true, null, null]);
    assert.deepEqual([by.limburg!.no_data, by.limburg!.suppressed, by.offenbach!.no_data], [true, false, false]);

    // Every other member agrees with the open data's cell for the service and month.
    const open = (await t.app.inject({ url: `/api/v1/analytics/open-data/monthly.json?service_key=${P}&from=${L}&to=${L}` })).json();
    const cell = (ars: string) => open.rows.find((r: { ebene: string; ars: string }) => r.ebene === 'zelle' && r.ars === ars);
    for (const [slug, ars] of Object.entries(ARS)) {
      if (slug === 'marburg') continue;
      const c = cell(ars);
      assert.equal(by[slug]!.suppressed, c.nutzung_gesperrt, slug);
      assert.equal(by[slug]!.submissions, c.antraege, slug);
    }
    // Fulda's 3 would follow from the service's published total, so the open data hides a second
    // cell of the service although it is well above the minimum; the comparison hides it as well.
    // (Wetzlar's 30, the smallest other cell of the service: Fulda's 3 = total − the rest otherwise.)
    const complementary = Object.keys(ARS).filter((s) => s !== 'fulda' && s !== 'marburg' && by[s]!.suppressed);
    assert.deepEqual(complementary, ['wetzlar'], JSON.stringify(by));
    const shown = body.items.filter((i: Item) => i.submissions_per_1000 !== null).map((i: Item) => i.submissions_per_1000!).sort((a: number, b: number) => a - b);
    const mid = Math.floor(shown.length / 2);
    assert.equal(body.median.submissions_per_1000, shown.length % 2 ? shown[mid] : Math.round(((shown[mid - 1] + shown[mid]) / 2) * 100) / 100);
  });

  test('whole completed months: a day stands for its month, the running month is cut off, 12 months by default', async () => {
    const days = await peersOf(`from=${L}-20&to=${todayBerlin()}`);
    assert.deepEqual(days.body.period.months, { from: L, to: L });
    assert.equal(days.body.period.from, `${L}-01`);
    const year = await peersOf('');
    assert.deepEqual(year.body.period.months, { from: monthOf(monthIndex(L) - 11), to: L });
    assert.equal(year.by.marburg!.submissions, 100, 'own counters of both months');
    const current = todayBerlin().slice(0, 7);
    const bad = async (q: string, field: string) => assert.deepEqual(problem(await t.app.inject({ url: `/api/v1/tenants/marburg/analytics/services/${P}/peers?${q}`, headers: viewer }), 400).errors!.map((e) => e.field), [field]);
    await bad(`from=${current}`, 'from');
    await bad('from=2026-13', 'from');
    await bad('to=gestern', 'to');
    await bad(`from=${monthOf(monthIndex(L) - 60)}&to=${L}`, 'from');
  });

  test('late events reach the comparison when the month is protected again', async () => {
    await send('giessen', usage(10, 5));
    assert.equal((await peersOf(`from=${L}&to=${L}`)).by.giessen!.submissions, 120, 'the stored month until the job runs');
    assert.ok((await refreshProtected(t.db, t.config.analytics.minCell)).refreshed.includes(L));
    assert.equal((await peersOf(`from=${L}&to=${L}`)).by.giessen!.submissions, 125);
    // Nothing left to do — except on the 1st, when the month just over is always protected again.
    assert.deepEqual((await refreshProtected(t.db, t.config.analytics.minCell)).refreshed, todayBerlin().endsWith('-01') ? [L] : []);
  });

  test('size classes need the population, which the municipality keeps itself', async () => {
    const size = await peersOf(`group=size_class&from=${L}&to=${L}`);
    assert.equal(size.body.group.label, 'Gemeinden mit 50.000 bis unter 100.000 Einwohnern');
    assert.deepEqual(Object.keys(size.by).sort(), ['fulda', 'giessen', 'marburg', 'wetzlar']);
    problem(await t.app.inject({ url: `/api/v1/tenants/marburg/analytics/services/${P}/peers?group=cooperation&cooperation=smartes-rhein-main`, headers: viewer }), 400);
    problem(await t.app.inject({ url: `/api/v1/tenants/marburg/analytics/services/${P}/peers?group=alle`, headers: viewer }), 400);
    problem(await t.app.inject({ url: `/api/v1/tenants/giessen/analytics/services/${P}/peers`, headers: viewer }), 403);

    const admin = bearer(await t.token(await t.makeUser({ email: 'chef@marburg.test', roles: { marburg: 'admin' } })));
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/marburg', headers: admin, payload });
    problem(await patch({ population: 0 }), 400);
    problem(await patch({ populationDate: '31.12.2024' }), 400);
    assert.equal((await patch({ population: null })).statusCode, 200);
    problem(await t.app.inject({ url: `/api/v1/tenants/marburg/analytics/services/${P}/peers?group=size_class`, headers: viewer }), 400);
    const set = await patch({ population: 78_000, populationDate: '2024-12-31' });
    assert.deepEqual([set.json().population, set.json().populationDate], [78_000, '2024-12-31']);
  });
});
