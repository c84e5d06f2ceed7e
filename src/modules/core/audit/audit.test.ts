// Every write is in the audit log with who, tenant, what, when, before and after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';

describe('audit log', () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.close());

  test('records writes with before/after, readable by the tenant admin, without secrets', async () => {
    const adminId = await t.makeUser({ email: 'chefin@marburg.test', roles: { marburg: 'admin' } });
    const token = await t.token(adminId);
    const upd = await t.app.inject({ method: 'PATCH', url: '/api/v1/tenants/marburg', headers: { ...bearer(token), 'x-request-id': 'req-42' }, payload: { website: 'https://www.marburg.de/portal' } });
    assert.equal(upd.statusCode, 200, upd.body);
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: bearer(token),
      payload: { email: 'neu@marburg.test', name: 'Neu', password: 'geheimes-passwort-99', memberships: [{ tenantSlug: 'marburg', role: 'editor' }] },
    });
    assert.equal(created.statusCode, 201, created.body);

    const log = (await t.app.inject({ url: '/api/v1/audit?tenant=marburg', headers: bearer(token) })).json();
    const tenantUpd = log.items.find((e: { action: string }) => e.action === 'tenant.update');
    assert.equal(tenantUpd.actor, 'chefin@marburg.test');
    assert.equal(tenantUpd.via, 'token');
    assert.equal(tenantUpd.tenantSlug, 'marburg');
    assert.equal(tenantUpd.requestId, 'req-42');
    assert.equal(tenantUpd.before.website, 'https://www.marburg.de');
    assert.equal(tenantUpd.after.website, 'https://www.marburg.de/portal');
    assert.ok(log.items.some((e: { action: string }) => e.action === 'user.create'));
    assert.ok(!JSON.stringify(log).includes('geheimes-passwort-99'));
    assert.ok(!JSON.stringify(log).includes('scrypt$'));
  });

  test('viewers and editors cannot read the audit log', async () => {
    const editor = await t.token(await t.makeUser({ email: 'ed@marburg.test', roles: { marburg: 'editor' } }));
    assert.equal((await t.app.inject({ url: '/api/v1/audit?tenant=marburg', headers: bearer(editor) })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/api/v1/audit' })).statusCode, 401);
  });
});
