// The connector's CSV path (a spreadsheet export as one batch) and the published JSON Schema
// (served, committed, and accepting exactly what the API accepts for good and bad samples).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { sql } from 'kysely';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from './test-source.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { addDays, todayBerlin } from '../metrics/periods.ts';

const GIESSEN = '065310005005';
const S = '99102013000000';
const day = addDays(todayBerlin(), -2);

describe('analytics: CSV upload and JSON Schema', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await testApp();
    const admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    key = await sourceKey(t, 'giessen', admin, 'Export');
  });
  after(() => t.close());

  const upload = (body: string, q = '?batch_id=export-1', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/analytics/events.csv${q}`, headers: { 'x-analytics-key': key, 'content-type': 'text/csv; charset=utf-8', ...headers }, payload: body });
  const total = async (metric: string) => Number((await sql<{ n: string }>`SELECT coalesce(sum(count), 0)::text AS n FROM analytics_counters WHERE metric = ${metric}`.execute(t.db)).rows[0]!.n);

  test('a German spreadsheet export (BOM, ;, CRLF, empty cells) is one batch, counted once', async () => {
    const csv = '\uFEFFtype;ars;service_key;online_service;form_version;day;count;step;method;outcome;rating;comment\r\n'
      + `view;${GIESSEN};${S};Parken;2;${day};120;;;;;\r\n`
      + `start;${GIESSEN};${S};Parken;2;${day};40;;;;;\r\n`
      + ';;;;;;;;;;;\r\n' // an empty spreadsheet row
      + `step;${GIESSEN};${S};Parken;2;${day};38;1;;;;\r\n`
      + `auth;${GIESSEN};${S};Parken;2;${day};30;;eid;success;;\r\n`
      + `feedback;${GIESSEN};${S};Parken;2;${day};;;;;4;"Gut; aber langsam.\r\nMail: a.b@example.de"\r\n`;
    const res = await upload(csv);
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json().events, res.json().duplicate], [5, false]);
    assert.equal((await upload(csv)).statusCode, 200, 'the same batch id again counts nothing');
    assert.equal((await upload(csv, '', { 'x-batch-id': 'export-1' })).json().duplicate, true);
    assert.deepEqual([await total('view'), await total('start'), await total('step'), await total('auth'), await total('rating')], [120, 40, 38, 30, 1]);
    const c = await t.db.selectFrom('analytics_comments').select('comment').executeTakeFirstOrThrow();
    assert.equal(c.comment, 'Gut; aber langsam. Mail: [E-Mail entfernt]');
  });

  test('a file of more than 1,000 rows (comma, no BOM, LF) is one batch', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `submitted,${GIESSEN},${S},Parken,${addDays(day, -(i % 7))},\n`).join('');
    const res = await upload(`Type,ARS,Service_Key,Online_Service,Day,Count\n${rows}`, '?batch_id=export-big');
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().events, 2500);
    assert.equal(await total('submitted'), 2500);
  });

  test('bad rows are named by their data row, unknown columns by name; nothing is counted', async () => {
    const before = await snapshot(t.db);
    const bad = problem(await upload([
      'type,ars,service_key,online_service,day,rating',
      `view,${GIESSEN},${S},Parken,${day},`, // rows.1: good
      `feedback,${GIESSEN},${S},Parken,${day},9`, // rows.2: rating
      `klick,${GIESSEN},${S},Parken,${day},`, // rows.3: type
      `view,${GIESSEN},${S},Parken`, // rows.4: too few cells (and so no day)
      `view,${GIESSEN},${S},"Parken,\nAnwohner",${day},`, // rows.5: good; a quoted comma and line break stay one row
      `view,${GIESSEN},${S},Parken,2099-01-01,`, // rows.6: future day
    ].join('\n'), '?batch_id=export-2'), 422);
    const fields = bad.errors!.map((e) => e.field);
    assert.deepEqual(fields, ['rows.2.rating', 'rows.3.type', 'rows.4', 'rows.4.day', 'rows.6.day']);
    assert.match(bad.errors![2]!.message, /4 Zellen, die Kopfzeile hat 6/);
    const cols = problem(await upload(`type;ars;visitor_id;Type\nview;${GIESSEN};abc;view\n`, '?batch_id=export-3'), 422);
    assert.deepEqual(cols.errors!.map((e) => e.field), ['header.visitor_id', 'header.type']);
    problem(await upload(`type;ars\nview;${GIESSEN}\n`, ''), 422);
    problem(await upload('type;ars\n"offen;\n', '?batch_id=export-4'), 400);
    problem(await upload('type;ars\n', '?batch_id=export-4'), 400);
    const latin1 = Buffer.from(`type;ars;service_key;online_service;day\nview;${GIESSEN};${S};Bürgerbüro;${day}\n`, 'latin1');
    assert.match(problem(await upload(latin1 as unknown as string, '?batch_id=export-5'), 400).detail, /UTF-8/);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events.csv?batch_id=export-6', headers: { 'x-analytics-key': key }, payload: { type: 'view' } });
    problem(json, 415);
    const rows = `type;ars;service_key;online_service;day\n${`view;${GIESSEN};${S};Parken;${day}\n`.repeat(50_001)}`;
    assert.match(problem(await upload(rows, '?batch_id=export-7'), 413).detail, /50\.000 Zeilen/);
    const bytes = `type;ars;service_key;online_service;day;comment\nfeedback;${GIESSEN};${S};Parken;${day};${'x'.repeat(5 * 1024 * 1024)}\n`;
    problem(await upload(bytes, '?batch_id=export-8'), 413);
    problem(await upload(`type;ars\nview;${GIESSEN}\n`, '?batch_id=export-9', { 'x-analytics-key': 'ska_falsch' }), 403);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('the published JSON Schema is served, committed unchanged, and agrees with the API', async () => {
    const res = await t.app.inject({ url: '/api/v1/analytics/schema.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/schema\+json/);
    const schema = res.json();
    const committed = JSON.parse(readFileSync(new URL('../../../../docs/analytics-events.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, schema, 'docs/analytics-events.schema.json is out of date: regenerate it (command in connector/schema.ts)');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const ev = (e: Record<string, unknown>) => ({ type: 'view', ars: GIESSEN, service_key: S, online_service: 'Parken', day, ...e });
    const samples: [string, unknown][] = [
      ['good', { batch_id: 'a', events: [ev({}), ev({ type: 'auth', method: 'eid', outcome: 'failure', device: 'mobile' }), ev({ type: 'feedback', rating: 5, comment: 'gut' }), ev({ type: 'step', step: 3, count: 12 })] }],
      ['all types', { batch_id: 'a2', events: [ev({ type: 'start', channel: 'app' }), ev({ type: 'submitted', form_version: '7' }), ev({ type: 'payment', method: 'sepa_direct_debit', outcome: 'abort' }), ev({ type: 'error', kind: 'timeout' }), ev({ type: 'duration', bucket: '>60m' })] }],
      ['unknown type', { batch_id: 'b', events: [ev({ type: 'klick' })] }],
      ['rating 6', { batch_id: 'c', events: [ev({ type: 'feedback', rating: 6 })] }],
      ['visitor id', { batch_id: 'd', events: [ev({ visitor_id: 'x' })] }],
      ['no events', { batch_id: 'e', events: [] }],
      ['bad method', { batch_id: 'f', events: [ev({ type: 'payment', method: 'bitcoin', outcome: 'success' })] }],
      ['no batch id', { events: [ev({})] }],
      ['blank batch id', { batch_id: '  ', events: [ev({})] }],
      ['blank online service', { batch_id: 'g', events: [ev({ online_service: '   ' })] }],
      ['count 0', { batch_id: 'h', events: [ev({ count: 0 })] }],
      ['step as text', { batch_id: 'i', events: [ev({ type: 'step', step: '3' })] }],
      ['step missing', { batch_id: 'j', events: [ev({ type: 'step' })] }],
      ['step on a view', { batch_id: 'k', events: [ev({ step: 2 })] }],
      ['comment too long', { batch_id: 'l', events: [ev({ type: 'feedback', rating: 3, comment: 'x'.repeat(1001) })] }],
      ['ars of 11 digits', { batch_id: 'm', events: [ev({ ars: '06531000500' })] }],
      ['1,001 events', { batch_id: 'n', events: Array.from({ length: 1001 }, () => ev({})) }],
      ['extra top-level field', { batch_id: 'o', events: [ev({})], source: 'x' }],
    ];
    for (const [name, body] of samples) {
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: body as object });
      assert.equal(validate(body), api.statusCode === 202, `${name}: schema ${validate(body)}, API ${api.statusCode} ${api.body}`);
    }
  });
});
