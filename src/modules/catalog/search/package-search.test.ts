// package_search as CKAN clients and the ckanext-harvest CKAN harvester call it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedCatalog } from '../seed.ts';

type Result = { count: number; results: { name: string; organization: { name: string } }[]; facets: Record<string, Record<string, number>>; search_facets: Record<string, { items: { name: string; display_name: string; count: number }[] }> };

describe('package_search', () => {
  let t: TestApp;
  let giessenEditor: string;
  before(async () => {
    t = await testApp();
    await seedCatalog(t.db);
    giessenEditor = await t.token(await t.makeUser({ email: 'od@giessen.test', roles: { giessen: 'editor' } }));
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(giessenEditor), payload: { name: 'giessen-intern', title: 'Interne Parkhausplanung', owner_org: 'giessen', private: true } });
  });
  after(() => t.close());
  const search = async (qs: string, headers: Record<string, string> = {}): Promise<Result> => {
    const res = await t.app.inject({ url: `/api/3/action/package_search?${qs}`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result;
  };
  const names = (r: Result) => r.results.map((x) => x.name).sort();

  test('the ckanext-harvest call pattern pages one organisation by id since a date', async () => {
    const qs = 'rows=100&start=0&sort=id+asc&fq=' + encodeURIComponent('metadata_modified:[2020-01-01T00:00:00Z TO *] organization:giessen');
    const r = await search(qs);
    assert.equal(r.count, 2);
    assert.deepEqual(names(r), ['giessen-parkhaeuser-belegung', 'giessen-wahlergebnisse-bundestagswahl']);
    const sorted = r.results.map((x) => (x as unknown as { id: string }).id);
    assert.deepEqual(sorted, [...sorted].sort());
    assert.equal((await search('rows=100&start=100&sort=id+asc&fq=organization:giessen')).results.length, 0);
    const future = await search('fq=' + encodeURIComponent('metadata_modified:[NOW+1DAY TO *]'));
    assert.equal(future.count, 0);
  });

  test('German full text: stems, weights title first, prefixes, phrases', async () => {
    assert.deepEqual(names(await search('q=Parkhaus')), ['giessen-parkhaeuser-belegung']);
    assert.deepEqual(names(await search('q=Messstation')), ['wiesbaden-luftqualitaet']);
    assert.deepEqual(names(await search(`q=${encodeURIComponent('Baum*')}`)), ['frankfurt-baumkataster']);
    assert.deepEqual(names(await search(`q=${encodeURIComponent('"freie und belegte"')}`)), ['giessen-parkhaeuser-belegung']);
    const ranked = await search('q=Verkehr');
    assert.ok(ranked.count >= 3);
  });

  test('fq with tags, groups, res_format, negation and OR', async () => {
    assert.deepEqual(names(await search('fq=tags:Hochwasser')), ['wetzlar-pegel-lahn']);
    const tran = await search('fq=groups:tran&rows=0');
    assert.equal(tran.count, 4); // Gießen parking, Darmstadt cycling, Fulda stops, Limburg roadworks
    assert.deepEqual(tran.results, []);
    assert.deepEqual(names(await search('fq=' + encodeURIComponent('res_format:ICS'))), ['dadi-abfallkalender']);
    const notTran = await search('rows=100&fq=' + encodeURIComponent('-groups:tran'));
    assert.equal(notTran.count, 14 - 4);
    const either = await search('fq=' + encodeURIComponent('organization:(marburg OR fulda)'));
    assert.deepEqual(names(either), ['fulda-haltestellen', 'marburg-defibrillatoren']);
    const coop = await search('rows=100&fq=cooperation:smartes-rhein-main');
    assert.deepEqual([...new Set(coop.results.map((x) => x.organization.name))].sort(), ['darmstadt', 'frankfurt', 'wiesbaden']);
  });

  test('facets in both the JSON-string and list form, with display names', async () => {
    const r = await search('rows=0&facet.field=' + encodeURIComponent('["organization","groups","res_format","license_id"]') + '&facet.limit=-1');
    assert.equal(r.facets.organization!.giessen, 2);
    assert.equal(r.facets.groups!.tran, 4);
    assert.ok(r.facets.res_format!.CSV! >= 8);
    const envi = r.search_facets.groups!.items.find((i) => i.name === 'envi')!;
    assert.equal(envi.display_name, 'Umwelt');
    assert.equal(r.search_facets.organization!.items.find((i) => i.name === 'giessen')!.display_name, 'Gießen');
    const lic = r.search_facets.license_id!.items.find((i) => i.name === 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0')!;
    assert.equal(lic.display_name, 'Datenlizenz Deutschland – Zero – Version 2.0');
    const limited = await search('rows=0&facet.field=tags&facet.limit=2');
    assert.equal(Object.keys(limited.facets.tags!).length, 2);
  });

  test('cached facet counts follow every write at once', async () => {
    const facets = async () => (await search('rows=0&facet.field=' + encodeURIComponent('["tags","res_format"]') + '&facet.limit=-1')).facets;
    const before = await facets();
    const version = (await t.db.selectFrom('catalog_version').select('version').executeTakeFirstOrThrow()).version;
    const cached = await t.db.selectFrom('catalog_facet_cache').select('version').execute();
    assert.ok(cached.some((c) => c.version === String(version)), 'the public facet counts were cached for the current version');
    assert.deepEqual(await facets(), before);
    const created = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(giessenEditor), payload: { name: 'giessen-markt', owner_org: 'giessen', tags: [{ name: 'Marktplatz' }], resources: [{ url: 'https://www.giessen.de/markt.xml', format: 'XML' }] } });
    assert.equal(created.statusCode, 200, created.body);
    const after = await facets();
    assert.equal(after.tags!.Marktplatz, 1);
    assert.equal(after.res_format!.XML, 1);
    assert.equal(before.res_format!.XML, undefined);
    const resId = created.json().result.resources[0].id;
    await t.app.inject({ method: 'POST', url: '/api/3/action/resource_patch', headers: bearer(giessenEditor), payload: { id: resId, format: 'CSV' } });
    assert.equal((await facets()).res_format!.XML, undefined);
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_delete', headers: bearer(giessenEditor), payload: { id: 'giessen-markt' } });
    assert.equal((await facets()).tags!.Marktplatz, undefined);
  });

  test('private datasets only with include_private for members of their tenant', async () => {
    assert.equal((await search('q=Parkhausplanung')).count, 0);
    assert.equal((await search('q=Parkhausplanung&include_private=true')).count, 0);
    assert.equal((await search('q=Parkhausplanung&include_private=true', bearer(giessenEditor))).count, 1);
    const other = await t.token(await t.makeUser({ email: 'x@fulda.test', roles: { fulda: 'admin' } }));
    assert.equal((await search('q=Parkhausplanung&include_private=true', bearer(other))).count, 0);
  });

  test('POST with a JSON body works like GET, as ckanapi sends it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/package_search', payload: { fq: 'organization:wetzlar', rows: 5, 'facet.field': ['tags'] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().result.count, 1);
    assert.ok(res.json().result.facets.tags.Lahn);
  });

  test('bad queries, fields, sorts and sizes get CKAN errors', async () => {
    const bad = async (qs: string, status: number) => {
      const res = await t.app.inject({ url: `/api/3/action/package_search?${qs}` });
      assert.equal(res.statusCode, status, `${qs}: ${res.body}`);
      return res.json().error;
    };
    assert.equal((await bad('q=' + encodeURIComponent('title:(unbalanced'), 409)).__type, 'Search Query Error');
    assert.match((await bad('fq=geheim:ja', 409)).message, /geheim/);
    assert.ok((await bad('sort=password+asc', 409)).sort);
    assert.ok((await bad('rows=-1', 409)).rows);
    assert.ok((await bad('facet.field=' + encodeURIComponent('["creator_user_id"]'), 409))['facet.field']);
    assert.equal((await search('rows=5000')).results.length, 14, 'rows are capped at 1000, not refused');
  });
});
