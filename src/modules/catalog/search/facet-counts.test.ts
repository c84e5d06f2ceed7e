// The trigger-maintained facet counters give exactly what counting the datasets gives, through
// every kind of write (create, private, draft, delete, tags, resources' formats, bulk), before
// and after the deltas are folded in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedCatalog } from '../seed.ts';
import { compactFacetCounts } from './facet-counts.ts';

const FIELDS = encodeURIComponent(JSON.stringify(['organization', 'tenant', 'groups', 'tags', 'res_format', 'license_id', 'hvd_category', 'frequency']));

describe('facet counters', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await testApp();
    await seedCatalog(t.db);
    token = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
  });
  after(() => t.close());

  const search = async (extra: string) => {
    const res = await t.app.inject({ url: `/api/3/action/package_search?rows=0&facet.limit=-1&facet.field=${FIELDS}${extra}` });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json().result;
    return { count: r.count as number, facets: r.facets as Record<string, Record<string, number>> };
  };
  /** Counters (no filter) against a scan (fq=*:* takes the counting path). */
  const same = async (why: string) => {
    const counted = await search('');
    const scanned = await search(`&fq=${encodeURIComponent('*:*')}`);
    assert.deepEqual(counted, scanned, why);
    return counted;
  };
  const action = async (name: string, body: object) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/3/action/${name}`, headers: bearer(token), payload: body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result;
  };

  test('equal to a scan after every kind of write, folded or not', async () => {
    const start = await same('demo data');
    assert.equal(start.count, 14);
    assert.equal(start.facets.organization!.giessen, 2);

    await action('package_create', { name: 'f-a', title: 'A', owner_org: 'giessen', tags: [{ name: 'Parken' }], groups: [{ name: 'tran' }], resources: [{ url: 'https://x.de/a.csv', format: 'csv' }, { url: 'https://x.de/b.csv', format: 'CSV' }] });
    await action('package_create', { name: 'f-b', title: 'B', owner_org: 'giessen', private: true, tags: [{ name: 'Geheim' }] });
    await action('package_create', { name: 'f-c', title: 'C', owner_org: 'giessen', state: 'draft', tags: [{ name: 'Entwurf' }] });
    let now = await same('after creates');
    assert.equal(now.count, 15);
    assert.equal(now.facets.res_format!.CSV, start.facets.res_format!.CSV! + 1, 'two CSV resources count the dataset once');
    assert.equal(now.facets.tags!.Geheim, undefined);

    await action('package_patch', { id: 'f-a', tags: [{ name: 'Verkehr' }], license_id: 'cc-by/4.0' });
    await action('resource_create', { package_id: 'f-a', url: 'https://x.de/c.json', format: 'JSON' });
    await action('package_patch', { id: 'f-b', private: false });
    await action('package_delete', { id: 'giessen-parkhaeuser-belegung' });
    await same('after updates, resources, publishing and a delete');

    assert.ok(await compactFacetCounts(t.db) > 0);
    const deltas = await t.db.selectFrom('catalog_facet_deltas').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(deltas.n), 0);
    now = await same('after folding');
    assert.equal(now.count, 15);

    // A bulk statement (as a harvest or the benchmark writes) and a bulk change.
    const org = (await t.db.selectFrom('catalog_organizations').select(['id', 'tenant_id']).where('name', '=', 'fulda').executeTakeFirstOrThrow());
    await sql`INSERT INTO catalog_datasets (tenant_id, organization_id, name, title, tags, themes, license_id)
      SELECT ${org.tenant_id}, ${org.id}, 'bulk-' || i, 'Bulk ' || i, ARRAY['Bulk', 'T' || (i % 3)], ARRAY['envi'], 'http://dcat-ap.de/def/licenses/cc-zero'
        FROM generate_series(1, 300) i`.execute(t.db);
    await sql`UPDATE catalog_datasets SET private = true WHERE name LIKE 'bulk-%' AND right(name, 1) = '7'`.execute(t.db);
    now = await same('after bulk writes');
    assert.equal(now.facets.tags!.Bulk, 270);
    await compactFacetCounts(t.db);
    await same('after bulk writes, folded');
  });
});
