// The REST rows API and the streamed exports through the real app and PostgreSQL: filters,
// keyset paging, facets, search, column choice, the .csv/.geojson twins, visibility, bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { createDatastoreTable, PARK_FIELDS, PARK_ROWS, type TableFixture } from '../../../../test/fixtures/datastore-table.ts';
import { facetQuery, filteredSortedPage } from '../index.ts';

describe('REST rows API and exports', () => {
  let t: TestApp;
  let giessen: string;
  let frankfurt: string;
  let park: TableFixture;
  let plain: TableFixture;
  let hidden: TableFixture;
  before(async () => {
    t = await testApp();
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
    frankfurt = await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } }));
    park = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'parkhaeuser', fields: PARK_FIELDS, rows: PARK_ROWS });
    plain = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'haushalt', fields: [{ id: 'produkt', type: 'text' }, { id: 'betrag', type: 'numeric' }], rows: [['10.00', '1132.5'], ['11.20', '-3']] });
    hidden = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'intern', private: true, fields: [{ id: 'geheim', type: 'text' }, { id: 'lat', type: 'numeric', info: { geo: 'lat' } }, { id: 'lon', type: 'numeric', info: { geo: 'lon' } }], rows: [['vertraulich', '50.1', '8.6']] });
  });
  after(() => t.close());

  const get = (path: string, token?: string) => t.app.inject({ url: path, headers: token ? bearer(token) : {} });
  const rows = async (qs: string, id = park.resourceId, token?: string) => {
    const res = await get(`/api/v1/resources/${id}/rows${qs ? `?${qs}` : ''}`, token);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { rows: Record<string, unknown>[]; total: number | null; next: string | null; next_url: string | null; fields: { id: string }[]; facets?: Record<string, { values: { value: unknown; count: number }[]; truncated: boolean }> };
  };
  const ids = (r: { rows: Record<string, unknown>[] }) => r.rows.map((x) => x._id);

  test('a page of rows with fields, total and no next page', async () => {
    const r = await rows('');
    assert.equal(r.total, 6);
    assert.equal(r.next, null);
    assert.deepEqual(ids(r), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.rows[0], { _id: 1, name: 'Parkhaus Am Markt', stadt: 'Gießen', plaetze: 420, belegung: 45.81, datum: '2026-01-05', zeit: '2026-01-05T08:00:00', offen: true, extra: { ebene: 3 }, lat: 50.5841, lon: 8.6784 });
    assert.deepEqual(r.fields.map((f) => f.id), ['_id', ...PARK_FIELDS.map((f) => f.id)]);
    assert.deepEqual((await rows('', plain.resourceId)).rows[0], { _id: 1, produkt: '10.00', betrag: 1132.5 }, 'a product code stays text');
    const json = await get(`/api/v1/resources/${park.resourceId}/rows.json?_size=1`);
    assert.equal(json.json().rows.length, 1);
  });

  test('col__op filters', async () => {
    const cases: [string, number[]][] = [
      ['stadt=Fulda', [5, 6]],
      ['stadt__exact=Fulda', [5, 6]],
      ['plaetze__gte=100&plaetze__lt=420', [2]],
      ['plaetze__gt=95&plaetze__lte=420', [1, 2, 6]],
      ['name__contains=schule', [2, 5]],
      ['name__startswith=park', [1, 2, 4, 6]],
      ['name__endswith=' + encodeURIComponent('süd'), [6]],
      ['name__contains=' + encodeURIComponent('%'), []],
      ['stadt__in=Fulda,Marburg', [3, 4, 5, 6]],
      ['stadt__in=' + encodeURIComponent('["Fulda, Stadt","Marburg"]'), [3, 4]],
      ['stadt__notin=Fulda,Marburg', [1, 2]],
      ['belegung__isnull=1', [5]],
      ['zeit__notnull=1', [1, 2, 3, 5, 6]],
      ['extra__isblank=1', [2, 4, 5]],
      ['offen__not=true', [2, 5, 6]],
      ['offen=false', [2, 6]],
      ['datum__gt=2026-02-01&datum__lte=2026-03-01', [4, 5]],
      ['zeit__gte=2026-03-01T07:15:00', [5, 6]],
      ['belegung__lt=50.5', [1, 2]],
      ['_id__gt=4', [5, 6]],
      ['stadt=Fulda&stadt=Marburg', []],
    ];
    for (const [qs, want] of cases) assert.deepEqual(ids(await rows(qs)), want, qs);
    assert.equal((await rows('stadt=Fulda')).total, 2);
  });

  test('keyset paging with _sort, _sort_desc and _size visits every row once, in order', async () => {
    for (const [qs, order] of [
      ['_sort=plaetze', [5, 3, 2, 1, 6, 4]],
      ['_sort_desc=belegung', [3, 6, 4, 1, 2, 5]],
      ['_sort=zeit', [1, 2, 3, 5, 6, 4]],
      ['_sort=offen', [2, 6, 1, 3, 4, 5]],
      ['', [1, 2, 3, 4, 5, 6]],
      ['_sort_desc=_id', [6, 5, 4, 3, 2, 1]],
    ] as const) {
      const seen: unknown[] = [];
      let url = `/api/v1/resources/${park.resourceId}/rows?_size=2${qs ? `&${qs}` : ''}`;
      for (let i = 0; i < 10; i++) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        seen.push(...ids(body));
        if (!body.next) break;
        assert.match(body.next, /^[A-Za-z0-9_-]+$/, 'the token is opaque base64url');
        assert.equal(res.headers.link, `<${body.next_url}>; rel="next"`);
        url = body.next_url;
      }
      assert.deepEqual(seen, [...order], qs);
    }
    // filters stay in the next link
    const first = await rows('stadt__in=Fulda,Marburg&_size=3&_sort=plaetze');
    assert.deepEqual(ids(first), [5, 3, 6]);
    const second = await get(first.next_url!);
    assert.deepEqual(ids(second.json()), [4]);
  });

  test('_facet counts values under the filters; _search; _col and _nocol; _shape=arrays; _count=0', async () => {
    const f = await rows('_facet=stadt&_facet=offen&_size=1');
    assert.deepEqual(f.facets!.stadt, { values: [{ value: 'Fulda', count: 2 }, { value: 'Gießen', count: 2 }, { value: 'Marburg', count: 2 }], truncated: false });
    assert.deepEqual(f.facets!.offen!.values, [{ value: true, count: 3 }, { value: false, count: 2 }, { value: null, count: 1 }]);
    const ff = await rows('_facet=stadt&plaetze__lt=200&_facet_size=1');
    assert.deepEqual(ff.facets!.stadt, { values: [{ value: 'Fulda', count: 1 }], truncated: true });
    assert.deepEqual(ids(await rows('_search=Schulen')).sort(), [2, 5]);
    assert.deepEqual(ids(await rows('_search=Schulen&stadt=Fulda')), [5]);
    assert.deepEqual((await rows('_col=name&_col=stadt&_size=1')).rows, [{ _id: 1, name: 'Parkhaus Am Markt', stadt: 'Gießen' }]);
    assert.deepEqual(Object.keys((await rows('_nocol=extra,lat,lon&_size=1')).rows[0]!), ['_id', 'name', 'stadt', 'plaetze', 'belegung', 'datum', 'zeit', 'offen']);
    assert.deepEqual((await rows('_col=name&_shape=arrays&_size=2')).rows, [[1, 'Parkhaus Am Markt'], [2, 'Parkhaus Schule am Ring']]);
    assert.equal((await rows('_count=0')).total, null);
  });

  test('.csv and .geojson twins', async () => {
    const csv = await get(`/api/v1/resources/${park.resourceId}/rows.csv?stadt=Fulda&_col=name,belegung,zeit,offen&_size=1`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.equal(csv.body, '_id,name,belegung,zeit,offen\n5,Schulen-Parkplatz Nord,,2026-03-01T07:15:00,\n');
    assert.match(String(csv.headers.link), /rows\.csv\?.*_next=/);
    const next = await get(String(csv.headers.link).slice(1).split('>')[0]!);
    assert.equal(next.body, '_id,name,belegung,zeit,offen\n6,"Parkhaus ""Zentrum"", Süd",70.1,2026-03-02T18:45:10,false\n');
    const geo = await get(`/api/v1/resources/${park.resourceId}/rows.geojson?stadt=Marburg&_col=name`);
    assert.equal(geo.statusCode, 200);
    assert.match(String(geo.headers['content-type']), /^application\/geo\+json/);
    const fc = geo.json();
    assert.equal(fc.type, 'FeatureCollection');
    assert.deepEqual(fc.features[0], { type: 'Feature', id: 3, geometry: { type: 'Point', coordinates: [8.77, 50.809] }, properties: { _id: 3, name: 'Tiefgarage Rathaus', lat: 50.809, lon: 8.77 } });
    assert.equal(fc.features[1].geometry, null, 'a row without coordinates has no geometry');
    const noGeo = problem(await get(`/api/v1/resources/${plain.resourceId}/rows.geojson`), 400);
    assert.match(noGeo.detail, /Koordinaten/);
  });

  test('bad input on every route: a clear 400 naming the parameter, nothing changes', async () => {
    const before = await snapshot(t.db);
    const cases: [string, string][] = [
      ['nope=1', 'query.nope'],
      ['nope__gt=1', 'query.nope__gt'],
      ['plaetze__gt=viele', 'query.plaetze__gt'],
      ['datum=2026-13-01', 'query.datum'],
      ['offen=vielleicht', 'query.offen'],
      ['belegung__isnull=2', 'query.belegung__isnull'],
      ['plaetze__in=1,zwei', 'query.plaetze__in'],
      ['_size=0', 'query._size'],
      ['_size=5000', 'query._size'],
      ['_size=viele', 'query._size'],
      ['_sort=nope', 'query._sort'],
      ['_sort=name&_sort_desc=name', 'query._sort'],
      ['_next=kaputt', 'query._next'],
      ['_next=' + Buffer.from(JSON.stringify({ s: 'plaetze', d: false, v: 'x', i: 1 })).toString('base64url') + '&_sort=plaetze', 'query._next'],
      ['_facet=nope', 'query._facet'],
      ['_facet_size=1000', 'query._facet_size'],
      ['_col=nope', 'query._col'],
      ['_shape=tabelle', 'query._shape'],
      ['_unbekannt=1', 'query._unbekannt'],
    ];
    for (const [qs, field] of cases) {
      for (const twin of ['rows', 'rows.csv']) {
        const p = problem(await get(`/api/v1/resources/${park.resourceId}/${twin}?${qs}`), 400);
        assert.equal(p.errors?.[0]?.field, field, `${twin}?${qs}: ${JSON.stringify(p)}`);
      }
    }
    // a token from one order is refused under another
    const tok = (await rows('_sort=plaetze&_size=1')).next!;
    assert.equal(problem(await get(`/api/v1/resources/${park.resourceId}/rows?_sort_desc=plaetze&_next=${tok}`), 400).errors?.[0]?.field, 'query._next');
    problem(await get('/api/v1/resources/kein-uuid/rows'), 400);
    for (const path of ['rows', 'rows.csv', 'rows.geojson', 'export.csv', 'export.json', 'export.geojson']) {
      problem(await get(`/api/v1/resources/00000000-0000-4000-8000-000000000000/${path}`), 404);
      problem(await get(`/api/v1/resources/${hidden.resourceId}/${path}`), 404);
      problem(await get(`/api/v1/resources/${hidden.resourceId}/${path}`, frankfurt), 404);
    }
    problem(await get(`/api/v1/resources/${plain.resourceId}/export.geojson`), 400);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('private tables for members of their municipality', async () => {
    assert.deepEqual((await rows('', hidden.resourceId, giessen)).rows, [{ _id: 1, geheim: 'vertraulich', lat: 50.1, lon: 8.6 }]);
    const exp = await get(`/api/v1/resources/${hidden.resourceId}/export.csv`, giessen);
    assert.equal(exp.body, '_id,geheim,lat,lon\n1,vertraulich,50.1,8.6\n');
  });

  test('exports: whole table as CSV (COPY), JSON and GeoJSON', async () => {
    const csv = await get(`/api/v1/resources/${park.resourceId}/export.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), new RegExp(`attachment; filename="${park.resourceId}.csv"`));
    const lines = csv.body.trimEnd().split('\n');
    assert.equal(lines[0], '_id,name,stadt,plaetze,belegung,datum,zeit,offen,extra,lat,lon');
    assert.equal(lines.length, 7);
    assert.equal(lines[1], '1,Parkhaus Am Markt,Gießen,420,45.81,2026-01-05,2026-01-05T08:00:00,true,"{""ebene"": 3}",50.5841,8.6784');
    assert.equal(lines[6], '6,"Parkhaus ""Zentrum"", Süd",Fulda,420,70.1,2026-03-02,2026-03-02T18:45:10,false,"{""ebene"": 2}",50.5500,9.6750');
    const json = await get(`/api/v1/resources/${park.resourceId}/export.json`);
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.deepEqual(json.json(), (await rows('')).rows);
    const geo = (await get(`/api/v1/resources/${park.resourceId}/export.geojson`)).json();
    assert.equal(geo.features.length, 6);
    assert.deepEqual(geo.features[2].geometry, { type: 'Point', coordinates: [8.77, 50.809] });
    assert.equal(geo.features[3].geometry, null);
    const empty = await createDatastoreTable(t, { token: giessen, org: 'giessen', name: 'leer', fields: [{ id: 'a', type: 'text' }], rows: [] });
    assert.deepEqual((await get(`/api/v1/resources/${empty.resourceId}/export.json`)).json(), []);
    assert.equal((await get(`/api/v1/resources/${empty.resourceId}/export.csv`)).body, '_id,a\n');
  });

  test('the benchmark functions run the same queries as the API', async () => {
    const page = await filteredSortedPage(t.db, park.resourceId, { filters: { stadt__in: 'Fulda,Marburg' }, sort: 'plaetze', desc: true, size: 2 });
    assert.deepEqual(page.rows.map((r) => (r as { _id: number })._id), [4, 6]);
    assert.equal(page.total, 4);
    assert.ok(page.next);
    assert.deepEqual(await facetQuery(t.db, park.resourceId, 'stadt', { filters: { plaetze__gt: '100' } }), { values: [{ value: 'Gießen', count: 2 }, { value: 'Fulda', count: 1 }, { value: 'Marburg', count: 1 }], truncated: false });
    await assert.rejects(filteredSortedPage(t.db, hidden.resourceId), /nicht gefunden/, 'private tables are not read');
  });
});
