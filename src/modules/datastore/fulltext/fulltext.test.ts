// The full-text search index through the real app and PostgreSQL: built by a job after a big
// table is served (datastore_create, growth by upsert, the sweep), the same `q`/`_search` results
// with and without it, the index actually used (EXPLAIN), replaced versions skipped, and an
// INVALID index from a failed CONCURRENTLY build dropped and built again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createDatastoreTable } from '../../../../test/fixtures/datastore-table.ts';
import { pageSql } from '../query/repo.ts';
import { columnsOf } from '../query/model.ts';
import type { Field } from '../tables.ts';
import { buildIndexFor, SEARCH_INDEX_JOB } from './jobs.ts';
import { SEARCH_INDEX_MIN_ROWS, searchIndexName } from './repo.ts';

const N = SEARCH_INDEX_MIN_ROWS + 2_000;
const PLACES = ['Rathaus', 'Schule', 'Bibliothek', 'Schwimmbad', 'Kindergarten', 'Friedhof', 'Sporthalle', 'Museum'];
const CITIES = ['Gießen', 'Fulda', 'Marburg', 'Wetzlar', 'Limburg', 'Darmstadt', 'Offenbach'];
const FIELDS = [
  { id: 'name', type: 'text' }, { id: 'stadt', type: 'text' }, { id: 'bemerkung', type: 'text' }, { id: 'anzahl', type: 'int' },
  { id: 'betrag', type: 'numeric' }, { id: 'datum', type: 'date' }, { id: 'zeit', type: 'timestamp' }, { id: 'offen', type: 'bool' }, { id: 'extra', type: 'json' },
];
const record = (i: number) => ({
  name: `${PLACES[i % PLACES.length]} ${['Nord', 'Süd', 'Mitte'][i % 3]} ${i}`, stadt: CITIES[i % CITIES.length],
  bemerkung: i % 1000 === 7 ? 'Wasserschaden im Keller' : i % 5 === 0 ? 'Schulen und Kindergärten in der Nähe' : null,
  anzahl: i, betrag: i * 1.25, datum: `2026-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}`, zeit: `2026-03-0${1 + (i % 9)}T08:${String(i % 60).padStart(2, '0')}:00`,
  offen: i % 2 === 0, extra: { ebene: i % 4 },
});

describe('full-text search index', () => {
  let t: TestApp;
  let giessen: string;
  before(async () => {
    t = await testApp({ datastorePushMaxRecords: 20_000, bodyLimitBytes: 20 * 1024 * 1024 });
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
  });
  after(() => t.close());

  const action = async (name: string, body: object) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/3/action/${name}`, payload: body, headers: bearer(giessen) });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    return res.json().result;
  };
  const packageFor = async (name: string) => (await action('package_create', { name, title: name, owner_org: 'giessen', license_id: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' })).name as string;
  const served = (id: string) => t.db.selectFrom('datastore_tables').selectAll().where('resource_id', '=', id).executeTakeFirstOrThrow();
  const indexes = async (table: string) => (await sql<{ name: string; valid: boolean; def: string }>`
    SELECT c.relname AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = to_regclass(${`datastore_data."${table}"`}) AND c.relname LIKE '%fts%'`.execute(t.db)).rows;
  const jobsOf = async (table: string) => (await t.db.selectFrom('core_jobs').select(['status', 'result']).where('type', '=', SEARCH_INDEX_JOB).where('unique_key', '=', `${SEARCH_INDEX_JOB}:${table}`).orderBy('id').execute());
  const createBig = async (pkg: string, n = N, fields: object[] = FIELDS) =>
    (await action('datastore_create', { resource: { package_id: pkg, name: 'Einrichtungen', format: 'CSV' }, fields, records: Array.from({ length: n }, (_, i) => record(i + 1)) })).resource_id as string;

  test('a big table gets its index from the job; q and _search give the same results with it; EXPLAIN uses it', async () => {
    const id = await createBig(await packageFor('einrichtungen'));
    const table = (await served(id)).table_name;
    assert.deepEqual((await jobsOf(table)).map((j) => j.status), ['queued'], 'the swap enqueued the build, the load did not wait for it');
    assert.deepEqual(await indexes(table), []);

    const searches = [
      { q: 'Schwimmbad', limit: 50 }, // ranked (no sort), many hits
      { q: 'Schulen', sort: 'anzahl desc', limit: 20 }, // German stemming: Schule, Schulen
      { q: 'wasserschaden', include_total: true },
      { q: 'Rathaus & Marburg', plain: false },
      { q: '2026-03-05' }, { q: '4711' }, { q: 'true', limit: 5 }, { q: 'ebene', limit: 5 },
      { q: 'Schulen', language: 'simple', limit: 10 }, // another configuration: not indexed, still right
      { q: { stadt: 'Fulda' }, limit: 5 },
    ];
    const run = async () => {
      const out = [];
      for (const s of searches) {
        const r = await action('datastore_search', { resource_id: id, ...s });
        out.push({ total: r.total, records: r.records });
      }
      const rest = await t.app.inject({ url: `/api/v1/resources/${id}/rows.json?_search=Wasserschaden&_sort_desc=anzahl&_size=5&_facet=stadt` });
      assert.equal(rest.statusCode, 200, rest.body);
      out.push(rest.json());
      return out;
    };
    const without = await run();
    assert.equal(without[2]!.total, N / 1000);
    const rest = without[without.length - 1] as { total: number; facets: { stadt: { values: { count: number }[] } } };
    assert.equal(rest.total, N / 1000, 'the filtered total, taken from the facet\'s counts');
    assert.equal(rest.facets.stadt.values.reduce((a, v) => a + v.count, 0), N / 1000);
    assert.ok((without[0]!.records as unknown[]).length === 50 && (without[4]!.records as unknown[]).length > 0 && (without[5]!.records as unknown[]).length === 1);

    assert.ok((await t.jobs.runOnce()) >= 1);
    const name = searchIndexName(table, columnsOf((await served(id)).fields));
    const [ix] = await indexes(table);
    assert.equal(ix?.name, name);
    assert.equal(ix?.valid, true);
    assert.match(ix!.def, /USING gin \(to_tsvector\('german'::regconfig/);
    assert.equal((await jobsOf(table))[0]!.status, 'succeeded');
    assert.deepEqual(await run(), without, 'the index changes nothing but the speed');

    // The SQL the API runs (same builder): a page ranked by relevance, and the total.
    const columns = columnsOf((await served(id)).fields);
    const search = { q: 'Wasserschaden', language: 'german', plain: true };
    const page = pageSql({ table, columns, select: columns, filter: { search }, sort: [{ column: columns[0]!, desc: false }], rankFirst: true, limit: 100, mode: 'json' }).compile(t.db);
    const plan = (await t.db.executeQuery({ ...page, sql: `EXPLAIN ${page.sql}` })).rows.map((r) => (r as { 'QUERY PLAN': string })['QUERY PLAN']).join('\n');
    assert.match(plan, new RegExp(`Bitmap Index Scan on "?${name}"?`), plan);
  });

  test('a version replaced before the job ran is skipped; the new version gets the index', async () => {
    const pkg = await packageFor('einrichtungen-alt');
    const id = await createBig(pkg);
    const v1 = (await served(id)).table_name;
    // A new column: the next version, built beside the served one, which is then dropped.
    await action('datastore_create', { resource_id: id, fields: [...FIELDS, { id: 'traeger', type: 'text' }], records: [{ name: 'Neues Rathaus', traeger: 'Stadt' }] });
    const v2 = (await served(id)).table_name;
    assert.notEqual(v1, v2);
    await t.jobs.runOnce();
    const [j1] = await jobsOf(v1);
    assert.equal(j1!.status, 'succeeded');
    assert.match(JSON.stringify(j1!.result), /not served/);
    assert.equal((await indexes(v2)).filter((i) => i.valid).length, 1);
    // Replaced but kept (a load's old version stays downloadable): the job still does nothing.
    assert.match(JSON.stringify(await buildIndexFor(t.db, { resourceId: id, tableName: `${id}_v999` })), /not served/);
  });

  test('small tables get no job; a table that grows past the threshold by upsert does', async () => {
    const pkg = await packageFor('einrichtungen-wachsend');
    const id = (await action('datastore_create', { resource: { package_id: pkg, name: 'Wachsend', format: 'CSV' }, fields: FIELDS, records: [record(1), record(2)] })).resource_id as string;
    const table = (await served(id)).table_name;
    assert.deepEqual(await jobsOf(table), []);
    await action('datastore_upsert', { resource_id: id, method: 'insert', records: Array.from({ length: N }, (_, i) => record(i + 3)) });
    assert.deepEqual((await jobsOf(table)).map((j) => j.status), ['queued']);
    await t.jobs.runOnce();
    assert.equal((await indexes(table)).filter((i) => i.valid).length, 1);
    // The unfiltered total is the row count kept with the table, exact after the upsert.
    const rows = await t.app.inject({ url: `/api/v1/resources/${id}/rows.json?_size=1&_facet=stadt` });
    assert.equal(rows.json().total, N + 2);
    assert.equal((await action('datastore_search', { resource_id: id, limit: 1 })).total, N + 2);
  });

  test('an INVALID index left by a failed CONCURRENTLY build is dropped and built again (found by the sweep)', async () => {
    // A table from before the index existed (made without the swap), as the sweep finds it.
    const fx = await createDatastoreTable(t, {
      token: giessen, org: 'giessen', name: 'alt-bestand', fields: FIELDS.slice(0, 4) as Field[],
      rowsSql: `SELECT 'Gebäude ' || i, 'Gießen', CASE WHEN i % 100 = 0 THEN 'Denkmal' END, i FROM generate_series(1, ${N}) i`,
    });
    const name = searchIndexName(fx.tableName, columnsOf(FIELDS.slice(0, 4) as Field[]));
    // What a crashed or failed build leaves: an index of the job's name, marked invalid.
    await assert.rejects(sql.raw(`CREATE UNIQUE INDEX CONCURRENTLY "${name}" ON datastore_data."${fx.tableName}" (stadt)`).execute(t.db), /could not create unique index/);
    assert.deepEqual((await indexes(fx.tableName)).map((i) => i.valid), [false]);
    await t.db.updateTable('core_job_schedules').set({ next_run_at: sql`now()` }).where('name', '=', 'datastore.search-index-sweep').execute();
    await t.jobs.runOnce();
    const after = await indexes(fx.tableName);
    assert.equal(after.length, 1);
    assert.equal(after[0]!.valid, true);
    assert.match(after[0]!.def, /USING gin/);
    const r = await action('datastore_search', { resource_id: fx.resourceId, q: 'Denkmal', limit: 0 });
    assert.equal(r.total, N / 100);
  });
});
