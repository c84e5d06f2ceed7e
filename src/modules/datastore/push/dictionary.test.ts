// The data dictionary API and retyping after import, through the real app and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedCatalog } from '../../catalog/seed.ts';

async function everything(t: TestApp) {
  const rels = await sql<{ n: string }>`SELECT schemaname || '.' || tablename AS n FROM pg_tables WHERE schemaname = 'datastore_data'
    UNION ALL SELECT schemaname || '.' || viewname FROM pg_views WHERE schemaname = 'datastore' ORDER BY 1`.execute(t.db);
  const names = rels.rows.map((r) => r.n);
  return { names, public: await snapshot(t.db), data: await snapshot(t.db, names) };
}

describe('datastore data dictionary and retyping', () => {
  let t: TestApp;
  let editor: string;
  let viewer: string;
  let fulda: string;
  let id = '';
  before(async () => {
    t = await testApp();
    await seedCatalog(t.db);
    editor = await t.token(await t.makeUser({ email: 'od@wiesbaden.test', roles: { wiesbaden: 'editor' } }));
    viewer = await t.token(await t.makeUser({ email: 'lesen@wiesbaden.test', roles: { wiesbaden: 'viewer' } }));
    fulda = await t.token(await t.makeUser({ email: 'od@fulda.test', roles: { fulda: 'editor' } }));
    // A table as a text-only import leaves it: numbers with decimal points still text.
    const records = [
      { station: 'Ringkirche', messzeit: '2026-11-23 10:00', no2: '41.5', pm10: '18', bemerkung: '' },
      { station: 'Schierstein', messzeit: '2026-11-23 10:00', no2: '22', pm10: ' 12 ', bemerkung: 'ok' },
      { station: 'Ringkirche', messzeit: '2026-11-23 11:00', no2: '', pm10: 'Ausfall', bemerkung: 'Gerät defekt' },
      ...Array.from({ length: 30 }, (_, i) => ({ station: 'Mobil', messzeit: `2026-11-${24 + Math.floor(i / 24)} ${String(i % 24).padStart(2, '0')}:00`, no2: String(30 + i), pm10: i % 3 ? String(i) : `k.A.${i}`, bemerkung: '' })),
    ];
    const res = await t.app.inject({
      method: 'POST', url: '/api/3/action/datastore_create', headers: bearer(editor),
      payload: { resource: { package_id: 'wiesbaden-luftqualitaet', name: 'Messwerte' }, primary_key: ['station', 'messzeit'], indexes: ['station'], fields: ['station', 'messzeit', 'no2', 'pm10', 'bemerkung'].map((f) => ({ id: f, type: 'text' })), records },
    });
    assert.equal(res.statusCode, 200, res.body);
    id = res.json().result.resource_id;
  });
  after(() => t.close());
  const url = () => `/api/v1/resources/${id}/datastore/fields`;
  const patch = (payload: object, token?: string) => t.app.inject({ method: 'PATCH', url: url(), payload, headers: token ? bearer(token) : {} });
  const served = () => t.db.selectFrom('datastore_tables').selectAll().where('resource_id', '=', id).executeTakeFirstOrThrow();
  const typeOf = async (col: string) => (await sql<{ t: string }>`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = ${`datastore."${id}"`}::regclass AND attname = ${col}`.execute(t.db)).rows[0]?.t;

  test('anyone who may see the dataset reads the dictionary', async () => {
    const res = await t.app.inject({ url: url() });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.version, 1);
    assert.equal(body.row_count, 33);
    assert.deepEqual(body.primary_key, ['station', 'messzeit']);
    assert.deepEqual(body.fields.map((f: { id: string; type: string }) => `${f.id}:${f.type}`), ['station:text', 'messzeit:text', 'no2:text', 'pm10:text', 'bemerkung:text']);
    assert.equal((await t.app.inject({ url: '/api/v1/resources/00000000-0000-4000-8000-000000000000/datastore/fields' })).statusCode, 404);
  });

  test('labels, notes and units change the dictionary only', async () => {
    const res = await patch({ fields: [{ id: 'no2', info: { label: 'Stickstoffdioxid', notes: 'Stundenmittel', unit: 'µg/m³' } }, { id: 'station', info: { label: 'Messstation' } }] }, editor);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().fields[2].info, { label: 'Stickstoffdioxid', notes: 'Stundenmittel', unit: 'µg/m³' });
    assert.equal(res.json().version, 1);
    const again = await patch({ fields: [{ id: 'no2', info: { notes: null, unit: 'µg/m3' } }] }, editor);
    assert.deepEqual(again.json().fields[2].info, { label: 'Stickstoffdioxid', unit: 'µg/m3' }, 'given entries change, null removes, others stay');
    assert.deepEqual((await served()).fields.find((f) => f.id === 'no2')?.info, { label: 'Stickstoffdioxid', unit: 'µg/m3' });
    // datastore_info-style reads see the same dictionary through CKAN's datastore_create echo.
    assert.equal((await t.app.inject({ url: url() })).json().fields[0].info.label, 'Messstation');
  });

  test('retyping text → numeric and → timestamp builds the next version and swaps it in', async () => {
    const before = await sql<{ _id: number; no2: string | null }>`SELECT _id, no2 FROM ${sql.table(`datastore.${id}`)} ORDER BY _id`.execute(t.db);
    const res = await patch({ fields: [{ id: 'no2', type: 'float8' }, { id: 'messzeit', type: 'timestamp', info: { label: 'Messzeitpunkt' } }] }, editor);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.version, 2);
    assert.deepEqual(body.fields.map((f: { id: string; type: string }) => `${f.id}:${f.type}`), ['station:text', 'messzeit:timestamp', 'no2:numeric', 'pm10:text', 'bemerkung:text']);
    assert.deepEqual(body.fields[2].info, { label: 'Stickstoffdioxid', unit: 'µg/m3' }, 'the dictionary goes along');
    assert.equal(await typeOf('no2'), 'numeric');
    assert.equal(await typeOf('messzeit'), 'timestamp without time zone');
    const rows = await sql<{ _id: number; no2: string | null }>`SELECT _id, no2 FROM ${sql.table(`datastore.${id}`)} ORDER BY _id`.execute(t.db);
    assert.deepEqual(rows.rows.map((r) => [Number(r._id), r.no2]), before.rows.map((r) => [Number(r._id), r.no2 === '' ? null : r.no2]), 'same rows, same _id; empty text became empty');
    const s = await served();
    assert.equal(s.table_name, `${id}_v2`);
    assert.equal(Number(s.row_count), 33);
    const tablesLeft = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'datastore_data' AND tablename LIKE ${`${id}%`}`.execute(t.db);
    assert.deepEqual(tablesLeft.rows.map((r) => r.t), [`${id}_v2`]);
    // Key and index came along: upserts by (station, messzeit) work on the new version.
    const up = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_upsert', headers: bearer(editor), payload: { resource_id: id, records: [{ station: 'Ringkirche', messzeit: '2026-11-23T10:00:00', no2: 40.25 }, { station: 'Neu', messzeit: '2026-11-25T08:00:00', no2: '1e2' }] } });
    assert.equal(up.statusCode, 200, up.body);
    assert.deepEqual([up.json().result.inserted, up.json().result.updated], [1, 1]);
    const idx = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'datastore_data' AND tablename = ${`${id}_v2`}`.execute(t.db);
    assert.equal(idx.rows[0]!.n, 3, 'primary key on _id, unique key, index on station');
    const audit = await t.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['resource.create', 'resource.update', 'datastore.create', 'datastore.fields', 'datastore.fields', 'datastore.retype', 'datastore.upsert']);
  });

  test('values that do not convert: 409 with up to 20 rows (_id, value), nothing changes', async () => {
    const before = await everything(t);
    const res = await patch({ fields: [{ id: 'pm10', type: 'int', info: { unit: 'µg/m³' } }] }, editor);
    const p = problem(res, 409);
    const rows = res.json().rows as { field: string; _id: number; value: string }[];
    assert.equal(rows.length, 11, '"Ausfall" and ten "k.A." values');
    assert.deepEqual(rows[0], { field: 'pm10', to: 'int', _id: 3, value: 'Ausfall' });
    assert.deepEqual(rows.slice(1).map((r) => r.value), Array.from({ length: 10 }, (_, k) => `k.A.${k * 3}`));
    assert.match(p.errors![0]!.message, /_id 3: "Ausfall"/);
    // More than 20 bad values: 20 are listed.
    const many = await patch({ fields: [{ id: 'station', type: 'int' }] }, editor);
    assert.equal(many.statusCode, 409);
    assert.equal(many.json().rows.length, 20);
    assert.deepEqual(await everything(t), before);
  });

  test('bad requests and foreign writes are refused and change nothing', async () => {
    const before = await everything(t);
    const unknownField = problem(await patch({ fields: [{ id: 'ozon', info: { label: 'Ozon' } }] }, editor), 422);
    assert.equal(unknownField.errors![0]!.field, 'fields.0.id');
    assert.equal(problem(await patch({ fields: [{ id: 'no2', type: 'geometry' }] }, editor), 422).errors![0]!.field, 'fields.0.type');
    assert.equal((await patch({ fields: [{ id: 'no2', info: { label: 5 } }] }, editor)).statusCode, 400);
    assert.equal((await patch({ fields: [] }, editor)).statusCode, 400);
    problem(await patch({ fields: [{ id: 'no2', info: { label: 'x' } }] }), 401);
    problem(await patch({ fields: [{ id: 'no2', info: { label: 'x' } }] }, viewer), 403);
    problem(await patch({ fields: [{ id: 'no2', type: 'text' }] }, fulda), 403);
    assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/resources/00000000-0000-4000-8000-000000000000/datastore/fields', payload: { fields: [{ id: 'a' }] }, headers: bearer(editor) })).statusCode, 404);
    assert.deepEqual(await everything(t), before);
  });

  test('datastore_create can retype too, and refuses values that do not convert', async () => {
    const before = await everything(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_create', headers: bearer(editor), payload: { resource_id: id, fields: [{ id: 'pm10', type: 'numeric' }] } });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.fields[0], /^"pm10": values that do not convert to numeric: _id 3: "Ausfall", _id 4: "k\.A\.0"/);
    assert.deepEqual(await everything(t), before);
    const ok = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_create', headers: bearer(editor), payload: { resource_id: id, fields: [{ id: 'bemerkung', type: 'json' }] } });
    assert.equal(ok.statusCode, 409, 'plain text is not JSON');
    const str = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_create', headers: bearer(editor), payload: { resource_id: id, fields: [{ id: 'no2', type: 'text' }] } });
    assert.equal(str.statusCode, 200, str.body);
    assert.equal(await typeOf('no2'), 'text');
    assert.equal((await served()).version, 3);
  });

  test('numeric → int takes whole numbers only; int → bool takes 0 and 1', async () => {
    const c = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_create', headers: bearer(editor), payload: {
      resource: { package_id: 'wiesbaden-luftqualitaet', name: 'Zahlen' }, fields: [{ id: 'x', type: 'numeric' }, { id: 'b', type: 'int' }],
      records: [{ x: '2.0', b: 1 }, { x: 2.5, b: 0 }, { x: -7, b: 2 }],
    } });
    assert.equal(c.statusCode, 200, c.body);
    const rid = c.json().result.resource_id;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/resources/${rid}/datastore/fields`, headers: bearer(editor), payload: { fields: [{ id: 'x', type: 'int' }, { id: 'b', type: 'bool' }] } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json().rows.map((r: { field: string; _id: number; value: string }) => [r.field, r._id, r.value]), [['x', 2, '2.5'], ['b', 3, '2']]);
    await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_delete', headers: bearer(editor), payload: { resource_id: rid, filters: { _id: [2, 3] } } });
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/resources/${rid}/datastore/fields`, headers: bearer(editor), payload: { fields: [{ id: 'x', type: 'int' }, { id: 'b', type: 'bool' }] } });
    assert.equal(ok.statusCode, 200, ok.body);
    const rows = await sql<{ x: number; b: boolean }>`SELECT x, b FROM ${sql.table(`datastore.${rid}`)}`.execute(t.db);
    assert.deepEqual(rows.rows, [{ x: 2, b: true }]);
  });
});
