// resource_create/update/patch/delete and package_autocomplete through the real app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedCatalog } from '../seed.ts';

describe('CKAN resource actions and autocomplete', () => {
  let t: TestApp;
  let darmstadt: string;
  let fulda: string;
  before(async () => {
    t = await testApp();
    await seedCatalog(t.db);
    darmstadt = await t.token(await t.makeUser({ email: 'od@darmstadt.test', roles: { darmstadt: 'editor' } }));
    fulda = await t.token(await t.makeUser({ email: 'od@fulda.test', roles: { fulda: 'editor' } }));
  });
  after(() => t.close());
  const post = (name: string, body: object, token?: string) =>
    t.app.inject({ method: 'POST', url: `/api/3/action/${name}`, payload: body, headers: token ? bearer(token) : {} });

  test('create, patch, update and delete a resource; the dataset records each change', async () => {
    const created = await post('resource_create', { package_id: 'darmstadt-haushaltsplan', url: 'https://opendata.darmstadt.de/haushalt-2025.xlsx', name: 'Haushalt 2025', format: 'xlsx', size: 2048 }, darmstadt);
    assert.equal(created.statusCode, 200, created.body);
    const r = created.json().result;
    assert.equal(r.format, 'XLSX');
    assert.equal(r.position, 1);
    const patched = (await post('resource_patch', { id: r.id, description: 'Plan und Ergebnis' }, darmstadt)).json().result;
    assert.equal(patched.description, 'Plan und Ergebnis');
    assert.equal(patched.url, 'https://opendata.darmstadt.de/haushalt-2025.xlsx');
    const updated = (await post('resource_update', { id: r.id, url: 'https://opendata.darmstadt.de/haushalt-2025.csv', format: 'CSV' }, darmstadt)).json().result;
    assert.equal(updated.description, '', 'update resets fields not given');
    const show = (await t.app.inject({ url: `/api/3/action/resource_show?id=${r.id}` })).json().result;
    assert.equal(show.url, 'https://opendata.darmstadt.de/haushalt-2025.csv');
    assert.equal((await post('resource_delete', { id: r.id }, darmstadt)).json().success, true);
    assert.equal((await t.app.inject({ url: `/api/3/action/resource_show?id=${r.id}` })).statusCode, 404);
    const pkg = (await t.app.inject({ url: '/api/3/action/package_show?id=darmstadt-haushaltsplan' })).json().result;
    assert.equal(pkg.num_resources, 1);
    const actions = (await t.db.selectFrom('catalog_dataset_history').select('action').where('dataset_id', '=', pkg.id).orderBy('id').execute()).map((h) => h.action);
    assert.deepEqual(actions, ['package.create', 'resource.create', 'resource.update', 'resource.update', 'resource.delete']);
  });

  test('bad resources and foreign writes are refused and change nothing', async () => {
    const before = await snapshot(t.db);
    const bad = await post('resource_create', { package_id: 'darmstadt-haushaltsplan', url: 'javascript:alert(1)', size: 'groß', license: 'frei' }, darmstadt);
    assert.equal(bad.statusCode, 409);
    assert.ok(bad.json().error.url && bad.json().error.size && bad.json().error.license, bad.body);
    assert.equal((await post('resource_create', { url: 'https://x.de/a.csv' }, darmstadt)).json().error.id[0], 'Missing value');
    const foreign = await post('resource_create', { package_id: 'darmstadt-haushaltsplan', url: 'https://x.de/a.csv' }, fulda);
    assert.equal(foreign.statusCode, 403);
    const resId = (await t.db.selectFrom('catalog_resources').select('id').executeTakeFirstOrThrow()).id;
    assert.equal((await post('resource_delete', { id: resId }, fulda)).statusCode, 403);
    assert.equal((await post('resource_delete', { id: resId })).statusCode, 403);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('package_autocomplete finds datasets by name prefix and title', async () => {
    const res = (await t.app.inject({ url: '/api/3/action/package_autocomplete?q=baum' })).json().result;
    assert.deepEqual(res.map((r: { name: string }) => r.name), ['frankfurt-baumkataster']);
    assert.equal(res[0].match_field, 'title');
    const byName = (await t.app.inject({ url: '/api/3/action/package_autocomplete?q=giessen-park' })).json().result;
    assert.equal(byName[0].match_field, 'name');
  });

  test('resource_search matches field:term substrings over public datasets, with CKAN errors', async () => {
    const get = (qs: string) => t.app.inject({ url: `/api/3/action/resource_search?${qs}` });
    const geo = (await get('query=format:geojson')).json().result;
    assert.equal(geo.count, 2);
    assert.deepEqual(geo.results.map((r: { url: string }) => new URL(r.url).hostname).sort(), ['offenedaten.frankfurt.de', 'www.marburg.de']);
    const both = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_search', payload: { query: ['format:csv', 'url:wiesbaden'] } });
    assert.equal(both.json().result.count, 1);
    const bad = await get('query=password:x');
    assert.equal(bad.statusCode, 409);
    assert.match(bad.json().error.query[0], /not recognised/);
    assert.equal((await get('query=format:csv&order_by=secret')).statusCode, 409);
  });
});
