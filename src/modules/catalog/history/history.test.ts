// The dataset history API: readable field diffs, and who may see whom.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedCatalog } from '../seed.ts';
import { diffEntry } from './diff.ts';

describe('dataset history', () => {
  let t: TestApp;
  let editor: string;
  let viewer: string;
  let foreign: string;
  before(async () => {
    t = await testApp();
    await seedCatalog(t.db);
    editor = await t.token(await t.makeUser({ email: 'redaktion@darmstadt.test', roles: { darmstadt: 'editor' } }));
    viewer = await t.token(await t.makeUser({ email: 'lesen@darmstadt.test', roles: { darmstadt: 'viewer' } }), ['read']);
    foreign = await t.token(await t.makeUser({ email: 'od@fulda.test', roles: { fulda: 'editor' } }));
  });
  after(() => t.close());
  const post = async (name: string, body: object) => {
    const r = await t.app.inject({ method: 'POST', url: `/api/3/action/${name}`, payload: body, headers: bearer(editor) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json().result;
  };
  const history = (name: string, token?: string, qs = '') => t.app.inject({ url: `/api/v1/catalog/datasets/${name}/history${qs}`, headers: token ? bearer(token) : {} });

  test('each change as a field diff, newest first; e-mails only for members', async () => {
    await post('package_create', {
      name: 'darmstadt-radwege', title: 'Radwege', owner_org: 'darmstadt', license_id: 'dl-by-de/2.0', tags: [{ name: 'Rad' }, { name: 'Verkehr' }],
      groups: [{ name: 'tran' }], maintainer_email: 'rad@darmstadt.de', extras: [{ key: 'frequency', value: 'MONTHLY' }],
      resources: [{ url: 'https://www.darmstadt.de/radwege.geojson', format: 'GeoJSON', name: 'Netz' }],
    });
    await post('package_patch', {
      id: 'darmstadt-radwege', title: 'Radwege Darmstadt', license_id: 'dl-zero-de/2.0', tags: [{ name: 'Rad' }, { name: 'Fahrrad' }],
      extras: [{ key: 'frequency', value: 'ANNUAL' }, { key: 'temporal_start', value: '2024-01-01' }],
    });
    const res = await post('resource_create', { package_id: 'darmstadt-radwege', url: 'https://www.darmstadt.de/radwege.csv', format: 'CSV', name: 'Tabelle' });
    await post('resource_patch', { id: res.id, format: 'XLSX' });
    await post('resource_delete', { id: res.id });

    const anon = await history('darmstadt-radwege');
    assert.equal(anon.statusCode, 200, anon.body);
    const body = anon.json();
    assert.equal(body.total, 5);
    assert.deepEqual(body.items.map((i: { action: string }) => i.action), ['resource.delete', 'resource.update', 'resource.create', 'package.update', 'package.create']);
    assert.ok(!anon.body.includes('redaktion@darmstadt.test'), 'anonymous readers never see who it was');
    assert.deepEqual(body.items[0].actor, { label: 'Darmstadt', kind: 'organisation' });

    const update = body.items[3];
    assert.equal(update.summary, 'Metadaten geändert');
    const byField = Object.fromEntries(update.changes.map((c: { field: string; before: string; after: string }) => [c.field, [c.before, c.after]]));
    assert.deepEqual(byField.title, ['Radwege', 'Radwege Darmstadt']);
    assert.deepEqual(byField.license_id, ['Datenlizenz Deutschland Namensnennung 2.0', 'Datenlizenz Deutschland – Zero – Version 2.0']);
    assert.deepEqual(byField['extras.frequency'], ['MONTHLY', 'ANNUAL']);
    assert.deepEqual(byField['extras.temporal_start'], [null, '2024-01-01T00:00:00.000Z']);
    assert.equal(byField.metadata_modified, undefined);
    assert.equal(byField['extras.publisher_name'], undefined);
    assert.deepEqual(update.tags, { added: ['Fahrrad'], removed: ['Verkehr'] });
    assert.deepEqual(update.resources, [], 'a patch without resources leaves them alone');

    const resUpdate = body.items[1];
    assert.deepEqual(resUpdate.resources, [{ id: res.id, name: 'Tabelle', change: 'changed', fields: [{ field: 'format', label: 'Format', before: 'CSV', after: 'XLSX' }] }]);
    assert.equal(body.items[0].resources[0].change, 'removed');

    const member = (await history('darmstadt-radwege', viewer)).json();
    assert.deepEqual(member.items[0].actor, { label: 'redaktion@darmstadt.test', kind: 'person' });
    const otherTenant = (await history('darmstadt-radwege', foreign)).json();
    assert.equal(otherTenant.items[0].actor.kind, 'organisation');

    const paged = (await history('darmstadt-radwege', undefined, '?limit=2&offset=3')).json();
    assert.deepEqual(paged.items.map((i: { action: string }) => i.action), ['package.update', 'package.create']);
    assert.equal((await history('darmstadt-radwege', undefined, '?limit=0')).statusCode, 400);
  });

  test('the history of a private dataset is for members only', async () => {
    await post('package_create', { name: 'darmstadt-geheim', title: 'Intern', owner_org: 'darmstadt', private: true });
    assert.equal((await history('darmstadt-geheim')).statusCode, 404);
    assert.equal((await history('darmstadt-geheim', foreign)).statusCode, 404);
    assert.equal((await history('darmstadt-geheim', viewer)).statusCode, 200);
    assert.equal((await history('gibt-es-nicht')).statusCode, 404);
  });

  test('diffEntry: resource lists in package updates, deletion, unknown actions', () => {
    const pkg = (resources: object[], extra: object = {}) => ({ title: 'A', state: 'active', private: false, resources, tags: [], groups: [], extras: [], ...extra });
    const d = diffEntry('package.update', pkg([{ id: '1', name: 'Alt', url: 'https://a/1' }, { id: '2', name: 'Bleibt', url: 'https://a/2' }]),
      pkg([{ id: '2', name: 'Bleibt', url: 'https://a/2b' }, { id: '3', name: '', format: 'CSV', url: 'https://a/3' }], { private: true, groups: [{ name: 'tran', title: 'Verkehr' }] }));
    assert.deepEqual(d.resources.map((r) => [r.name, r.change]), [['Bleibt', 'changed'], ['CSV', 'added'], ['Alt', 'removed']]);
    assert.deepEqual(d.changes, [{ field: 'private', label: 'Sichtbarkeit', before: 'öffentlich', after: 'privat' }]);
    assert.deepEqual(d.groups, { added: ['Verkehr'], removed: [] });
    assert.deepEqual(diffEntry('package.delete', { state: 'active' }, { state: 'deleted' }).changes, [{ field: 'state', label: 'Status', before: 'aktiv', after: 'gelöscht' }]);
    assert.equal(diffEntry('harvest.something', null, null).summary, 'harvest.something');
    assert.deepEqual(diffEntry('package.create', null, pkg([])).changes, []);
  });
});
