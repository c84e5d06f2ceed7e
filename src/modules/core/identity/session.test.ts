// Browser sessions: httpOnly SameSite cookie, CSRF on writes, lockout after repeated failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';

describe('sessions and login', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ loginMaxFailures: 3, loginLockMs: 60_000 });
    await t.makeUser({ email: 'amt@wiesbaden.test', roles: { wiesbaden: 'admin' } });
    await t.makeUser({ email: 'opfer@wiesbaden.test', roles: { wiesbaden: 'viewer' } });
  });
  after(() => t.close());

  test('login sets an httpOnly, SameSite=Strict cookie; the session stores only a hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'AMT@wiesbaden.test', password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.cookies.find((x) => x.name === 'stadtkern_session')!;
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Strict');
    const stored = await t.db.selectFrom('core_sessions').select('id').execute();
    assert.ok(stored.every((s) => s.id !== c.value));
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie: `stadtkern_session=${c.value}` } });
    assert.equal(me.json().user.memberships[0].tenantSlug, 'wiesbaden');
  });

  test('writes with a session cookie need the CSRF token', async () => {
    const s = await t.login('amt@wiesbaden.test');
    const payload = { slug: 'kaemmerei', name: 'Kämmerei' };
    problem(await t.app.inject({ method: 'POST', url: '/api/v1/tenants/wiesbaden/departments', headers: { cookie: s.cookie }, payload }), 403);
    problem(await t.app.inject({ method: 'POST', url: '/api/v1/tenants/wiesbaden/departments', headers: { cookie: s.cookie, 'x-csrf-token': 'falsch' }, payload }), 403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/wiesbaden/departments', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('wrong password and unknown e-mail answer the same; the account locks after the limit', async () => {
    const bad = (email: string) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'falsch-falsch-falsch' } });
    const unknown = problem(await bad('niemand@wiesbaden.test'), 401);
    const wrong = problem(await bad('opfer@wiesbaden.test'), 401);
    assert.equal(unknown.detail, wrong.detail);
    problem(await bad('opfer@wiesbaden.test'), 401);
    problem(await bad('opfer@wiesbaden.test'), 401);
    // Locked now: even the right password is refused until the lock expires.
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'opfer@wiesbaden.test', password: PASSWORD } });
    problem(locked, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    const audit = await t.db.selectFrom('core_audit_log').select('action').where('action', '=', 'user.locked').execute();
    assert.equal(audit.length, 1);
  });

  test('logout ends the session', async () => {
    const s = await t.login('amt@wiesbaden.test');
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).statusCode, 204);
    problem(await t.app.inject({ url: '/api/v1/session', headers: { cookie: s.cookie } }), 401);
  });

  test('the login endpoint is rate limited per client', async () => {
    const t2 = await testApp({ loginRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await t2.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: `n${i}@x.test`, password: 'x' } })).statusCode);
      }
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    } finally {
      await t2.close();
    }
  });
});
