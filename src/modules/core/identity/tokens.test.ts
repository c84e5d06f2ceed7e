// API tokens: created once in plain text, stored hashed, refused when expired, revoked or out of scope.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sha256 } from './secrets.ts';

describe('API tokens', () => {
  let t: TestApp;
  let session: { cookie: string; csrf: string };
  let userId: string;
  before(async () => {
    t = await testApp();
    userId = await t.makeUser({ email: 'redaktion@darmstadt.test', roles: { darmstadt: 'editor' } });
    session = await t.login('redaktion@darmstadt.test');
  });
  after(() => t.close());

  const viaSession = (method: 'POST' | 'DELETE' | 'GET', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });

  test('a created token is shown once, works, and only its hash is stored', async () => {
    const res = await viaSession('POST', '/api/v1/tokens', { name: 'Parkhaus-Export', scopes: ['read', 'write'], expiresInDays: 30 });
    assert.equal(res.statusCode, 201, res.body);
    const { token, id, prefix } = res.json();
    assert.match(token, /^sk_[A-Za-z0-9_-]{43}$/);
    assert.equal(token.slice(0, 10), prefix);
    const rows = await t.db.selectFrom('core_api_tokens').selectAll().where('id', '=', id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.token_hash, sha256(token));
    // The plain token appears in no column of any table that could hold it.
    const dump = JSON.stringify(await t.db.selectFrom('core_api_tokens').selectAll().execute()) + JSON.stringify(await t.db.selectFrom('core_audit_log').selectAll().execute());
    assert.ok(!dump.includes(token));
    const listed = (await viaSession('GET', '/api/v1/tokens')).json().items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].token, undefined);
    // Bearer and the bare form CKAN clients send both authenticate.
    for (const authorization of [`Bearer ${token}`, token]) {
      const me = await t.app.inject({ url: '/api/v1/session', headers: { authorization } });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().user.email, 'redaktion@darmstadt.test');
      assert.equal(me.json().expiresAt, res.json().expiresAt, 'the token\'s own expiry');
    }
  });

  test('an expired token is refused', async () => {
    const token = await t.token(userId, ['read'], { expiresAt: new Date(Date.now() - 1000) });
    problem(await t.app.inject({ url: '/api/v1/session', headers: bearer(token) }), 401);
  });

  test('a revoked token is refused, immediately', async () => {
    const created = (await viaSession('POST', '/api/v1/tokens', { name: 'kurzlebig', scopes: ['read'] })).json();
    assert.equal((await t.app.inject({ url: '/api/v1/session', headers: bearer(created.token) })).statusCode, 200);
    assert.equal((await viaSession('DELETE', `/api/v1/tokens/${created.id}`)).statusCode, 204);
    problem(await t.app.inject({ url: '/api/v1/session', headers: bearer(created.token) }), 401);
    const listed = (await viaSession('GET', '/api/v1/tokens')).json().items.find((x: { id: string }) => x.id === created.id);
    assert.ok(listed.revokedAt);
  });

  test('a read-only token cannot write, a write token cannot administrate', async () => {
    const readOnly = await t.token(userId, ['read']);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/darmstadt/departments', headers: bearer(readOnly), payload: { slug: 'abc', name: 'Abc' } });
    assert.match(problem(res, 403).detail, /write/);
    const writer = await t.token(userId, ['read', 'write']);
    problem(await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(writer), payload: { name: 'x', scopes: ['read'] } }), 403);
    assert.equal(await t.db.selectFrom('core_departments').select('id').where('slug', '=', 'abc').executeTakeFirst(), undefined);
  });

  test('unknown and malformed tokens are refused, never treated as anonymous', async () => {
    for (const authorization of ['Bearer sk_doesnotexist', 'Bearer ', 'sk_' + 'x'.repeat(500)]) {
      const res = await t.app.inject({ url: '/api/v1/tenants', headers: { authorization } });
      assert.equal(res.statusCode, 401, `${authorization.slice(0, 20)}: ${res.statusCode}`);
    }
  });

  test("another user's token cannot be revoked by id", async () => {
    const other = await t.makeUser({ email: 'other@darmstadt.test', roles: { darmstadt: 'viewer' } });
    await t.token(other, ['read']);
    const row = await t.db.selectFrom('core_api_tokens').select('id').where('user_id', '=', other).executeTakeFirstOrThrow();
    problem(await viaSession('DELETE', `/api/v1/tokens/${row.id}`), 404);
    const still = await t.db.selectFrom('core_api_tokens').select('revoked_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(still.revoked_at, null);
  });
});
