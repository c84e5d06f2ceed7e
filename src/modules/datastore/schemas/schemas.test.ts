// Common schemas of a cooperation through the real app and PostgreSQL: defining a Table Schema
// (bad ones refused naming the field), attaching conforming and non-conforming resources (with
// their reports), the merged view with both demo cities, who may do what, private data kept out
// of the public merged view, re-validation when a table changes, and bad input changing nothing.
// Checks run as jobs: `checks()` runs the queued ones with a runner that has only this feature's
// handlers (the app's other schedules, link checks and auto-loads, stay out of these tests).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, problem, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { BASE, schemaTest, type SchemaTest } from './test-setup.ts';
import { seedSchemas, PARKHAUS_SCHEMA } from './seed.ts';
import { SWEEP_JOB } from './checks.ts';


describe('datastore: common schemas of a cooperation', () => {
  let t: TestApp;
  let giessenAdmin: string;
  let giessenEditor: string;
  let marburgEditor: string;
  let frankfurtAdmin: string;
  let platform: string;
  let req: SchemaTest['req'];
  let checks: SchemaTest['checks'];
  before(async () => {
    const s = await schemaTest();
    ({ t, req, checks } = s);
    ({ platform, giessenAdmin, giessenEditor, marburgEditor, frankfurtAdmin } = s.tokens);
  });
  after(() => t.close());

  /** Every public table plus every datastore view and version table. */
  async function everything() {
    const rels = await sql<{ n: string }>`SELECT schemaname || '.' || tablename AS n FROM pg_tables WHERE schemaname = 'datastore_data'
      UNION ALL SELECT schemaname || '.' || viewname FROM pg_views WHERE schemaname = 'datastore' ORDER BY 1`.execute(t.db);
    const names = rels.rows.map((r) => r.n);
    return { names, public: await snapshot(t.db), data: await snapshot(t.db, names.filter((n) => !n.startsWith('datastore.schema_'))) };
  }
  async function push(token: string, dataset: string, fields: object[], records: object[]) {
    const res = await req('POST', '/api/3/action/datastore_create', token, { resource: { package_id: dataset, name: `Parken ${Math.random().toString(36).slice(2, 7)}`, format: 'CSV' }, fields, records });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result.resource_id as string;
  }
  const attachment = async (id: string, token?: string) =>
    (await req('GET', `${BASE}/parkhausbelegung`, token)).json().resources.find((r: { resource_id: string }) => r.resource_id === id);
  /** Attaches: 202 and pending at first; the job writes status and report. */
  async function attach(token: string, id: string) {
    const res = await req('POST', `${BASE}/parkhausbelegung/resources`, token, { resource_id: id });
    assert.equal(res.statusCode, 202, res.body);
    const a = res.json();
    assert.deepEqual([a.status, a.in_merged_view], ['pending', false]);
    assert.ok((await checks()) >= 1);
    return attachment(id, token);
  }
  const rows = async (query = '', token?: string) => {
    const res = await req('GET', `${BASE}/parkhausbelegung/rows${query}`, token);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { rows: Record<string, unknown>[]; total: number; next_offset: number | null; fields: { id: string; type: string }[] };
  };

  test('bad schemas are refused with 422 naming the field; only admins of member tenants define schemas; nothing changes', async () => {
    const before = await everything();
    const bad = async (schema: object, field: string, message: RegExp) => {
      const body = problem(await req('POST', BASE, giessenAdmin, { name: 'test', title: 'Test', version: '1', schema }), 422);
      const issue = body.errors?.find((e) => e.field === field);
      assert.ok(issue, `no issue for ${field}: ${JSON.stringify(body.errors)}`);
      assert.match(issue.message, message);
    };
    await bad({ fields: [{ name: 'ort', type: 'string' }, { name: 'lage', type: 'geopoint' }] }, 'body.schema.fields.1.type', /Feld "lage": type "geopoint" is not supported/);
    await bad({ fields: [{ name: 'ort', type: 'string', constraints: { minimum: 3 } }] }, 'body.schema.fields.0.constraints.minimum', /Feld "ort": minimum applies to number/);
    await bad({ fields: [{ name: 'frei', type: 'integer', constraints: { minimum: 'null' } }] }, 'body.schema.fields.0.constraints.minimum', /Feld "frei": minimum must be a value of type integer/);
    await bad({ fields: [{ name: 'frei', type: 'integer' }, { name: 'frei', type: 'number' }] }, 'body.schema.fields.1.name', /Feld "frei": name appears twice/);
    await bad({ fields: [{ name: 'kommune', type: 'string' }] }, 'body.schema.fields.0.name', /reserved/);
    await bad({ fields: [{ name: 'a', type: 'string' }], primaryKey: ['b'] }, 'body.schema.primaryKey.0', /"b", which is not a field/);
    await bad({ fields: [{ name: 'a', type: 'string', constraints: { requird: true } }] }, 'body.schema.fields.0.constraints', /Feld "a":/);
    await bad({ fields: [{ name: 'a', type: 'date', constraints: { enum: ['2026-13-45'] } }] }, 'body.schema.fields.0.constraints.enum.0', /not of type date/);
    await bad({ fields: [] }, 'body.schema.fields', /./);
    await bad({ fields: [{ name: 'code', type: 'string', constraints: { pattern: '\\p{L}+' } }] }, 'body.schema.fields.0.constraints.pattern', /Feld "code": PostgreSQL cannot use this pattern/);
    problem(await req('POST', BASE, giessenAdmin, { name: 'Mit Leerzeichen', title: 'Test', version: '1', schema: PARKHAUS_SCHEMA }), 422);
    // Who may: not an editor of a member, not the admin of a non-member, not anonymous.
    problem(await req('POST', BASE, giessenEditor, { name: 'test', title: 'Test', version: '1', schema: PARKHAUS_SCHEMA }), 403);
    problem(await req('POST', BASE, frankfurtAdmin, { name: 'test', title: 'Test', version: '1', schema: PARKHAUS_SCHEMA }), 403);
    problem(await req('POST', BASE, undefined, { name: 'test', title: 'Test', version: '1', schema: PARKHAUS_SCHEMA }), 401);
    problem(await req('POST', '/api/v1/cooperations/gibt-es-nicht/schemas', platform, { name: 'test', title: 'Test', version: '1', schema: PARKHAUS_SCHEMA }), 404);
    assert.deepEqual(await everything(), before);
  });

  test('the demo: two cities publish conforming car park data, queried as one', async () => {
    await seedSchemas(t.db);
    await seedSchemas(t.db); // idempotent
    const s = (await req('GET', `${BASE}/parkhausbelegung`)).json();
    assert.equal(s.version, '1.0');
    assert.equal(s.view, 'datastore."schema_digitale-kommune-hessen_parkhausbelegung"');
    assert.deepEqual(s.resources.map((r: { kommune: string; status: string; in_merged_view: boolean }) => `${r.kommune}:${r.status}:${r.in_merged_view}`), ['Gießen:valid:true', 'Marburg:valid:true']);
    assert.equal(s.resources[0].report.fields.length, 5);
    assert.ok(s.resources[0].report.fields.every((f: { status: string }) => f.status === 'ok'));

    const all = await rows('?_size=5');
    assert.equal(all.total, 600);
    assert.deepEqual(all.fields.map((f) => `${f.id}:${f.type}`), ['_id:int', 'kommune:text', 'ars:text', 'resource_id:text', 'parkhaus:text', 'zeitpunkt:timestamp', 'frei:int', 'belegt:int', 'kapazitaet:int']);
    assert.equal(all.rows[0]!.kommune, 'Gießen');
    assert.equal(all.rows[0]!.ars, '065310005005');
    assert.equal(all.next_offset, 5);
    const marburg = await rows('?kommune=Marburg&_sort_desc=belegt&_size=3');
    assert.equal(marburg.total, 300);
    assert.ok(marburg.rows.every((r) => r.kommune === 'Marburg' && (r.frei as number) + (r.belegt as number) === r.kapazitaet));
    assert.ok((marburg.rows[0]!.belegt as number) >= (marburg.rows[1]!.belegt as number));
    const late = await rows('?zeitpunkt__gte=2026-11-17T12:00:00&parkhaus__in=Am Kino,Oberstadt&_col=parkhaus&_col=zeitpunkt');
    assert.ok(late.total > 0, JSON.stringify(late));
    assert.ok(late.rows.every((r) => ['Am Kino', 'Oberstadt'].includes(r.parkhaus as string) && (r.zeitpunkt as string) >= '2026-11-17T12:00:00'));
    assert.deepEqual(Object.keys(late.rows[0]!), ['_id', 'parkhaus', 'zeitpunkt']);
    // Paging with _offset: the next page continues the order.
    const p2 = await rows('?_size=5&_offset=5');
    assert.notDeepEqual(p2.rows[0], all.rows[0]);
    // Through SQL too: the view in the datastore schema.
    const viaSql = await sql<{ kommune: string; n: number }>`SELECT kommune, count(*)::int AS n FROM datastore."schema_digitale-kommune-hessen_parkhausbelegung" GROUP BY 1 ORDER BY 1`.execute(t.db);
    assert.deepEqual(viaSql.rows, [{ kommune: 'Gießen', n: 300 }, { kommune: 'Marburg', n: 300 }]);
    // CSV: one page, and the whole view streamed.
    const page = await req('GET', `${BASE}/parkhausbelegung/rows.csv?_size=2`);
    assert.match(page.headers['content-type'] as string, /text\/csv/);
    assert.equal(page.body.split('\n')[0], '_id,kommune,ars,resource_id,parkhaus,zeitpunkt,frei,belegt,kapazitaet');
    const csv = await req('GET', `${BASE}/parkhausbelegung/export.csv`);
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines.length, 601);
    assert.match(lines[1]!, /^\d+,Gießen,065310005005,[0-9a-f-]{36},[^,]+,2026-11-16T06:00:00,\d+,\d+,\d+$/);
    assert.ok(lines.some((l) => l.includes(',Marburg,')));
    // The list shows counts.
    const list = (await req('GET', BASE)).json();
    assert.deepEqual(list.items.map((x: { name: string; attached: number; valid: number }) => [x.name, x.attached, x.valid]), [['parkhausbelegung', 2, 2]]);
  });

  test('a non-conforming resource is attached with a report per field and stays out of the merged view', async () => {
    const id = await push(giessenEditor, 'giessen-parkhaeuser-belegung', [
      { id: 'parkhaus', type: 'text' }, { id: 'zeitpunkt', type: 'timestamp' }, { id: 'frei', type: 'int' }, { id: 'belegt', type: 'text' }, { id: 'bemerkung', type: 'text' },
    ], [
      ...Array.from({ length: 14 }, (_, i) => ({ parkhaus: 'Am Kino', zeitpunkt: `2026-11-20T10:${String(i).padStart(2, '0')}:00`, frei: i % 2 ? -i : i, belegt: 'viele' })),
      { parkhaus: null, zeitpunkt: '2026-11-20T11:00:00', frei: 5, belegt: '3' },
      { parkhaus: 'Am Kino', zeitpunkt: '2026-11-20T10:01:00', frei: 1, belegt: '1' },
    ]);
    const res = await req('POST', `${BASE}/parkhausbelegung/resources`, giessenEditor, { resource_id: id });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json().status, res.json().report, res.json().validated_at], ['pending', null, null]);
    assert.equal((await attachment(id)).status, 'pending');
    assert.equal(await checks(), 2); // the check, and the sweep's first run
    const a = await attachment(id);
    assert.equal(a.status, 'invalid');
    assert.equal(a.in_merged_view, false);
    const f = Object.fromEntries(a.report.fields.map((x: { name: string }) => [x.name, x]));
    assert.equal(f.parkhaus.status, 'constraints');
    assert.deepEqual(f.parkhaus.problems.map((p: { constraint: string; count: number }) => [p.constraint, p.count]), [['required', 1]]);
    assert.equal(f.parkhaus.problems[0].samples[0]._id, 15);
    assert.equal(f.frei.status, 'constraints');
    const min = f.frei.problems.find((p: { constraint: string }) => p.constraint === 'minimum');
    assert.equal(min.count, 7);
    assert.equal(min.samples.length, 7);
    assert.deepEqual(min.samples[0], { _id: 2, value: '-1' });
    assert.equal(f.belegt.status, 'type');
    assert.match(f.belegt.problems[0].message, /text passt nicht zu integer/);
    assert.equal(f.kapazitaet.status, 'missing');
    assert.deepEqual(a.report.extra_columns, ['bemerkung']);
    const pk = a.report.problems.find((p: { message: string }) => /doppelte Schlüssel/.test(p.message));
    assert.equal(pk.count, 2);
    assert.deepEqual(pk.samples.map((s: { _id: number }) => s._id), [2, 16]);
    // Samples are capped at 10 rows, counts are not.
    const many = await push(giessenEditor, 'giessen-parkhaeuser-belegung', [{ id: 'parkhaus', type: 'text' }, { id: 'zeitpunkt', type: 'timestamp' }, { id: 'frei', type: 'int' }, { id: 'belegt', type: 'int' }, { id: 'kapazitaet', type: 'int' }],
      Array.from({ length: 25 }, (_, i) => ({ parkhaus: `P${i}`, zeitpunkt: '2026-11-20T10:00:00', frei: 0, belegt: 0, kapazitaet: 0 })));
    const m = await attach(giessenEditor, many);
    const kap = m.report.fields.find((x: { name: string }) => x.name === 'kapazitaet').problems[0];
    assert.deepEqual([kap.constraint, kap.count, kap.samples.length], ['minimum', 25, 10]);
    // The merged view still has exactly the two demo resources.
    assert.equal((await rows('?_size=1')).total, 600);
    const s = (await req('GET', `${BASE}/parkhausbelegung`)).json();
    assert.deepEqual(s.resources.map((r: { status: string }) => r.status).sort(), ['invalid', 'invalid', 'valid', 'valid']);
    // Detaching removes it again (editors of the resource's tenant).
    problem(await req('DELETE', `${BASE}/parkhausbelegung/resources/${many}`, marburgEditor), 403);
    assert.equal((await req('DELETE', `${BASE}/parkhausbelegung/resources/${many}`, giessenEditor)).statusCode, 204);
    assert.equal((await req('GET', `${BASE}/parkhausbelegung`)).json().resources.length, 3);
  });

  test('only editors of member tenants attach their own resources', async () => {
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(frankfurtAdmin), payload: { name: 'frankfurt-parken', title: 'Parken Frankfurt', owner_org: 'frankfurt', license_id: 'dl-by-de/2.0' } });
    const fra = await push(frankfurtAdmin, 'frankfurt-parken', [{ id: 'parkhaus', type: 'text' }], [{ parkhaus: 'Hauptwache' }]);
    const giessenRes = (await t.db.selectFrom('datastore_tables').select('resource_id').where('tenant_id', '=', t.tenants.get('giessen')!).executeTakeFirstOrThrow()).resource_id;
    const before = await everything();
    const body = problem(await req('POST', `${BASE}/parkhausbelegung/resources`, frankfurtAdmin, { resource_id: fra }), 403);
    assert.match(body.detail, /nicht Mitglied der Kooperation/);
    problem(await req('POST', `${BASE}/parkhausbelegung/resources`, marburgEditor, { resource_id: giessenRes }), 403);
    problem(await req('POST', `${BASE}/parkhausbelegung/resources`, undefined, { resource_id: giessenRes }), 401);
    assert.deepEqual(await everything(), before);
  });

  test('a private resource is not in the public merged view', async () => {
    const marburg = (await req('GET', `${BASE}/parkhausbelegung`)).json().resources.find((r: { kommune: string }) => r.kommune === 'Marburg');
    const res = await req('POST', '/api/3/action/package_patch', marburgEditor, { id: marburg.dataset, private: true });
    assert.equal(res.statusCode, 200, res.body);
    const anon = await rows('?_size=1000');
    assert.ok(anon.rows.every((r) => r.kommune === 'Gießen'));
    assert.equal(anon.total, 300);
    // Members of Marburg see the attachment (and that it is private), the public does not see it at all.
    const forMember = (await req('GET', `${BASE}/parkhausbelegung`, marburgEditor)).json().resources.find((r: { kommune: string }) => r.kommune === 'Marburg');
    assert.deepEqual([forMember.status, forMember.private, forMember.in_merged_view], ['valid', true, false]);
    assert.equal((await req('GET', `${BASE}/parkhausbelegung`)).json().resources.filter((r: { kommune: string }) => r.kommune === 'Marburg').length, 0);
    // Members do not get private rows through the public merged view either.
    assert.equal((await rows('?kommune=Marburg', marburgEditor)).total, 0);
    const csv = await req('GET', `${BASE}/parkhausbelegung/export.csv`);
    assert.ok(!csv.body.includes(',Marburg,'));
    await req('POST', '/api/3/action/package_patch', marburgEditor, { id: marburg.dataset, private: false });
    assert.equal((await rows('?kommune=Marburg')).total, 300);
  });

  test('a table that changes is validated again: bad rows take it out of the merged view, fixed rows bring it back', async () => {
    const g = (await req('GET', `${BASE}/parkhausbelegung`)).json().resources.find((r: { kommune: string; status: string }) => r.kommune === 'Gießen' && r.status === 'valid');
    const up = await req('POST', '/api/3/action/datastore_upsert', giessenEditor, { resource_id: g.resource_id, method: 'insert', force: true, records: [{ parkhaus: 'Am Kino', zeitpunkt: '2026-11-30T10:00:00', frei: -3, belegt: 404, kapazitaet: 401 }] });
    assert.equal(up.statusCode, 200, up.body);
    // Out of the merged view at once (its table is not the checked one any more), also for SQL.
    assert.equal((await rows('?kommune=Gießen')).total, 0);
    const viaSql = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datastore."schema_digitale-kommune-hessen_parkhausbelegung" WHERE kommune = 'Gießen'`.execute(t.db);
    assert.equal(viaSql.rows[0]!.n, 0);
    // Reading the schema queues the check (pending), the job writes the report.
    assert.equal((await attachment(g.resource_id)).status, 'pending');
    assert.equal(await checks(), 1);
    const after = await attachment(g.resource_id);
    assert.equal(after.status, 'invalid');
    assert.deepEqual(after.report.fields.find((f: { name: string }) => f.name === 'frei').problems[0].samples, [{ _id: 301, value: '-3' }]);
    const del = await req('POST', '/api/3/action/datastore_delete', giessenEditor, { resource_id: g.resource_id, force: true, filters: { zeitpunkt: '2026-11-30T10:00:00' } });
    assert.equal(del.statusCode, 200, del.body);
    assert.equal((await rows('?kommune=Gießen')).total, 0); // not checked yet
    // Without anyone reading the schema, the sweep finds the changed table and queues its check.
    await t.jobs.enqueue(SWEEP_JOB, {});
    assert.equal(await checks(), 2); // the sweep and the check it queued
    assert.equal((await attachment(g.resource_id)).status, 'valid');
    assert.equal((await rows('?kommune=Gießen')).total, 300);
  });

  test('a new version of the schema re-validates every resource and rebuilds the view', async () => {
    const before = await everything();
    const url = `${BASE}/parkhausbelegung`;
    const changed = { ...PARKHAUS_SCHEMA, fields: [...PARKHAUS_SCHEMA.fields, { name: 'auslastung', type: 'number' }] };
    // Bad input on every write changes nothing.
    problem(await req('PUT', url, giessenAdmin, { title: 'Parkhausbelegung', version: '1.0', schema: changed }), 409);
    problem(await req('PUT', url, giessenAdmin, { title: 'Parkhausbelegung', version: '2.0', schema: { fields: [{ name: 'x', type: 'duration' }] } }), 422);
    problem(await req('PUT', url, giessenAdmin, { title: 'Parkhausbelegung', version: '2.0', schema: changed, name: 'anders' }), 422);
    problem(await req('PUT', url, giessenEditor, { title: 'Parkhausbelegung', version: '2.0', schema: changed }), 403);
    problem(await req('PUT', `${BASE}/gibt-es-nicht`, giessenAdmin, { title: 'X', version: '2.0', schema: changed }), 404);
    problem(await req('POST', `${url}/resources`, giessenEditor, { resource_id: 'keine-uuid' }), 422);
    problem(await req('POST', `${url}/resources`, giessenEditor, { resource_id: '00000000-0000-4000-8000-000000000000' }), 404);
    problem(await req('POST', `${url}/resources`, giessenEditor, { resource_id: '00000000-0000-4000-8000-000000000000', extra: 1 }), 400);
    problem(await req('DELETE', `${url}/resources/00000000-0000-4000-8000-000000000000`, giessenEditor), 404);
    problem(await req('DELETE', `${BASE}/gibt-es-nicht`, giessenAdmin), 404);
    problem(await req('DELETE', url, marburgEditor), 403);
    problem(await req('POST', BASE, giessenAdmin, { name: 'parkhausbelegung', title: 'Doppelt', version: '1', schema: PARKHAUS_SCHEMA }), 409);
    problem(await req('GET', `${url}/rows?frei=viele`), 400);
    problem(await req('GET', `${url}/rows?gibtsnicht=1`), 400);
    problem(await req('GET', `${url}/rows?_offset=-1`), 400);
    problem(await req('GET', `${url}/rows?_next=abc`), 400);
    assert.deepEqual(await everything(), before);

    const res = await req('PUT', url, giessenAdmin, { title: 'Parkhausbelegung', version: '2.0', schema: changed });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().resources.every((r: { status: string }) => r.status === 'pending'));
    assert.equal((await rows()).total, 0);
    assert.equal(await checks(), 3); // Gießen, Marburg and the invalid one
    const checked = (await req('GET', url)).json().resources as { status: string; report: { fields: { name: string; status: string }[] } }[];
    assert.ok(checked.every((r) => r.status === 'invalid' && r.report.fields.find((f) => f.name === 'auslastung')?.status === 'missing'), JSON.stringify(checked));
    assert.equal((await rows()).total, 0);
    assert.ok((await rows()).fields.some((f) => f.id === 'auslastung' && f.type === 'numeric'));
    // Back to the demo's fields (as version 3), everything conforms again.
    const back = await req('PUT', url, platform, { title: 'Parkhausbelegung', version: '3.0', schema: PARKHAUS_SCHEMA });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(await checks(), 3); // Gießen, Marburg and the invalid one
    assert.equal((await rows()).total, 600);
    // Deleting drops the view and the attachments.
    const tmp = await req('POST', BASE, giessenAdmin, { name: 'haushalt', title: 'Haushalt', version: '1', schema: { fields: [{ name: 'produkt', type: 'string' }, { name: 'betrag', type: 'number' }] } });
    assert.equal(tmp.statusCode, 201, tmp.body);
    assert.equal((await req('DELETE', `${BASE}/haushalt`, giessenAdmin)).statusCode, 204);
    const views = await sql<{ v: string }>`SELECT viewname AS v FROM pg_views WHERE schemaname = 'datastore' AND viewname LIKE 'schema_%'`.execute(t.db);
    assert.deepEqual(views.rows.map((r) => r.v), ['schema_digitale-kommune-hessen_parkhausbelegung']);
  });

  test('a resource in the merged view can still be reloaded or retyped (its view is swapped freely)', async () => {
    const g = (await req('GET', `${BASE}/parkhausbelegung`)).json().resources.find((r: { kommune: string; status: string }) => r.kommune === 'Marburg');
    const res = await req('PATCH', `/api/v1/resources/${g.resource_id}/datastore/fields`, marburgEditor, { fields: [{ id: 'frei', type: 'numeric' }] });
    assert.equal(res.statusCode, 200, res.body);
    // frei is now numeric, the schema wants integer: Marburg leaves the merged view, with the reason.
    assert.equal((await rows('?kommune=Marburg')).total, 0);
    assert.equal((await attachment(g.resource_id)).status, 'pending');
    await checks();
    const now = await attachment(g.resource_id);
    assert.equal(now.report.fields.find((f: { name: string }) => f.name === 'frei').status, 'type');
    const back = await req('PATCH', `/api/v1/resources/${g.resource_id}/datastore/fields`, marburgEditor, { fields: [{ id: 'frei', type: 'int' }] });
    assert.equal(back.statusCode, 200, back.body);
    await attachment(g.resource_id);
    await checks();
    assert.equal((await rows('?kommune=Marburg')).total, 300);
  });
});
