// The CKAN Action API through the real app: envelope, writes with tokens, visibility, tenant
// isolation and CKAN's error shapes; bad input changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';

const pkg = (over: Record<string, unknown> = {}) => ({
  name: 'parkhaeuser-giessen',
  title: 'Parkhäuser Gießen – Belegung',
  notes: 'Freie Stellplätze der Parkhäuser in der Innenstadt, alle fünf Minuten aktualisiert.',
  owner_org: 'giessen',
  license_id: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
  tags: [{ name: 'Parken' }, { name: 'Verkehr' }],
  groups: [{ name: 'tran' }],
  extras: [{ key: 'frequency', value: 'http://publications.europa.eu/resource/authority/frequency/CONT' }, { key: 'contributorID', value: '["http://dcat-ap.de/def/contributors/test"]' }],
  resources: [{ name: 'Belegung (CSV)', url: 'https://www.giessen.de/parken.csv', format: 'csv' }],
  ...over,
});

describe('CKAN Action API', () => {
  let t: TestApp;
  let giessen: string;
  let frankfurt: string;
  before(async () => {
    t = await testApp();
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
    frankfurt = await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } }));
  });
  after(() => t.close());
  const call = (name: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: body === undefined ? 'GET' : 'POST', url: `/api/3/action/${name}`, headers, ...(body !== undefined && { payload: body as object }) });

  test('package_create with a token, then package_show for everyone, with GovData extras', async () => {
    const res = await call('package_create', pkg(), { authorization: giessen }); // bare token, as CKAN clients send it
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.success, true);
    assert.match(body.help, /help_show\?name=package_create/);
    const shown = (await call('package_show?id=parkhaeuser-giessen')).json().result;
    assert.equal(shown.title, 'Parkhäuser Gießen – Belegung');
    assert.equal(shown.organization.name, 'giessen');
    assert.equal(shown.license_title, 'Datenlizenz Deutschland Namensnennung 2.0');
    assert.equal(shown.isopen, true);
    assert.deepEqual(shown.tags.map((x: { name: string }) => x.name), ['Parken', 'Verkehr']);
    assert.deepEqual(shown.groups.map((g: { name: string }) => g.name), ['tran']);
    assert.equal(shown.resources[0].format, 'CSV');
    const extras = Object.fromEntries(shown.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(extras.politicalGeocodingURI, '["http://dcat-ap.de/def/politicalGeocoding/municipalityKey/06531005"]');
    assert.equal(extras.politicalGeocodingLevelURI, 'http://dcat-ap.de/def/politicalGeocoding/Level/municipality');
    assert.equal(extras.frequency, 'http://publications.europa.eu/resource/authority/frequency/CONT');
    assert.equal(extras.contributorID, '["http://dcat-ap.de/def/contributors/test"]');
    // Also by id, and on the /api/action alias.
    const byId = await t.app.inject({ url: `/api/action/package_show?id=${shown.id}` });
    assert.equal(byId.json().result.name, 'parkhaeuser-giessen');
  });

  test('package_patch changes only the given fields; package_update keeps resources when none are given', async () => {
    const patched = (await call('package_patch', { id: 'parkhaeuser-giessen', notes: 'Neu beschrieben.' }, bearer(giessen))).json();
    assert.equal(patched.success, true, JSON.stringify(patched));
    assert.equal(patched.result.notes, 'Neu beschrieben.');
    assert.equal(patched.result.title, 'Parkhäuser Gießen – Belegung');
    assert.equal(patched.result.resources.length, 1);
    const updated = (await call('package_update', { ...pkg({ title: 'Parkhausbelegung' }), resources: undefined }, bearer(giessen))).json();
    assert.equal(updated.result.title, 'Parkhausbelegung');
    assert.equal(updated.result.resources.length, 1);
    const history = await t.db.selectFrom('catalog_dataset_history').select(['action', 'actor']).execute();
    assert.deepEqual(history.map((h) => h.action), ['package.create', 'package.update', 'package.update']);
    assert.equal(history[0]!.actor, 'daten@giessen.test');
  });

  test('private datasets are invisible to the public and to other tenants', async () => {
    await call('package_create', pkg({ name: 'intern-giessen', private: true, resources: [] }), bearer(giessen));
    assert.equal((await call('package_show?id=intern-giessen')).statusCode, 404);
    assert.equal((await call('package_show?id=intern-giessen', undefined, bearer(frankfurt))).json().error.__type, 'Not Found Error');
    assert.equal((await call('package_show?id=intern-giessen', undefined, bearer(giessen))).json().result.private, true);
    assert.ok(!(await call('package_list')).json().result.includes('intern-giessen'));
  });

  test("an editor of Frankfurt cannot write Gießen's datasets (403 Authorization Error), nothing changes", async () => {
    const before = await snapshot(t.db);
    for (const [name, body] of [
      ['package_create', pkg({ name: 'fremd' })],
      ['package_patch', { id: 'parkhaeuser-giessen', title: 'Gekapert' }],
      ['package_delete', { id: 'parkhaeuser-giessen' }],
    ] as const) {
      const res = await call(name, body, bearer(frankfurt));
      assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
      assert.equal(res.json().error.__type, 'Authorization Error');
    }
    const anon = await call('package_create', pkg({ name: 'anonym' }));
    assert.equal(anon.statusCode, 403);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('a browser session without the CSRF token acts as anonymous on CKAN writes (no cross-site forgery)', async () => {
    await t.makeUser({ email: 'web@giessen.test', roles: { giessen: 'editor' } });
    const s = await t.login('web@giessen.test');
    const forged = await call('package_create', pkg({ name: 'gefaelscht', resources: [] }), { cookie: s.cookie });
    assert.equal(forged.statusCode, 403, forged.body);
    const genuine = await call('package_create', pkg({ name: 'aus-dem-browser', resources: [] }), { cookie: s.cookie, 'x-csrf-token': s.csrf });
    assert.equal(genuine.statusCode, 200, genuine.body);
    assert.equal((await call('package_delete', { id: 'aus-dem-browser' }, { cookie: s.cookie })).statusCode, 403);
    assert.equal((await call('package_delete', { id: 'aus-dem-browser' }, { cookie: s.cookie, 'x-csrf-token': s.csrf })).statusCode, 200);
  });

  test('invalid package dicts get 409 Validation Error listing every field, and nothing is stored', async () => {
    const before = await snapshot(t.db);
    const res = await call('package_create', {
      name: 'Ungültig Name', owner_org: 'giessen', license_id: 'proprietaer', url: 'kein-link', author_email: 'x',
      tags: [{ name: 'a' }], groups: [{ name: 'sport' }], private: 'vielleicht',
      extras: [{ key: 'temporal_start', value: '31.12.2024' }],
      resources: [{ name: 'ohne url' }, { url: 'https://x.de/a.csv', size: -3 }],
    }, bearer(giessen));
    assert.equal(res.statusCode, 409, res.body);
    const error = res.json().error;
    assert.equal(error.__type, 'Validation Error');
    for (const f of ['name', 'license_id', 'url', 'author_email', 'tags.0.name', 'groups.0', 'private', 'extras.temporal_start', 'resources.0.url', 'resources.1.size']) {
      assert.ok(Array.isArray(error[f]), `missing error for ${f}: ${res.body}`);
    }
    const dup = await call('package_create', pkg(), bearer(giessen));
    assert.deepEqual(dup.json().error.name, ['That URL is already in use.']);
    const noOrg = await call('package_create', pkg({ name: 'ohne-org', owner_org: 'atlantis' }), bearer(giessen));
    assert.ok(noOrg.json().error.owner_org);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test("unknown actions and malformed JSON get CKAN's 400 strings", async () => {
    const unknown = await call('package_zaubern');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json(), 'Bad request - Action name not known: package_zaubern');
    const bad = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: { ...bearer(giessen), 'content-type': 'application/json' }, payload: '{"name": ' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json(), /^Bad request - JSON Error: /);
    const missingId = await call('package_show');
    assert.equal(missingId.statusCode, 409);
    assert.deepEqual(missingId.json().error.id, ['Missing value']);
  });

  test('package_delete hides the dataset from everyone but its editors', async () => {
    await call('package_create', pkg({ name: 'veraltet', resources: [] }), bearer(giessen));
    assert.equal((await call('package_delete', { id: 'veraltet' }, bearer(giessen))).json().success, true);
    assert.equal((await call('package_show?id=veraltet')).statusCode, 404);
    assert.equal((await call('package_show?id=veraltet', undefined, bearer(giessen))).json().result.state, 'deleted');
  });

  test('lists and vocabularies: organizations, groups, tags, licences, status, help', async () => {
    const orgs = (await call('organization_list')).json().result;
    assert.ok(orgs.includes('giessen') && orgs.includes('frankfurt') && orgs.includes('wetteraukreis'));
    const org = (await call('organization_show?id=giessen&include_datasets=true')).json().result;
    assert.equal(org.package_count, 1);
    assert.deepEqual(org.packages.map((p: { name: string }) => p.name), ['parkhaeuser-giessen']);
    const groups = (await call('group_list?all_fields=true')).json().result;
    assert.equal(groups.length, 13);
    assert.equal(groups.find((g: { name: string }) => g.name === 'tran').package_count, 1);
    assert.deepEqual((await call('tag_list?query=Par')).json().result, ['Parken']);
    const licences = (await call('license_list')).json().result;
    assert.ok(licences.some((l: { id: string }) => l.id === 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0'));
    assert.equal((await call('status_show')).json().result.site_title, 'stadtkern');
    assert.match((await call('help_show?name=package_show')).json().result, /id or name/);
    const withRes = (await call('current_package_list_with_resources?limit=5')).json().result;
    assert.equal(withRes[0].name, 'parkhaeuser-giessen');
  });
});
