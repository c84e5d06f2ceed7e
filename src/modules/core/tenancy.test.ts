// Tenant isolation through the HTTP API: an editor of one tenant cannot write another's data,
// and private records of one tenant are invisible to members of another.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../test/helpers/app.ts';

describe('tenant isolation', () => {
  let t: TestApp;
  let giessenEditor: string;
  let frankfurtAdmin: string;
  before(async () => {
    t = await testApp();
    giessenEditor = await t.token(await t.makeUser({ email: 'ed@giessen.test', roles: { giessen: 'editor' } }));
    frankfurtAdmin = await t.token(await t.makeUser({ email: 'admin@frankfurt.test', roles: { frankfurt: 'admin' } }));
  });
  after(() => t.close());

  test('an editor writes to her own tenant', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/tenants/giessen/departments', headers: bearer(giessenEditor),
      payload: { slug: 'tiefbau', name: 'Tiefbauamt', email: 'tiefbau@giessen.de', isPublic: true },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().tenantSlug, 'giessen');
  });

  test('an editor of Gießen gets 403 writing to Frankfurt, and nothing is stored', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/tenants/frankfurt/departments', headers: bearer(giessenEditor),
      payload: { slug: 'eingeschleust', name: 'Eingeschleust' },
    });
    problem(res, 403);
    const row = await t.db.selectFrom('core_departments').select('id').where('slug', '=', 'eingeschleust').executeTakeFirst();
    assert.equal(row, undefined);
    const upd = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/frankfurt', headers: bearer(giessenEditor), payload: { name: 'Gekapert' } });
    problem(upd, 403);
  });

  test("Frankfurt's internal departments are invisible to Gießen and to the public, visible to Frankfurt", async () => {
    const internal = await t.app.inject({
      method: 'POST', url: '/api/v1/tenants/frankfurt/departments', headers: bearer(frankfurtAdmin),
      payload: { slug: 'krisenstab', name: 'Krisenstab', isPublic: false },
    });
    assert.equal(internal.statusCode, 201, internal.body);
    const slugs = async (headers: Record<string, string>) =>
      (await t.app.inject({ url: '/api/v1/tenants/frankfurt/departments', headers })).json().items.map((d: { slug: string }) => d.slug);
    assert.ok((await slugs(bearer(frankfurtAdmin))).includes('krisenstab'));
    assert.ok(!(await slugs(bearer(giessenEditor))).includes('krisenstab'));
    assert.ok(!(await slugs({})).includes('krisenstab'));
    // Nor can Gießen change it by id.
    const id = internal.json().id;
    problem(await t.app.inject({ method: 'PATCH', url: `/api/v1/tenants/frankfurt/departments/${id}`, headers: bearer(giessenEditor), payload: { isPublic: true } }), 403);
  });

  test("a tenant admin cannot read another tenant's users or audit log", async () => {
    problem(await t.app.inject({ url: '/api/v1/users?tenant=giessen', headers: bearer(frankfurtAdmin) }), 403);
    problem(await t.app.inject({ url: '/api/v1/audit?tenant=giessen', headers: bearer(frankfurtAdmin) }), 403);
    const own = await t.app.inject({ url: '/api/v1/audit', headers: bearer(frankfurtAdmin) });
    assert.equal(own.statusCode, 200);
    for (const e of own.json().items) assert.equal(e.tenantSlug, 'frankfurt');
    const users = await t.app.inject({ url: '/api/v1/users?tenant=frankfurt', headers: bearer(frankfurtAdmin) });
    assert.deepEqual(users.json().items.map((u: { email: string }) => u.email), ['admin@frankfurt.test']);
  });

  test('a tenant admin cannot give herself rights in another tenant or create platform admins', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: bearer(frankfurtAdmin),
      payload: { email: 'x@y.test', name: 'X', password: 'langes-passwort-1', memberships: [{ tenantSlug: 'giessen', role: 'admin' }] },
    });
    assert.deepEqual(problem(res, 422).errors?.map((e) => e.field), ['body.memberships.0.tenantSlug']);
    const pa = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: bearer(frankfurtAdmin),
      payload: { email: 'x@y.test', name: 'X', password: 'langes-passwort-1', isPlatformAdmin: true, memberships: [{ tenantSlug: 'frankfurt', role: 'viewer' }] },
    });
    problem(pa, 403);
    assert.equal(await t.db.selectFrom('core_users').select('id').where('email', '=', 'x@y.test').executeTakeFirst(), undefined);
  });
});
