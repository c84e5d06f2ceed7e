// datastore_create, datastore_upsert and datastore_delete through the real app and PostgreSQL:
// a car park publishing its occupancy every five minutes, CKAN's three upsert methods, deleting
// rows and tables, and every kind of bad input refused with CKAN's errors and nothing changed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedCatalog } from '../../catalog/seed.ts';

/** Every public table plus every datastore view and version table (names and contents). */
async function everything(t: TestApp) {
  const rels = await sql<{ n: string }>`SELECT schemaname || '.' || tablename AS n FROM pg_tables WHERE schemaname = 'datastore_data'
    UNION ALL SELECT schemaname || '.' || viewname FROM pg_views WHERE schemaname = 'datastore' ORDER BY 1`.execute(t.db);
  const names = rels.rows.map((r) => r.n);
  return { names, public: await snapshot(t.db), data: await snapshot(t.db, names) };
}

const view = (t: TestApp, id: string, order = '_id') => sql<Record<string, unknown>>`SELECT * FROM ${sql.table(`datastore.${id}`)} ORDER BY ${sql.ref(order)}`.execute(t.db).then((r) => r.rows);

describe('datastore push: create, upsert, delete', () => {
  let t: TestApp;
  let giessen: string;
  let viewer: string;
  let fulda: string;
  before(async () => {
    t = await testApp({ datastorePushMaxRecords: 10_000 });
    await seedCatalog(t.db);
    giessen = await t.token(await t.makeUser({ email: 'parken@giessen.test', roles: { giessen: 'editor' } }));
    viewer = await t.token(await t.makeUser({ email: 'lesen@giessen.test', roles: { giessen: 'viewer' } }));
    fulda = await t.token(await t.makeUser({ email: 'od@fulda.test', roles: { fulda: 'editor' } }));
  });
  after(() => t.close());
  const post = (name: string, body: object, token?: string) =>
    t.app.inject({ method: 'POST', url: `/api/3/action/${name}`, payload: body, headers: token ? bearer(token) : {} });
  const ok = async (name: string, body: object, token = giessen) => {
    const res = await post(name, body, token);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result;
  };
  const tableRow = (id: string) => t.db.selectFrom('datastore_tables').selectAll().where('resource_id', '=', id).executeTakeFirst();

  const FIELDS = [
    { id: 'parkhaus', type: 'text', info: { label: 'Parkhaus', notes: 'Name des Parkhauses' } },
    { id: 'frei', type: 'int4', info: { label: 'Freie Plätze', unit: 'Stellplätze' } },
    { id: 'kapazitaet', type: 'int' },
    { id: 'stand', type: 'timestamp' },
    { id: 'auslastung', type: 'float8', info: { unit: '%' } },
  ];
  let parking = '';

  test('a car park pushes its occupancy every five minutes; the view always holds the latest state', async () => {
    const created = await ok('datastore_create', {
      resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'Belegung live', format: 'CSV' },
      fields: FIELDS, primary_key: ['parkhaus'],
      records: [
        { parkhaus: 'Am Kino', frei: 120, kapazitaet: 400, stand: '2026-11-23T10:00:00', auslastung: 70 },
        { parkhaus: 'Karstadt', frei: 35, kapazitaet: 250, stand: '2026-11-23T10:00:00', auslastung: 86 },
        { parkhaus: 'Neustädter Tor', frei: 210, kapazitaet: 300, stand: '2026-11-23T10:00:00', auslastung: 30 },
      ],
    });
    parking = created.resource_id;
    assert.deepEqual(created.fields.map((f: { id: string; type: string }) => `${f.id}:${f.type}`), ['parkhaus:text', 'frei:int', 'kapazitaet:int', 'stand:timestamp', 'auslastung:numeric']);
    assert.deepEqual(created.fields[1].info, { label: 'Freie Plätze', unit: 'Stellplätze' });
    assert.deepEqual(created.primary_key, ['parkhaus']);
    // The resource was created like CKAN does it: datastore-only, its URL the table as CSV.
    const res = (await t.app.inject({ url: `/api/3/action/resource_show?id=${parking}` })).json().result;
    assert.equal(res.url_type, 'datastore');
    assert.match(res.url, new RegExp(`/api/v1/resources/${parking}/rows\\.csv$`));
    assert.equal(res.name, 'Belegung live');
    const row = await tableRow(parking);
    assert.equal(row?.version, 1);
    assert.equal(row?.source, 'push');
    assert.equal(row?.table_name, `${parking}_v1`);
    assert.equal(Number(row?.row_count), 3);
    const firstUpdate = row!.updated_at;

    // Every five minutes: all car parks updated, and from 10:10 on a new one reports too.
    for (const [i, minute] of ['05', '10', '15'].entries()) {
      const records = [
        { parkhaus: 'Am Kino', frei: 100 - i * 10, stand: `2026-11-23T10:${minute}:00`, auslastung: 75 + i },
        { parkhaus: 'Karstadt', frei: 30 - i, stand: `2026-11-23T10:${minute}:00`, auslastung: 88 + i },
        { parkhaus: 'Neustädter Tor', frei: 200 - i, stand: `2026-11-23T10:${minute}:00`, auslastung: 33 },
        ...(i >= 1 ? [{ parkhaus: 'Bahnhof', frei: 50 + i, kapazitaet: 180, stand: `2026-11-23T10:${minute}:00`, auslastung: 60.5 }] : []),
      ];
      const r = await ok('datastore_upsert', { resource_id: parking, records });
      assert.equal(r.method, 'upsert');
      assert.deepEqual([r.inserted, r.updated], i === 1 ? [1, 3] : i === 0 ? [0, 3] : [0, 4]);
    }
    const rows = await view(t, parking, 'parkhaus');
    assert.deepEqual(rows.map((r) => [r.parkhaus, Number(r.frei), Number(r.kapazitaet), r.auslastung]), [
      ['Am Kino', 80, 400, '77'], ['Bahnhof', 52, 180, '60.5'], ['Karstadt', 28, 250, '90'], ['Neustädter Tor', 198, 300, '33'],
    ]);
    assert.equal((rows[0]!.stand as Date).toISOString(), new Date('2026-11-23T10:15:00').toISOString(), 'timestamps are stored as given');
    const after = await tableRow(parking);
    assert.equal(Number(after?.row_count), 4);
    assert.equal(after?.version, 1, 'upserts change the served table in place');
    assert.ok(after!.updated_at.getTime() >= firstUpdate.getTime());
    const audit = await t.db.selectFrom('core_audit_log').select('action').where('entity_id', '=', parking).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action).filter((a) => a.startsWith('datastore')), ['datastore.create', 'datastore.upsert', 'datastore.upsert', 'datastore.upsert']);
  });

  test('insert, update and upsert behave as in CKAN; dry_run checks and rolls back', async () => {
    const dup = await post('datastore_upsert', { resource_id: parking, method: 'insert', records: [{ parkhaus: 'Karstadt', frei: 1 }] }, giessen);
    assert.equal(dup.statusCode, 409);
    assert.match(dup.json().error.records[0], /duplicate key.*Karstadt/);
    const ins = await ok('datastore_upsert', { resource_id: parking, method: 'insert', records: [{ parkhaus: 'Rathaus', frei: 12, kapazitaet: 90 }] });
    assert.deepEqual([ins.inserted, ins.updated], [1, 0]);

    const before = await everything(t);
    const missing = await post('datastore_upsert', { resource_id: parking, method: 'update', records: [{ parkhaus: 'Am Kino', frei: 1 }, { parkhaus: 'Gibt es nicht', frei: 2 }] }, giessen);
    assert.equal(missing.statusCode, 409);
    assert.deepEqual(missing.json().error.key, ['key {"parkhaus":"Gibt es nicht"} not found (records[1])']);
    const dry = await ok('datastore_upsert', { resource_id: parking, records: [{ parkhaus: 'Neu', frei: 5 }, { parkhaus: 'Am Kino', frei: 0 }], dry_run: true });
    assert.deepEqual([dry.inserted, dry.updated, dry.dry_run], [1, 1, true]);
    assert.deepEqual(await everything(t), before, 'a refused update and a dry run change nothing');

    // update changes only the fields a record gives; later records of a batch win, as one by one.
    const upd = await ok('datastore_upsert', { resource_id: parking, method: 'update', records: [{ parkhaus: 'Rathaus', frei: 11 }, { parkhaus: 'Rathaus', frei: 10 }] });
    assert.equal(upd.updated, 2);
    const rathaus = (await view(t, parking)).find((r) => r.parkhaus === 'Rathaus')!;
    assert.deepEqual([Number(rathaus.frei), Number(rathaus.kapazitaet)], [10, 90]);
    const mixed = await ok('datastore_upsert', { resource_id: parking, records: [{ parkhaus: 'Rathaus', kapazitaet: 95 }, { parkhaus: 'Rathaus', frei: 9, auslastung: '90.5' }, { parkhaus: 'Post', frei: '7' }] });
    assert.deepEqual([mixed.inserted, mixed.updated], [1, 2]);
    const rows = await view(t, parking);
    const r2 = rows.find((r) => r.parkhaus === 'Rathaus')!;
    assert.deepEqual([Number(r2.frei), Number(r2.kapazitaet), r2.auslastung], [9, 95, '90.5']);
    assert.equal(Number(rows.find((r) => r.parkhaus === 'Post')!.frei), 7);
    assert.equal(Number((await tableRow(parking))?.row_count), rows.length);
  });

  test('10,000 records are one statement and fast; concurrent upserts of the same keys all land', async (ctx) => {
    const c = await ok('datastore_create', { resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'Zählwerte' }, fields: [{ id: 'n', type: 'int' }, { id: 'v', type: 'numeric' }], primary_key: 'n' });
    const records = Array.from({ length: 10_000 }, (_, i) => ({ n: i, v: i / 4 }));
    const t0 = performance.now();
    const r = await ok('datastore_upsert', { resource_id: c.resource_id, records });
    const ms = performance.now() - t0;
    assert.equal(r.inserted, 10_000);
    assert.ok(ms < 5_000, `10,000 records took ${ms.toFixed(0)} ms`);
    ctx.diagnostic(`datastore_upsert of 10,000 new records over HTTP: ${ms.toFixed(0)} ms`);
    const t1 = performance.now();
    const again = await ok('datastore_upsert', { resource_id: c.resource_id, records: records.map((x) => ({ ...x, v: x.v + 1 })) });
    assert.deepEqual([again.inserted, again.updated], [0, 10_000]);
    ctx.diagnostic(`datastore_upsert updating 10,000 records: ${(performance.now() - t1).toFixed(0)} ms`);
    // Five writers at once over overlapping keys in different orders: no deadlock, no lost count.
    const batches = Array.from({ length: 5 }, (_, k) => Array.from({ length: 400 }, (_, i) => ({ n: 9_800 + k * 100 + ((i * 7 + k * 13) % 400), v: k })));
    const fresh = new Set(batches.flat().map((x) => x.n).filter((n) => n >= 10_000)).size;
    assert.equal(fresh, 600);
    const results = await Promise.all(batches.map((b) => post('datastore_upsert', { resource_id: c.resource_id, records: b }, giessen)));
    for (const x of results) assert.equal(x.statusCode, 200, x.body);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`datastore.${c.resource_id}`)}`.execute(t.db);
    assert.equal(Number((await tableRow(c.resource_id))?.row_count), count.rows[0]!.n);
    assert.equal(count.rows[0]!.n, 10_000 + fresh);
  });

  test('delete rows by filters, then the whole table', async () => {
    const c = await ok('datastore_create', {
      resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'Zum Löschen' },
      fields: [{ id: 'ort', type: 'text' }, { id: 'tag', type: 'date' }, { id: 'wert', type: 'int' }],
      records: [
        { ort: 'A', tag: '2026-11-01', wert: 1 }, { ort: 'A', tag: '2026-11-02', wert: 2 }, { ort: 'B', tag: '2026-11-01', wert: 3 },
        { ort: 'C', tag: '2026-11-03', wert: 4 }, { ort: null, tag: '2026-11-03', wert: 5 },
      ],
    });
    const id = c.resource_id;
    const d1 = await ok('datastore_delete', { resource_id: id, filters: { ort: 'A', tag: '2026-11-02' } });
    assert.equal(d1.deleted, 1);
    const d2 = await ok('datastore_delete', { resource_id: id, filters: { ort: ['B', null] } });
    assert.equal(d2.deleted, 2);
    assert.deepEqual((await view(t, id)).map((r) => Number(r.wert)), [1, 4]);
    assert.equal(Number((await tableRow(id))?.row_count), 2);
    // filters {} deletes every row but keeps the table (CKAN); no filters removes the table.
    assert.equal((await ok('datastore_delete', { resource_id: id, filters: {} })).deleted, 2);
    assert.equal(Number((await tableRow(id))?.row_count), 0);
    assert.deepEqual(await view(t, id), []);
    await ok('datastore_delete', { resource_id: id });
    assert.equal(await tableRow(id), undefined);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname IN ('datastore', 'datastore_data') AND c.relname LIKE ${`${id}%`}`.execute(t.db);
    assert.equal(left.rows[0]!.n, 0, 'view and version tables are gone');
    assert.equal((await post('datastore_upsert', { resource_id: id, records: [] }, giessen)).statusCode, 404);
    // The resource itself stays.
    assert.equal((await t.app.inject({ url: `/api/3/action/resource_show?id=${id}` })).statusCode, 200);
  });

  test('datastore_create again: new fields make a new version, the data dictionary changes in place', async () => {
    const before = await view(t, parking);
    const r = await ok('datastore_create', {
      resource_id: parking,
      fields: [{ id: 'frei', info: { label: 'Freie Stellplätze', unit: 'Plätze' } }, { id: 'betreiber', type: 'varchar' }],
      records: [{ parkhaus: 'Messe', frei: 500, betreiber: 'Stadtwerke', bemerkung: 'neu' }],
    });
    assert.deepEqual(r.fields.map((f: { id: string }) => f.id), ['parkhaus', 'frei', 'kapazitaet', 'stand', 'auslastung', 'betreiber', 'bemerkung']);
    assert.deepEqual(r.fields[1], { id: 'frei', type: 'int', info: { label: 'Freie Stellplätze', unit: 'Plätze' } });
    assert.equal(r.fields[6].type, 'text', 'a field only in the first record gets its type from the value');
    const row = await tableRow(parking);
    assert.equal(row?.version, 2);
    assert.equal(row?.table_name, `${parking}_v2`);
    assert.equal(Number(row?.row_count), before.length + 1);
    const rows = await view(t, parking);
    assert.deepEqual(rows.slice(0, -1).map((x) => [x._id, x.parkhaus, x.frei, x.betreiber]), before.map((x) => [x._id, x.parkhaus, x.frei, null]));
    assert.deepEqual([rows.at(-1)!.parkhaus, rows.at(-1)!.betreiber], ['Messe', 'Stadtwerke']);
    assert.ok(Number(rows.at(-1)!._id) > Number(before.at(-1)!._id), '_id continues after the copied rows');
    const old = await sql`SELECT 1 FROM pg_tables WHERE schemaname = 'datastore_data' AND tablename = ${`${parking}_v1`}`.execute(t.db);
    assert.equal(old.rows.length, 0, 'the replaced push version is dropped');
    // Upserts go on into the new version, with the primary key carried over.
    const u = await ok('datastore_upsert', { resource_id: parking, records: [{ parkhaus: 'Messe', frei: 480 }] });
    assert.deepEqual([u.inserted, u.updated], [0, 1]);
    // Only the dictionary: no new version.
    await ok('datastore_create', { resource_id: parking, fields: [{ id: 'stand', info: { label: 'Zeitpunkt' } }] });
    assert.equal((await tableRow(parking))?.version, 2);
    assert.deepEqual((await tableRow(parking))?.fields.find((f) => f.id === 'stand')?.info, { label: 'Zeitpunkt' });
  });

  test('bad input on every action is refused CKAN-style and changes nothing', async () => {
    const before = await everything(t);
    const err = async (name: string, body: object, status: number, token: string | null = giessen) => {
      const res = await post(name, body, token ?? undefined);
      assert.equal(res.statusCode, status, `${name} ${JSON.stringify(body).slice(0, 120)}: ${res.body}`);
      assert.equal(res.json().success, false);
      return res.json().error;
    };
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.equal((await err('datastore_create', { resource_id: unknown, fields: [] }, 404)).__type, 'Not Found Error');
    assert.equal((await err('datastore_upsert', { resource_id: unknown, records: [] }, 404)).__type, 'Not Found Error');
    assert.equal((await err('datastore_delete', { resource_id: 'kein-uuid' }, 404)).__type, 'Not Found Error');
    assert.deepEqual((await err('datastore_create', {}, 409)).resource_id, ['resource_id or resource required']);
    assert.deepEqual((await err('datastore_upsert', {}, 409)).resource_id, ['Missing value']);

    // Bad field names and types: every one named, and no resource is created for them.
    const names = await err('datastore_create', {
      resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'kaputt' },
      fields: [{ id: '_geheim', type: 'text' }, { id: 'mit"anführung', type: 'text' }, { id: ' leer', type: 'text' }, { id: 'x'.repeat(64), type: 'text' }, { id: 'a', type: 'text' }, { id: 'a', type: 'int' }, { id: 'b', type: 'geometry' }, { id: 'c' }],
      primary_key: ['fehlt'],
    }, 409);
    assert.equal(names.__type, 'Validation Error');
    assert.deepEqual(names.fields, [
      '"_geheim" is not a valid field name', '"mit"anführung" is not a valid field name', '" leer" is not a valid field name',
      `"${'x'.repeat(64)}" is not a valid field name: longer than 63 bytes`, 'Duplicate column: "a"',
      '"geometry" is not a valid field type for "b" (use one of text, int, numeric, date, timestamp, bool, json)', '"c" type not guessable: give its type',
    ]);
    assert.deepEqual(names.primary_key, ['field "fehlt" in primary_key is not in the table']);
    // Wrong types name the record and field.
    const types = await err('datastore_upsert', { resource_id: parking, records: [{ parkhaus: 'Am Kino', frei: 'viele' }, { parkhaus: 'Karstadt', stand: '23.11.2026', auslastung: '12,5' }, { parkhaus: 'X', frei: 1.5, farbe: 'rot' }] }, 409);
    assert.deepEqual(types.records, [
      'records[0].frei: "viele" is not a whole number (field "frei" is int)',
      'records[1].stand: "23.11.2026" is not a timestamp (ISO 8601, e.g. 2026-11-23T10:05:00) (field "stand" is timestamp)',
      'records[1].auslastung: "12,5" is not a number (field "auslastung" is numeric)',
      'records[2].frei: 1.5 is not a whole number (field "frei" is int)',
      'records[2] has fields that are not in the table: "farbe"',
    ]);
    assert.deepEqual((await err('datastore_upsert', { resource_id: parking, records: [{ frei: 3 }] }, 409)).records, ['records[0]: primary key field "parkhaus" is missing']);
    assert.deepEqual((await err('datastore_upsert', { resource_id: parking, records: { parkhaus: 'Am Kino' } }, 409)).records, ['Must be a list of records (JSON objects)']);
    assert.deepEqual((await err('datastore_upsert', { resource_id: parking, records: ['Am Kino'] }, 409)).records, ['records[0] is not a json object']);
    assert.deepEqual((await err('datastore_upsert', { resource_id: parking, method: 'merge', records: [] }, 409)).method, ['Value must be one of upsert, insert, update']);
    assert.deepEqual((await err('datastore_create', { resource_id: parking, records: [{ parkhaus: 'Am Kino' }] }, 409)).records, ['duplicate key value: Key (parkhaus)=(Am Kino) already exists.']);
    // Oversized batch: above DATASTORE_PUSH_MAX_RECORDS, and above the body limit.
    const many = Array.from({ length: 10_001 }, (_, i) => ({ parkhaus: `P${i}` }));
    assert.match((await err('datastore_upsert', { resource_id: parking, records: many }, 409)).records[0], /^At most 10000 records per request, got 10001/);
    const huge = Array.from({ length: 9_000 }, (_, i) => ({ parkhaus: `P${i}`.padEnd(150, '.') }));
    assert.equal((await err('datastore_upsert', { resource_id: parking, records: huge }, 413)).__type, 'Validation Error');
    assert.deepEqual(await everything(t), before);
    // A table without a primary key takes only inserts.
    const nokey = await ok('datastore_create', { resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'ohne Schlüssel' }, fields: [{ id: 'a', type: 'text' }] });
    const snap = await everything(t);
    assert.deepEqual((await err('datastore_upsert', { resource_id: nokey.resource_id, records: [{ a: 'x' }] }, 409)).table, ['table does not have a unique key defined']);
    assert.deepEqual((await err('datastore_upsert', { resource_id: nokey.resource_id, method: 'update', records: [{ a: 'x' }] }, 409)).table, ['table does not have a unique key defined']);
    // Filters must name fields and fit their types.
    assert.deepEqual((await err('datastore_delete', { resource_id: parking, filters: { farbe: 'rot', frei: 'viele' } }, 409)).filters, ['field "farbe" not in table', '"frei": "viele" is not a whole number (field is int)']);
    assert.deepEqual((await err('datastore_delete', { resource_id: parking, filters: ['frei'] }, 409)).filters, ['filters must be a dict of field: value or [values]']);
    assert.deepEqual(await everything(t), snap);

    // A resource with a URL is read-only unless forced (CKAN).
    const linked = (await t.db.selectFrom('catalog_resources').innerJoin('catalog_datasets', 'catalog_datasets.id', 'catalog_resources.dataset_id').select('catalog_resources.id').where('catalog_datasets.name', '=', 'giessen-parkhaeuser-belegung').where('catalog_resources.url_type', 'is', null).executeTakeFirstOrThrow()).id;
    assert.ok((await err('datastore_create', { resource_id: linked, fields: [{ id: 'a', type: 'text' }] }, 409))['read-only']);

    // Permissions: a viewer, another city's editor, anonymous.
    for (const who of [viewer, fulda, null]) {
      assert.equal((await err('datastore_create', { resource_id: parking, fields: [{ id: 'neu', type: 'text' }] }, 403, who)).__type, 'Authorization Error');
      assert.equal((await err('datastore_upsert', { resource_id: parking, records: [{ parkhaus: 'Am Kino', frei: 0 }] }, 403, who)).__type, 'Authorization Error');
      assert.equal((await err('datastore_delete', { resource_id: parking }, 403, who)).__type, 'Authorization Error');
      assert.equal((await err('datastore_create', { resource: { package_id: 'giessen-parkhaeuser-belegung', name: 'fremd' }, fields: [] }, 403, who)).__type, 'Authorization Error');
    }
    assert.deepEqual(await everything(t), snap);
  });
});
