// The demo: the common schema is seeded once (idempotent), and the catalogue's example URLs are
// not loaded automatically (they would only produce failed loads), while the auto-load job runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedAllDemo } from '../../server/modules.ts';
import { seedDatastoreDemo } from './demo.ts';

describe('datastore demo content', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await seedAllDemo(t.db, () => undefined); // core's demo accounts, the catalogue, then this module
  });
  after(() => t.close());

  test('seeding twice changes nothing the second time; auto-load leaves the example URLs alone', async () => {
    const count = async () => Number((await t.db.selectFrom('datastore_tables').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const tables = await count(); // seeded by seedAllDemo above
    assert.equal(tables, 2); // Gießen's and Marburg's car parks
    await seedDatastoreDemo(t.db);
    assert.equal(await count(), tables);

    await t.jobs.enqueue('datastore.autoload', {});
    await t.jobs.runOnce();
    const loads = await t.db.selectFrom('datastore_loads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(loads.n), 0, 'no load of https://www.giessen.de/opendata/… and friends');
    const off = await t.db.selectFrom('datastore_refresh').select((eb) => eb.fn.countAll<string>().as('n')).where('auto_load', '=', false).executeTakeFirstOrThrow();
    assert.ok(Number(off.n) >= 14);
  });
});
