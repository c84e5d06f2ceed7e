// show → edit → update, as CKAN clients and the publisher editor do: the derived extras that
// come back with the dict are not stored, so they keep following the organisation and tenant.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedCatalog } from '../seed.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
  await seedCatalog(t.db);
});
after(() => t.close());

test('a package_show dict sent back to package_update does not freeze derived extras', async () => {
  const admin = await t.token(await t.makeUser({ email: 'admin@marburg.test', roles: { marburg: 'admin' } }));
  const show = async () => (await t.app.inject({ url: '/api/3/action/package_show?id=marburg-defibrillatoren' })).json().result;
  const before = await show();
  assert.ok(before, 'seed dataset exists');
  const extra = (p: { extras: { key: string; value: string }[] }, k: string) => p.extras.find((e) => e.key === k)?.value;
  const sent = { ...before, title: 'Defibrillatoren Marburg (neu)', extras: [...before.extras, { key: 'contributorID', value: 'http://dcat-ap.de/def/contributors/hessen' }] };
  const res = await t.app.inject({ method: 'POST', url: '/api/3/action/package_update', payload: sent, headers: bearer(admin) });
  assert.equal(res.statusCode, 200, res.body);
  const stored = await t.db.selectFrom('catalog_datasets').select('extras').where('name', '=', 'marburg-defibrillatoren').executeTakeFirstOrThrow();
  assert.deepEqual(stored.extras, { contributorID: 'http://dcat-ap.de/def/contributors/hessen' }, 'only what the publisher added is stored');
  await t.app.inject({ method: 'POST', url: '/api/3/action/organization_update', payload: { id: 'marburg', title: 'Universitätsstadt Marburg' }, headers: bearer(admin) });
  const after = await show();
  assert.equal(extra(after, 'publisher_name'), 'Universitätsstadt Marburg');
  assert.equal(extra(after, 'politicalGeocodingURI'), extra(before, 'politicalGeocodingURI'));
  // A publisher's own, different value still wins.
  const finer = { ...after, extras: [{ key: 'geocodingText', value: '["Marburg-Cappel"]' }] };
  await t.app.inject({ method: 'POST', url: '/api/3/action/package_update', payload: finer, headers: bearer(admin) });
  assert.equal(extra(await show(), 'geocodingText'), '["Marburg-Cappel"]');
});
