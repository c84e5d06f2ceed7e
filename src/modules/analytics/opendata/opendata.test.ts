// Open data and federal reports through the real app and PostgreSQL: three municipalities send
// events through the connector; one of them has 2 applications for a service, which must stay
// hidden together with complementary cells, in every download, so that no total gives it away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { buildApp } from '../../../server/app.ts';
import { ConfigError, loadConfig } from '../../../server/config.ts';
import { lastCompleteMonth } from '../metrics/periods.ts';
import { toCsv } from '../csv.ts';

const [A, B, C] = ['99102013000000', '99115001001000', '99107017000000'];
const month = lastCompleteMonth();
type Row = Record<string, string | number | boolean | null>;

/** Enough of RFC 4180 for our files: quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  return rows;
}
const asCsv = (v: unknown) => (v === null ? '' : String(v));

describe('analytics: open data and federal reports', () => {
  let t: TestApp;
  let ars: Record<string, string>;
  let admin: Record<string, string>;
  let giessenViewer: Record<string, string>;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const json = async (q = '') => {
    const res = await get(`/api/v1/analytics/open-data/monthly.json${q}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { rows: Row[]; columns: string[]; from: string; to: string; min_cell: number };
  };
  const cell = (rows: Row[], slug: string, key: string) => rows.find((r) => r.ebene === 'zelle' && r.ars === ars[slug] && r.leistungsschluessel === key);

  before(async () => {
    t = await testApp({ publicUrl: 'https://daten.example.de' });
    const tenants = await t.db.selectFrom('core_tenants').select(['slug', 'ars']).execute();
    ars = Object.fromEntries(tenants.map((x) => [x.slug, x.ars]));
    const owner = bearer(await t.token(await t.makeUser({ email: 'it@kommunen.test', roles: { giessen: 'admin', marburg: 'admin', fulda: 'admin' } })));
    admin = bearer(await t.token(await t.makeUser({ email: 'land@plattform.test', platformAdmin: true })));
    giessenViewer = bearer(await t.token(await t.makeUser({ email: 'lesen@giessen.test', roles: { giessen: 'viewer' } }), ['read']));
    // views, starts, submissions, ratings {stars: count} per municipality and service, last month
    const figures: Record<string, [string, number, number, number, Record<number, number>][]> = {
      giessen: [[A, 40, 10, 2, { 5: 2 }], [B, 300, 60, 30, { 4: 3, 5: 2 }], [C, 500, 100, 4, {}]],
      marburg: [[A, 200, 50, 20, { 3: 2, 4: 2, 5: 2 }], [B, 250, 50, 25, { 5: 9 }], [C, 50, 12, 6, {}]],
      fulda: [[A, 90, 30, 12, { 4: 7 }], [B, 100, 20, 40, {}]],
    };
    for (const [slug, list] of Object.entries(figures)) {
      const key = await sourceKey(t, slug, owner, 'Formularserver');
      const ev = (type: string, service_key: string, count: number, extra: object = {}) => ({ type, ars: ars[slug], service_key, online_service: 'Dienst', day: `${month}-10`, count, ...extra });
      const events = list.flatMap(([k, v, s, sub, stars]) => [
        ev('view', k, v), ev('start', k, s), ev('submitted', k, sub),
        ...Object.entries(stars).map(([star, n]) => ev('feedback', k, n, { rating: Number(star) })),
      ]);
      // Free text and the running month must never come out.
      events.push(ev('feedback', B, 1, { rating: 1, comment: 'Bitte rufen Sie mich an, Frau Musterfrau' }));
      events.push({ ...ev('view', A, 7), day: new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }) });
      const sent = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: `b-${slug}`, events } });
      assert.equal(sent.statusCode, 202, sent.body);
    }
  });
  after(() => t.close());

  test('2 applications in Gießen: the cell and complementary cells are empty, no published total gives them away', async () => {
    const d = await json();
    assert.deepEqual([d.from, d.to, d.min_cell], [month, month, 5]);
    const g = cell(d.rows, 'giessen', A)!;
    assert.deepEqual([g.aufrufe, g.starts, g.antraege, g.nutzung_gesperrt], [null, null, null, true]);
    assert.deepEqual([g.bewertungen, g.bewertung_mittel, g.bewertungen_gesperrt], [null, null, true]);
    assert.equal(cell(d.rows, 'giessen', C)!.antraege, null, '4 applications are below 5 as well');
    assert.equal(cell(d.rows, 'marburg', A)!.antraege, 20, 'not everything is hidden');
    // Every line (municipality over services, service over municipalities, totals over both):
    // where a cell is hidden and the total is published, at least two are hidden and what the
    // total leaves for them is at least 5 — in every figure.
    const hidden = (r: Row, k: string) => r[k] === null;
    const lines = [
      ...Object.values(ars).map((a) => ({ members: d.rows.filter((r) => r.ebene === 'zelle' && r.ars === a), total: d.rows.find((r) => r.ebene === 'summe_kommune' && r.ars === a) })),
      ...[A, B, C].map((k) => ({ members: d.rows.filter((r) => r.ebene === 'zelle' && r.leistungsschluessel === k), total: d.rows.find((r) => r.ebene === 'summe_leistung' && r.leistungsschluessel === k) })),
      { members: d.rows.filter((r) => r.ebene === 'summe_kommune'), total: d.rows.find((r) => r.ebene === 'summe_gesamt') },
      { members: d.rows.filter((r) => r.ebene === 'summe_leistung'), total: d.rows.find((r) => r.ebene === 'summe_gesamt') },
    ].filter((l) => l.total);
    let checked = 0;
    for (const { members, total } of lines) {
      for (const k of ['aufrufe', 'starts', 'antraege', 'bewertungen']) {
        const h = members.filter((m) => hidden(m, k));
        if (!h.length || hidden(total!, k)) continue;
        const rest = (total![k] as number) - members.filter((m) => !hidden(m, k)).reduce((n, m) => n + (m[k] as number), 0);
        assert.ok(h.length >= 2 && rest >= 5, `${k}: ${h.length} hidden, ${rest} left in ${JSON.stringify(total)}`);
        checked++;
      }
    }
    assert.ok(checked >= 4, `lines with hidden cells were checked (${checked})`);
    for (const r of d.rows) for (const k of ['aufrufe', 'starts', 'antraege', 'bewertungen']) assert.ok(r[k] === null || r[k] === 0 || (r[k] as number) >= 5, JSON.stringify(r));
    assert.doesNotMatch(JSON.stringify(d), /Musterfrau|rufen/, 'no comment is ever published');
  });

  test('JSON and CSV agree, also filtered to one municipality — and the filter hides exactly what the whole table hides', async () => {
    const d = await json();
    const csv = await get('/api/v1/analytics/open-data/monthly.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
    const [header, ...lines] = parseCsv(csv.body);
    assert.deepEqual(header, ['monat', 'ebene', 'ars', 'kommune', 'leistungsschluessel', 'aufrufe', 'starts', 'antraege', 'nutzung_gesperrt', 'bewertungen', 'bewertung_mittel', 'bewertungen_gesperrt']);
    assert.deepEqual(lines, d.rows.map((r) => header!.map((c) => asCsv(r[c]))));
    assert.ok(csv.body.includes(',Gießen,'), 'UTF-8');

    const only = await json(`?ars=${ars.giessen}`);
    assert.deepEqual(only.rows, d.rows.filter((r) => r.ars === ars.giessen));
    assert.deepEqual(only.rows.map((r) => r.ebene), ['zelle', 'zelle', 'zelle', 'summe_kommune']);
    assert.deepEqual((await json('?tenant=giessen')).rows, only.rows);
    const byService = await json(`?service_key=${A}`);
    assert.deepEqual(byService.rows, d.rows.filter((r) => r.leistungsschluessel === A));
    const [, ...giessenCsv] = parseCsv((await get(`/api/v1/analytics/open-data/monthly.csv?ars=${ars.giessen}`)).body);
    assert.deepEqual(giessenCsv, only.rows.map((r) => header!.map((c) => asCsv(r[c]))));
  });

  test('bad queries get 400 naming the field; the running month is not published; an unknown municipality is 404', async () => {
    const bad: [string, string][] = [
      ['from=2026-13', 'querystring.from'], ['to=gestern', 'querystring.to'], ['ars=0653', 'querystring.ars'], ['service_key=%21%21', 'querystring.service_key'],
      ['servicekey=1', 'querystring'], [`to=${new Date().toISOString().slice(0, 7)}`, 'to'], [`from=${month}&to=2019-01`, 'from'],
      ['from=2001-01&to=2019-01', 'from'], ['ars=065310005005&tenant=giessen', 'tenant'],
    ];
    for (const [q, field] of bad) {
      for (const ext of ['json', 'csv']) {
        const p = problem(await get(`/api/v1/analytics/open-data/monthly.${ext}?${q}`), 400);
        assert.ok(p.errors?.some((e) => e.field === field), `${q}: ${JSON.stringify(p.errors)}`);
      }
    }
    problem(await get('/api/v1/analytics/open-data/monthly.json?ars=069999999999'), 404);
    problem(await get('/api/v1/analytics/open-data/monthly.json?tenant=atlantis'), 404);
    const d = await json();
    assert.ok(d.rows.every((r) => r.monat === month), 'only completed months');
  });

  test('ANALYTICS_MIN_CELL: 3 is accepted and publishes 4, 2 refuses to start', async () => {
    assert.equal(loadConfig({ ANALYTICS_MIN_CELL: '3' }).analytics.minCell, 3);
    assert.equal(loadConfig({}).analytics.minCell, 5);
    assert.throws(() => loadConfig({ ANALYTICS_MIN_CELL: '2' }), (e: unknown) => e instanceof ConfigError && /ANALYTICS_MIN_CELL: at least 3/.test(e.message));
    const root = path.resolve(import.meta.dirname, '../../../..');
    const serve = spawnSync(process.execPath, ['bin/stadtkern.js', 'serve'], { cwd: root, env: { ...process.env, ANALYTICS_MIN_CELL: '2', PORT: '0' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(serve.status, 1, serve.stderr);
    assert.match(serve.stderr, /ANALYTICS_MIN_CELL/);

    const app3 = await buildApp({ config: { ...t.config, analytics: { ...t.config.analytics, minCell: 3 } }, db: t.db });
    try {
      const d = (await app3.inject({ url: '/api/v1/analytics/open-data/monthly.json' })).json() as { rows: Row[]; min_cell: number };
      assert.equal(d.min_cell, 3);
      assert.equal(cell(d.rows, 'giessen', A)!.antraege, null, '2 stays hidden');
      assert.equal(cell(d.rows, 'giessen', C)!.antraege, 4, '4 is published with a minimum of 3');
    } finally {
      await app3.close();
    }
  });

  test('a JSON answer too large to build is refused with what to narrow; the CSV is streamed whatever its size', async () => {
    assert.equal(loadConfig({}).analytics.openDataMaxRows, 100_000);
    assert.throws(() => loadConfig({ ANALYTICS_OPEN_DATA_MAX_ROWS: '0' }), (e: unknown) => e instanceof ConfigError && /ANALYTICS_OPEN_DATA_MAX_ROWS/.test(e.message));
    const all = (await json()).rows.length;
    const giessen = (await json('?tenant=giessen')).rows.length;
    assert.ok(giessen < all);
    const small = await buildApp({ config: { ...t.config, analytics: { ...t.config.analytics, openDataMaxRows: giessen } }, db: t.db });
    try {
      const refused = problem(await small.inject({ url: '/api/v1/analytics/open-data/monthly.json' }), 400);
      assert.deepEqual(refused.errors!.map((e) => e.field), ['from']);
      assert.match(refused.errors![0]!.message, new RegExp(`${all} Zeilen; höchstens ${giessen}`));
      const ok = await small.inject({ url: '/api/v1/analytics/open-data/monthly.json?tenant=giessen' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().rows.length, giessen);
      // The CSV streams every row, byte for byte what the JSON answer holds.
      const full = await json();
      const csv = await small.inject({ url: '/api/v1/analytics/open-data/monthly.csv' });
      assert.equal(csv.statusCode, 200, csv.body);
      assert.equal(csv.body, toCsv(full.columns, full.rows));
      assert.equal(csv.body.trim().split('\n').length, all + 1);
    } finally {
      await small.close();
    }
  });

  test('federal transactions: platform administration reads all regions, a municipality its own, others nothing; same cells hidden', async () => {
    const url = `/api/v1/analytics/reports/federal/transactions.csv?month=${month}`;
    problem(await get(url), 401);
    const stranger = bearer(await t.token(await t.makeUser({ email: 'niemand@test' })));
    problem(await get(url, stranger), 403);
    const all = await get(url, admin);
    assert.equal(all.statusCode, 200, all.body);
    const [header, ...rows] = parseCsv(all.body);
    assert.deepEqual(header, ['monat', 'ebene', 'leistungsschluessel', 'ars', 'region', 'antraege', 'gesperrt']);
    const find = (a: string, k: string) => rows.find((r) => r[1] === 'zelle' && r[3] === a && r[2] === k)!;
    assert.deepEqual(find(ars.giessen!, A).slice(4), ['Gießen', '', 'true']);
    assert.deepEqual(find(ars.marburg!, A).slice(4), ['Marburg', '20', 'false']);
    // The same figures as the open data, cell by cell.
    const open = (await json()).rows;
    for (const r of rows.filter((x) => x[1] === 'zelle')) assert.equal(r[5], asCsv(open.find((o) => o.ebene === 'zelle' && o.ars === r[3] && o.leistungsschluessel === r[2])!.antraege));
    assert.ok(rows.some((r) => r[1] === 'summe_leistung') && rows.some((r) => r[1] === 'summe_gesamt'));

    const own = parseCsv((await get(url, giessenViewer)).body).slice(1);
    assert.ok(own.length >= 3 && own.every((r) => r[3] === ars.giessen), JSON.stringify(own));
    const frankfurt = bearer(await t.token(await t.makeUser({ email: 'lesen@frankfurt.test', roles: { frankfurt: 'viewer' } })));
    assert.deepEqual(parseCsv((await get(url, frankfurt)).body).length, 1, 'only the header: Frankfurt sent nothing');
    problem(await get('/api/v1/analytics/reports/federal/transactions.csv?month=2026-1', admin), 400);
    problem(await get(`/api/v1/analytics/reports/federal/transactions.csv?month=${new Date().toISOString().slice(0, 7)}`, admin), 400);
  });

  test('federal ratings: number, histogram 1–5 and mean per service and region, small groups hidden, never free text', async () => {
    const res = await get(`/api/v1/analytics/reports/federal/ratings.csv?month=${month}`, admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.doesNotMatch(res.body, /Musterfrau|rufen/);
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, ['monat', 'ebene', 'leistungsschluessel', 'ars', 'region', 'bewertungen', 'sterne_1', 'sterne_2', 'sterne_3', 'sterne_4', 'sterne_5', 'bewertung_mittel', 'gesperrt']);
    const find = (a: string, k: string) => rows.find((r) => r[1] === 'zelle' && r[3] === a && r[2] === k);
    assert.deepEqual(find(ars.giessen!, A)!.slice(5), ['', '', '', '', '', '', '', 'true'], '2 ratings are hidden');
    assert.deepEqual(find(ars.marburg!, B)!.slice(5), ['10', '1', '0', '0', '0', '9', '4.6', 'false'], "9 × 5 and the commenter's 1");
    for (const r of rows.filter((x) => x[12] === 'false')) {
      assert.equal(r.slice(6, 11).reduce((n, x) => n + Number(x), 0), Number(r[5]));
      assert.ok(Number(r[5]) >= 5);
    }
    const own = parseCsv((await get(`/api/v1/analytics/reports/federal/ratings.csv?month=${month}`, giessenViewer)).body).slice(1);
    assert.ok(own.length > 0 && own.every((r) => r[3] === ars.giessen));
  });
});
