// datastore_search and datastore_info through the real app and PostgreSQL: every parameter,
// CKAN's result and error shapes, and visibility of private tables.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { createDatastoreTable, PARK_FIELDS, PARK_ROWS, type TableFixture } from '../../../../test/fixtures/datastore-table.ts';

describe('datastore_search and datastore_info', () => {
  let t: TestApp;
  let giessen: string;
  let frankfurt: string;
  let park: TableFixture;
  let hidden: TableFixture;
  before(async () => {
    t = await testApp({ datastoreQuery: { sqlTimeoutMs: 5000, sqlMaxRows: 1000, searchRowsMax: 1000 } });
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
    frankfurt = await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } }));
    park = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'parkhaeuser', fields: PARK_FIELDS, rows: PARK_ROWS });
    hidden = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'intern', private: true, fields: [{ id: 'geheim', type: 'text' }], rows: [['streng vertraulich']] });
  });
  after(() => t.close());

  const call = async (name: string, body?: Record<string, unknown>, token?: string) => {
    const res = await t.app.inject({ method: body ? 'POST' : 'GET', url: `/api/3/action/${name}`, headers: token ? bearer(token) : {}, ...(body && { payload: body }) });
    return { status: res.statusCode, body: res.json() as { success: boolean; result: Record<string, unknown> & { records: unknown; fields: { id: string; type: string; info?: unknown }[] }; error: Record<string, unknown> } };
  };
  const search = (p: Record<string, unknown>, token?: string) => call('datastore_search', { resource_id: park.resourceId, ...p }, token);
  const names = (records: unknown) => (records as { name: string }[]).map((r) => r.name);

  test('defaults: objects in _id order, fields with types and data dictionary, total and links', async () => {
    const { status, body } = await search({});
    assert.equal(status, 200, JSON.stringify(body));
    const r = body.result;
    assert.equal(r.limit, 100);
    assert.equal(r.records_format, 'objects');
    assert.equal(r.total, 6);
    assert.equal(r.total_was_estimated, false);
    assert.deepEqual(r.fields[0], { id: '_id', type: 'int' });
    assert.deepEqual(r.fields.find((f) => f.id === 'plaetze'), { id: 'plaetze', type: 'int', info: { label: 'Stellplätze', unit: 'Stück' } });
    const first = (r.records as Record<string, unknown>[])[0]!;
    assert.deepEqual(first, { _id: 1, name: 'Parkhaus Am Markt', stadt: 'Gießen', plaetze: 420, belegung: 45.81, datum: '2026-01-05', zeit: '2026-01-05T08:00:00', offen: true, extra: { ebene: 3 }, lat: 50.5841, lon: 8.6784 });
    assert.deepEqual((r.records as { _id: number }[]).map((x) => x._id), [1, 2, 3, 4, 5, 6]);
    const links = r._links as { start: string; next: string };
    assert.match(links.start, /^\/api\/3\/action\/datastore_search\?resource_id=/);
    assert.doesNotMatch(links.start, /offset=/);
    assert.match(links.next, /offset=100/);
    // GET with parameters as strings works the same
    const get = await t.app.inject({ url: `/api/3/action/datastore_search?resource_id=${park.resourceId}&limit=1&filters=${encodeURIComponent('{"stadt":"Marburg"}')}` });
    assert.equal(get.json().result.records[0].name, 'Tiefgarage Rathaus');
    assert.equal(get.json().result.total, 2);
  });

  test('filters: value, list (IN), 2.12 ranges, $or/$and, null', async () => {
    assert.deepEqual(names((await search({ filters: { stadt: 'Fulda' } })).body.result.records), ['Schulen-Parkplatz Nord', 'Parkhaus "Zentrum", Süd']);
    assert.deepEqual(names((await search({ filters: { stadt: ['Fulda', 'Marburg'], plaetze: 420 } })).body.result.records), ['Parkhaus "Zentrum", Süd']);
    const range = await search({ filters: { plaetze: { gte: 95, lt: 420 } } });
    assert.deepEqual(names(range.body.result.records), ['Parkhaus Schule am Ring', 'Tiefgarage Rathaus']);
    assert.equal(range.body.result.total, 2);
    assert.deepEqual(names((await search({ filters: { datum: { gt: '2026-02-01', lte: '2026-03-01' } } })).body.result.records), ['Parkdeck Bahnhof', 'Schulen-Parkplatz Nord']);
    assert.deepEqual(names((await search({ filters: { zeit: { gte: '2026-03-01T00:00:00' } } })).body.result.records), ['Schulen-Parkplatz Nord', 'Parkhaus "Zentrum", Süd']);
    assert.deepEqual(names((await search({ filters: { plaetze: [60, { gt: 1000 }] } })).body.result.records), ['Parkdeck Bahnhof', 'Schulen-Parkplatz Nord'], 'a list mixing values and ranges is OR');
    assert.deepEqual(names((await search({ filters: { $or: [{ stadt: 'Marburg' }, { belegung: { lt: 20 } }] } })).body.result.records), ['Parkhaus Schule am Ring', 'Tiefgarage Rathaus', 'Parkdeck Bahnhof']);
    assert.deepEqual(names((await search({ filters: [{ offen: false }, { plaetze: 60 }] })).body.result.records), ['Parkhaus Schule am Ring', 'Schulen-Parkplatz Nord', 'Parkhaus "Zentrum", Süd'], 'a top-level list is OR');
    assert.deepEqual(names((await search({ filters: { $and: [{ stadt: 'Gießen' }, { offen: 'true' }] } })).body.result.records), ['Parkhaus Am Markt']);
    assert.deepEqual(names((await search({ filters: { belegung: null } })).body.result.records), ['Schulen-Parkplatz Nord']);
    assert.deepEqual(names((await search({ filters: { _id: { gt: 4 } } })).body.result.records), ['Schulen-Parkplatz Nord', 'Parkhaus "Zentrum", Süd']);
    assert.equal((await search({ filters: { extra: { ebene: 2 } } })).status, 409, 'a dict on a field holds operators, so {ebene: …} is an unknown one …');
    assert.deepEqual(names((await search({ filters: { extra: { eq: { ebene: 2 } } } })).body.result.records), ['Parkhaus "Zentrum", Süd'], '… and JSON values are compared with {"eq": …}');
  });

  test('bad filters, sort, fields, q, language, limit, records_format: 409 naming the parameter', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ filters: { nope: 1 } }, 'filters', /Unknown field: nope/],
      [{ filters: { plaetze: 'viele' } }, 'filters', /plaetze.*int/],
      [{ filters: { datum: '2026-02-30' } }, 'filters', /datum/],
      [{ filters: { plaetze: { between: [1, 2] } } }, 'filters', /Unknown filter operation: between/],
      [{ filters: { $not: [{ stadt: 'x' }] } }, 'filters', /\$not/],
      [{ filters: 'kein json' }, 'filters', /dict/],
      [{ filters: [1, 2] }, 'filters', /dict/],
      [{ sort: 'nope desc' }, 'sort', /field "nope" not in table/],
      [{ sort: 'name sideways' }, 'sort', /not in table/],
      [{ fields: 'name,nope' }, 'fields', /field "nope" not in table/],
      [{ q: { nope: 'x' } }, 'q', /nope/],
      [{ q: 'park & (', plain: false }, 'query', /tsquery/],
      [{ language: 'klingonisch', q: 'x' }, 'language', /klingonisch/],
      [{ limit: -1 }, 'limit', /./],
      [{ limit: 'zehn' }, 'limit', /./],
      [{ offset: -5 }, 'offset', /./],
      [{ records_format: 'xml' }, 'records_format', /objects, lists, csv, tsv/],
      [{ distinct: true, fields: 'stadt', sort: 'name' }, 'sort', /distinct/],
      [{ colour: 'blue' }, 'colour', /invalid value/],
    ];
    const before = await snapshot(t.db);
    for (const [p, key, msg] of cases) {
      const { status, body } = await search(p);
      assert.equal(status, 409, `${JSON.stringify(p)} → ${JSON.stringify(body)}`);
      assert.equal(body.success, false);
      assert.equal(body.error.__type, 'Validation Error');
      assert.ok(Array.isArray(body.error[key]), `${JSON.stringify(p)}: error names ${key}: ${JSON.stringify(body.error)}`);
      assert.match(String((body.error[key] as string[])[0]), msg);
    }
    const missing = await call('datastore_search', { limit: 1 });
    assert.equal(missing.status, 409);
    assert.deepEqual(missing.body.error.resource_id, ['Missing value']);
    assert.deepEqual(await snapshot(t.db), before, 'bad input changes nothing');
  });

  test('q: full text over all columns (German stemming), per field, plain and tsquery syntax', async () => {
    // "Schulen" and "Schule" share the German stem, so both rows match; `simple` only finds the exact word.
    assert.deepEqual(names((await search({ q: 'Schulen' })).body.result.records).sort(), ['Parkhaus Schule am Ring', 'Schulen-Parkplatz Nord']);
    assert.deepEqual(names((await search({ q: 'Schulen', language: 'simple' })).body.result.records), ['Schulen-Parkplatz Nord']);
    assert.deepEqual(names((await search({ q: 'marburg 1132' })).body.result.records), ['Parkdeck Bahnhof'], 'numbers are searchable too');
    assert.deepEqual(names((await search({ q: { stadt: 'Gießen', name: 'Markt' } })).body.result.records), ['Parkhaus Am Markt']);
    assert.deepEqual(names((await search({ q: 'parkhaus & !schule', plain: false })).body.result.records).sort(), ['Parkhaus "Zentrum", Süd', 'Parkhaus Am Markt']);
    assert.equal((await search({ q: 'Schulen', filters: { stadt: 'Fulda' } })).body.result.total, 1);
  });

  test('fields, sort, distinct, limit, offset, include_total, estimation', async () => {
    const f = (await search({ fields: ['name', 'plaetze'], sort: 'plaetze desc, name', limit: 3 })).body.result;
    assert.deepEqual(f.fields.map((x) => x.id), ['name', 'plaetze']);
    assert.deepEqual(f.records, [{ name: 'Parkdeck Bahnhof', plaetze: 1132 }, { name: 'Parkhaus "Zentrum", Süd', plaetze: 420 }, { name: 'Parkhaus Am Markt', plaetze: 420 }]);
    assert.equal(f.total, 6);
    const nulls = (await search({ fields: 'name', sort: 'belegung desc nulls last', limit: 1, offset: 5 })).body.result;
    assert.deepEqual(nulls.records, [{ name: 'Schulen-Parkplatz Nord' }]);
    assert.equal(nulls.offset, 5);
    assert.deepEqual((await search({ fields: '"name"', sort: '"belegung" nulls first', limit: 1 })).body.result.records, [{ name: 'Schulen-Parkplatz Nord' }]);
    const d = (await search({ fields: 'stadt', distinct: true, sort: 'stadt desc' })).body.result;
    assert.deepEqual(d.records, [{ stadt: 'Marburg' }, { stadt: 'Gießen' }, { stadt: 'Fulda' }]);
    assert.equal(d.total, 3);
    const noTotal = (await search({ include_total: false, limit: 0 })).body.result;
    assert.equal(noTotal.total, undefined);
    assert.deepEqual(noTotal.records, []);
    assert.equal((await search({ limit: 50_000 })).body.result.limit, 1000, 'limit above the maximum is lowered to it');
    const est = (await search({ total_estimation_threshold: 3 })).body.result;
    assert.equal(est.total_was_estimated, true);
    assert.equal(est.total, 6);
    const exact = (await search({ total_estimation_threshold: 3, filters: { stadt: 'Fulda' } })).body.result;
    assert.equal(exact.total_was_estimated, false, 'with filters the total is counted');
    assert.equal(exact.total, 2);
    assert.equal((await search({ total_estimation_threshold: 100 })).body.result.total_was_estimated, false, 'below the threshold it is counted');
  });

  test('records_format lists, csv and tsv; include_next_page', async () => {
    const lists = (await search({ fields: 'name,plaetze,offen', limit: 2, records_format: 'lists' })).body.result;
    assert.deepEqual(lists.records, [['Parkhaus Am Markt', 420, true], ['Parkhaus Schule am Ring', 180, false]]);
    const csv = (await search({ fields: 'name,belegung,zeit,offen,extra', filters: { stadt: 'Fulda' }, records_format: 'csv' })).body.result;
    assert.equal(csv.records, 'Schulen-Parkplatz Nord,,2026-03-01T07:15:00,,\n"Parkhaus ""Zentrum"", Süd",70.1,2026-03-02T18:45:10,false,"{""ebene"": 2}"\n');
    const tsv = (await search({ fields: 'name,plaetze', filters: { stadt: 'Fulda' }, records_format: 'tsv' })).body.result;
    assert.equal(tsv.records, 'Schulen-Parkplatz Nord\t60\n"Parkhaus ""Zentrum"", Süd"\t420\n', 'quoted as COPY … csv DELIMITER tab does');
    const p1 = (await search({ fields: '_id,name', limit: 4, include_next_page: true })).body.result;
    assert.deepEqual(p1.next_page, { _id: { gt: 4 } });
    const p2 = (await search({ fields: '_id,name', limit: 4, filters: p1.next_page })).body.result;
    assert.deepEqual((p2.records as { _id: number }[]).map((r) => r._id), [5, 6]);
  });

  test('visibility: a private dataset\'s table is hidden from anonymous users and other tenants', async () => {
    const anon = await call('datastore_search', { resource_id: hidden.resourceId });
    assert.equal(anon.status, 404);
    assert.equal(anon.body.error.__type, 'Not Found Error');
    assert.equal((await call('datastore_search', { resource_id: hidden.resourceId }, frankfurt)).status, 404);
    assert.equal((await call('datastore_info', { id: hidden.resourceId }, frankfurt)).status, 404);
    const own = await call('datastore_search', { resource_id: hidden.resourceId }, giessen);
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.result.records, [{ _id: 1, geheim: 'streng vertraulich' }]);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'kein-uuid', "x'; DROP TABLE core_users; --"]) {
      const r = await call('datastore_search', { resource_id: id });
      assert.equal(r.status, 404, id);
      assert.equal(r.body.error.__type, 'Not Found Error');
    }
  });

  test('datastore_info: fields with types, data dictionary and column schema; meta with count and sizes', async () => {
    const { status, body } = await call('datastore_info', { id: park.resourceId });
    assert.equal(status, 200, JSON.stringify(body));
    const r = body.result as unknown as { meta: Record<string, unknown>; fields: { id: string; type: string; info?: unknown; schema: Record<string, unknown> }[] };
    assert.equal(r.meta.count, 6);
    assert.equal(r.meta.id, park.resourceId);
    assert.equal(r.meta.table_type, 'BASE TABLE');
    assert.ok((r.meta.size as number) > 0 && (r.meta.db_size as number) > 0);
    assert.deepEqual(r.fields.map((f) => f.id), PARK_FIELDS.map((f) => f.id), '_id is not a field of the dictionary');
    const plaetze = r.fields.find((f) => f.id === 'plaetze')!;
    assert.deepEqual(plaetze.info, { label: 'Stellplätze', unit: 'Stück' });
    assert.equal(plaetze.schema.native_type, 'bigint');
    assert.equal(plaetze.schema.is_index, false);
    assert.equal(r.fields.find((f) => f.id === 'zeit')!.schema.native_type, 'timestamp without time zone');
    assert.equal((await call('datastore_info', { resource_id: park.resourceId, include_meta: false })).body.result.meta, undefined);
    assert.deepEqual((await call('datastore_info', {})).body.error.resource_id, ['Missing value']);
  });
});
