// datastore_search_sql through the real app and PostgreSQL: one read-only SELECT over tables the
// caller may read; everything else refused in CKAN's error shapes, and nothing changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { createDatastoreTable, PARK_FIELDS, PARK_ROWS, type TableFixture } from '../../../../test/fixtures/datastore-table.ts';
import { seedCatalog } from '../../catalog/seed.ts';
import { seedSchemas } from '../schemas/seed.ts';
import { runUserSelect } from './repo.ts';
import { checkSql } from './sql-check.ts';

const TIMEOUT_MS = 400;

describe('datastore_search_sql', () => {
  let t: TestApp;
  let giessen: string;
  let frankfurt: string;
  let park: TableFixture;
  let kosten: TableFixture;
  let hidden: TableFixture;
  before(async () => {
    t = await testApp({ datastoreQuery: { sqlTimeoutMs: TIMEOUT_MS, sqlMaxRows: 3, searchRowsMax: 32_000 } });
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
    frankfurt = await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } }));
    park = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'parkhaeuser', fields: PARK_FIELDS, rows: PARK_ROWS });
    kosten = await createDatastoreTable(t, { token: frankfurt, org: 'frankfurt', name: 'parkgebuehren', fields: [{ id: 'stadt', type: 'text' }, { id: 'euro_pro_stunde', type: 'numeric' }], rows: [['Gießen', '1.50'], ['Marburg', '2']] });
    hidden = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'intern', private: true, fields: [{ id: 'geheim', type: 'text' }], rows: [['vertraulich']] });
  });
  after(() => t.close());

  const run = async (query: string, token?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_search_sql', headers: token ? bearer(token) : {}, payload: { sql: query } });
    return { status: res.statusCode, body: res.json() as { success: boolean; result: { fields: { id: string; type: string }[]; records: Record<string, unknown>[]; records_truncated?: boolean }; error: Record<string, unknown> } };
  };

  test('a SELECT over a public table: records and fields with PostgreSQL type names', async () => {
    const { status, body } = await run(`SELECT name, plaetze, belegung, datum, zeit, offen FROM "${park.resourceId}" WHERE stadt = 'Fulda' ORDER BY _id`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.result.fields, [{ id: 'name', type: 'text' }, { id: 'plaetze', type: 'int8' }, { id: 'belegung', type: 'numeric' }, { id: 'datum', type: 'date' }, { id: 'zeit', type: 'timestamp' }, { id: 'offen', type: 'bool' }]);
    assert.deepEqual(body.result.records, [
      { name: 'Schulen-Parkplatz Nord', plaetze: 60, belegung: null, datum: '2026-03-01', zeit: '2026-03-01T07:15:00', offen: null },
      { name: 'Parkhaus "Zentrum", Süd', plaetze: 420, belegung: 70.1, datum: '2026-03-02', zeit: '2026-03-02T18:45:10', offen: false },
    ]);
    assert.equal(body.result.records_truncated, undefined, 'only present when rows were cut off');
  });

  test('joins across public tables of different municipalities, CTEs, the datastore schema, aggregates', async () => {
    const join = await run(`WITH p AS (SELECT stadt, sum(plaetze) AS plaetze FROM datastore."${park.resourceId}" GROUP BY stadt)
      SELECT p.stadt, p.plaetze, k.euro_pro_stunde FROM p JOIN "${kosten.resourceId}" k ON k.stadt = p.stadt ORDER BY p.stadt`);
    assert.equal(join.status, 200, JSON.stringify(join.body));
    assert.deepEqual(join.body.result.records, [{ stadt: 'Gießen', plaetze: 600, euro_pro_stunde: 1.5 }, { stadt: 'Marburg', plaetze: 1227, euro_pro_stunde: 2 }]);
    const fn = await run(`SELECT upper(stadt) AS s, extract(year from datum) AS y, round(avg(belegung), 1) AS b FROM "${park.resourceId}" GROUP BY 1, 2 ORDER BY 1`);
    assert.equal(fn.status, 200, JSON.stringify(fn.body));
    assert.deepEqual(fn.body.result.records[0], { s: 'FULDA', y: 2026, b: 70.1 });
  });

  test('row cap: more rows than DATASTORE_SQL_MAX_ROWS are cut off with records_truncated', async () => {
    const r = await run(`SELECT _id FROM "${park.resourceId}" ORDER BY _id`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result.records, [{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    assert.equal(r.body.result.records_truncated, true);
    assert.equal((await run(`SELECT _id FROM "${park.resourceId}" LIMIT 3`)).body.result.records_truncated, undefined);
  });

  test('a private table: readable for members, refused for others like a table that does not exist', async () => {
    assert.deepEqual((await run(`SELECT geheim FROM "${hidden.resourceId}"`, giessen)).body.result.records, [{ geheim: 'vertraulich' }]);
    for (const token of [undefined, frankfurt]) {
      for (const q of [`SELECT geheim FROM "${hidden.resourceId}"`, `SELECT * FROM "${park.resourceId}" p JOIN "${hidden.resourceId}" h ON true`, 'SELECT * FROM "00000000-0000-4000-8000-000000000000"']) {
        const r = await run(q, token);
        assert.equal(r.status, 403, `${q}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(r.body.error, { __type: 'Authorization Error', message: 'Access denied: Not authorized to read resource.' });
      }
    }
  });

  test('refusals: DDL, DML, several statements, writing CTEs, system catalogues, other tables, unsafe functions, timeout', async () => {
    const before = await snapshot(t.db);
    const id = park.resourceId;
    const invalid: [string, RegExp][] = [
      [`DROP TABLE "${id}"`, /Only SELECT/],
      [`DROP VIEW datastore."${id}"`, /Only SELECT/],
      ['CREATE TABLE boese (a int)', /Only SELECT/],
      [`ALTER TABLE "${id}" ADD COLUMN x int`, /Only SELECT/],
      [`DELETE FROM "${id}"`, /Only SELECT/],
      [`UPDATE "${id}" SET plaetze = 0`, /Only SELECT/],
      [`INSERT INTO "${id}" (_id) VALUES (99)`, /Only SELECT/],
      [`TRUNCATE "${id}"`, /Only SELECT/],
      [`SELECT 1; DROP TABLE "${id}"`, /not a single statement/],
      ['SELECT 1; SELECT 2', /not a single statement/],
      [`WITH d AS (DELETE FROM "${id}" RETURNING *) SELECT * FROM d`, /DELETE/],
      [`WITH u AS (UPDATE "${id}" SET plaetze = 0 RETURNING _id) SELECT count(*) FROM u`, /UPDATE/],
      [`SELECT * INTO kopie FROM "${id}"`, /SELECT INTO/],
      [`SELECT * FROM "${id}" FOR UPDATE`, /locks/],
      ['SET statement_timeout = 0', /Only SELECT/],
      ['COPY (SELECT 1) TO STDOUT', /Only SELECT/],
      [`EXPLAIN ANALYZE SELECT * FROM "${id}"`, /Only SELECT/],
      ['SELEKT 1', /syntax error/],
      [`SELECT nope FROM "${id}"`, /column "nope" does not exist/],
    ];
    for (const [q, msg] of invalid) {
      const r = await run(q, giessen);
      assert.equal(r.status, 409, `${q}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.__type, 'Validation Error', q);
      assert.match((r.body.error.query as string[])[0]!, msg, q);
      assert.ok(r.body.error.info, `${q}: CKAN's info with statement and orig`);
    }
    const forbidden: [string, string][] = [
      ['SELECT pg_sleep(5)', 'Not authorized to call function pg_sleep'],
      [`SELECT pg_catalog.pg_sleep(1) FROM "${id}"`, 'Not authorized to call function pg_catalog.pg_sleep'],
      ['SELECT * FROM pg_catalog.pg_class', 'Not authorized to access system tables'],
      ['SELECT * FROM pg_class', 'Not authorized to access system tables'],
      ['SELECT * FROM pg_catalog.pg_authid', 'Not authorized to access system tables'],
      ['SELECT * FROM information_schema.tables', 'Not authorized to access system tables'],
      ['SELECT * FROM public.core_users', 'Not authorized to read resource.'],
      ['SELECT * FROM core_users', 'Not authorized to read resource.'],
      [`SELECT * FROM datastore_data."${park.tableName}"`, 'Not authorized to read resource.'],
      ["SELECT query_to_xml('select * from core_users', true, true, '')", 'Not authorized to call function query_to_xml'],
      ["SELECT current_setting('data_directory')", 'Not authorized to call function current_setting'],
      ["SELECT pg_read_file('/etc/passwd')", 'Not authorized to call function pg_read_file'],
      ["SELECT set_config('statement_timeout', '0', false)", 'Not authorized to call function set_config'],
      ["SELECT 'core_users'::regclass", 'Not authorized to use type regclass'],
      ['SELECT current_user', 'Not authorized to read session information'],
      [`SELECT * FROM "${id}" WHERE _id IN (SELECT lo_import('/etc/passwd'))`, 'Not authorized to call function lo_import'],
    ];
    for (const [q, msg] of forbidden) {
      const r = await run(q, giessen);
      assert.equal(r.status, 403, `${q}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body.error, { __type: 'Authorization Error', message: `Access denied: ${msg}` }, q);
    }
    const t0 = Date.now();
    const slow = await run('SELECT count(*) FROM generate_series(1, 2000000000)');
    assert.equal(slow.status, 409, JSON.stringify(slow.body));
    assert.deepEqual(slow.body.error.query, ['Query took too long']);
    assert.ok(Date.now() - t0 < TIMEOUT_MS + 3000, `stopped by the statement timeout (${Date.now() - t0} ms)`);
    assert.deepEqual((await run('')).body.error.sql, ['Missing value']);
    assert.deepEqual(await snapshot(t.db), before, 'nothing changed');
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`datastore.${id}`)}`.execute(t.db);
    assert.equal(n.rows[0]!.n, 6, 'the table is intact');
  });

  test('defence in depth: the execution itself is read-only, confined to the datastore schema and timed', async () => {
    // Bypassing the parser check, the transaction still refuses writes and sees no other schema.
    await assert.rejects(runUserSelect(t.db, `DELETE FROM "${park.resourceId}"`, { timeoutMs: 1000, maxRows: 10 }), /read-only transaction/);
    await assert.rejects(runUserSelect(t.db, 'SELECT count(*) FROM core_users', { timeoutMs: 1000, maxRows: 10 }), /relation "core_users" does not exist/);
    await assert.rejects(runUserSelect(t.db, 'SELECT pg_sleep(3)', { timeoutMs: 200, maxRows: 10 }), /took too long/);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`datastore.${park.resourceId}`)}`.execute(t.db)).rows[0]!.n, 6);
    const ok = await checkSql(`SELECT a FROM "${park.resourceId}" TABLESAMPLE bernoulli (50)`);
    assert.deepEqual(ok, { ok: true, resourceIds: [park.resourceId], views: [] });
  });

  test('the merged views of common schemas: readable by name for everyone, public resources only', async () => {
    await t.makeUser({ email: 'admin@plattform.test', platformAdmin: true });
    await seedCatalog(t.db);
    await seedSchemas(t.db); // Parkhausbelegung with Gießen's and Marburg's tables
    const view = 'schema_digitale-kommune-hessen_parkhausbelegung';
    const q = `SELECT kommune, ars, count(*)::int AS n, max(kapazitaet) AS k FROM "${view}" GROUP BY 1, 2 ORDER BY 1`;
    const r = await run(q);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.result.fields, [{ id: 'kommune', type: 'text' }, { id: 'ars', type: 'text' }, { id: 'n', type: 'int4' }, { id: 'k', type: 'int8' }]);
    assert.deepEqual(r.body.result.records, [{ kommune: 'Gießen', ars: '065310005005', n: 300, k: 401 }, { kommune: 'Marburg', ars: '065340014014', n: 300, k: 520 }]);
    // Qualified, and joined with a resource's table.
    const join = await run(`SELECT p.stadt, count(*)::int AS n FROM datastore."${view}" m JOIN "${park.resourceId}" p ON p.stadt = m.kommune GROUP BY 1 ORDER BY 1`);
    assert.equal(join.status, 200, JSON.stringify(join.body));
    assert.deepEqual(join.body.result.records, [{ stadt: 'Gießen', n: 300 * 2 }, { stadt: 'Marburg', n: 300 * 2 }]); // two car parks each
    // A private dataset's rows are not in it, for its own members neither.
    await sql`UPDATE catalog_datasets SET private = true WHERE name = 'marburg-parkhaeuser-belegung'`.execute(t.db);
    assert.deepEqual((await run(q, giessen)).body.result.records.map((x) => x.kommune), ['Gießen']);
    await sql`UPDATE catalog_datasets SET private = false WHERE name = 'marburg-parkhaeuser-belegung'`.execute(t.db);
    // Names that look like a merged view but are none, and the function behind the views, are refused.
    const before = await snapshot(t.db);
    for (const [bad, msg] of [
      ['SELECT * FROM "schema_gibt-es-nicht_parkhausbelegung"', 'Not authorized to read resource.'],
      [`SELECT * FROM public."${view}"`, 'Not authorized to read resource.'],
      ["SELECT * FROM datastore_schema_rows('00000000-0000-4000-8000-000000000000'::uuid) AS m(kommune text)", 'Not authorized to call function datastore_schema_rows'],
      ['SELECT * FROM datastore_schemas', 'Not authorized to read resource.'],
    ]) {
      const res = await run(bad!, giessen);
      assert.equal(res.status, 403, `${bad}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body.error, { __type: 'Authorization Error', message: `Access denied: ${msg}` }, bad);
    }
    assert.deepEqual(await snapshot(t.db), before);
  });
});
