// Bad input on every write route of core: a clear 4xx problem+json naming the fields, and no
// table changes at all (not even the audit log).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../test/helpers/app.ts';
import { snapshot } from '../../../test/helpers/snapshot.ts';

type Case = { name: string; method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown; raw?: string; status: number; fields?: string[] };

describe('bad input on every core write route', () => {
  let t: TestApp;
  let admin: string;
  let userId: string;
  let deptId: string;
  before(async () => {
    t = await testApp();
    const adminId = await t.makeUser({ email: 'root@plattform.test', platformAdmin: true });
    admin = await t.token(adminId);
    userId = await t.makeUser({ email: 'nutzer@fulda.test', roles: { fulda: 'viewer' } });
    deptId = (await t.db.selectFrom('core_departments').select('id').where('tenant_id', '=', t.tenants.get('fulda')!).executeTakeFirstOrThrow()).id;
    await t.db.insertInto('core_jobs').values({ type: 'core.cleanup', payload: '{}', status: 'succeeded' }).execute();
  });
  after(() => t.close());

  const cases = (): Case[] => [
    { name: 'tenant: everything wrong', method: 'POST', url: '/api/v1/tenants', payload: { slug: 'Bad Slug', name: '', type: 'city', ags: '123', ars: 'abc', extra: 1 }, status: 400, fields: ['body.slug', 'body.name', 'body.type', 'body.ags', 'body.ars'] },
    { name: 'tenant: ARS not matching AGS', method: 'POST', url: '/api/v1/tenants', payload: { slug: 'neu', name: 'Neu', type: 'municipality', ags: '06412000', ars: '065310005005' }, status: 400, fields: ['body.ars'] },
    { name: 'tenant: duplicate AGS', method: 'POST', url: '/api/v1/tenants', payload: { slug: 'doppelt', name: 'Doppelt', type: 'municipality', ags: '06412000', ars: '064120000000' }, status: 409, fields: ['body.ags'] },
    { name: 'tenant: unknown parent', method: 'POST', url: '/api/v1/tenants', payload: { slug: 'neu', name: 'Neu', type: 'municipality', ags: '06999001', ars: '069990001001', parentSlug: 'gibt-es-nicht' }, status: 422, fields: ['body.parentSlug'] },
    { name: 'tenant: a city as parent', method: 'PATCH', url: '/api/v1/tenants/giessen', payload: { parentSlug: 'frankfurt' }, status: 422, fields: ['body.parentSlug'] },
    { name: 'tenant: bad website', method: 'PATCH', url: '/api/v1/tenants/giessen', payload: { website: 'keine url', name: '   ' }, status: 400, fields: ['body.website', 'body.name'] },
    { name: 'tenant: unknown', method: 'PATCH', url: '/api/v1/tenants/atlantis', payload: { name: 'Atlantis' }, status: 404 },
    { name: 'cooperation: bad fields', method: 'POST', url: '/api/v1/cooperations', payload: { slug: '-', name: 1, members: 'frankfurt' }, status: 400, fields: ['body.slug', 'body.name', 'body.members'] },
    { name: 'cooperation: unknown member', method: 'POST', url: '/api/v1/cooperations', payload: { slug: 'neu', name: 'Neu', members: ['frankfurt', 'atlantis'] }, status: 422, fields: ['body.members.1'] },
    { name: 'cooperation: update unknown member', method: 'PATCH', url: '/api/v1/cooperations/smartes-rhein-main', payload: { members: ['atlantis'] }, status: 422, fields: ['body.members.0'] },
    { name: 'department: bad fields', method: 'POST', url: '/api/v1/tenants/fulda/departments', payload: { slug: 'Ä', name: '', email: 'kein-mail', phone: 'abc' }, status: 400, fields: ['body.slug', 'body.name', 'body.email', 'body.phone'] },
    { name: 'department: duplicate slug', method: 'POST', url: '/api/v1/tenants/fulda/departments', payload: { slug: 'ordnungsamt', name: 'Noch eins' }, status: 409, fields: ['body.slug'] },
    { name: 'department: update bad id', method: 'PATCH', url: '/api/v1/tenants/fulda/departments/123', payload: { name: 'x' }, status: 400, fields: ['params.id'] },
    { name: 'department: update bad fields', method: 'PATCH', url: `/api/v1/tenants/fulda/departments/${deptId}`, payload: { isPublic: 'ja', slug: 'neu' }, status: 400, fields: ['body.isPublic', 'body'] },
    { name: 'user: bad fields', method: 'POST', url: '/api/v1/users', payload: { email: 'nope', name: '', password: 'kurz', memberships: [{ tenantSlug: 'fulda', role: 'chef' }] }, status: 400, fields: ['body.email', 'body.name', 'body.password', 'body.memberships.0.role'] },
    { name: 'user: duplicate e-mail', method: 'POST', url: '/api/v1/users', payload: { email: 'NUTZER@fulda.test', name: 'Doppelt', password: 'ein-langes-passwort' }, status: 409, fields: ['body.email'] },
    { name: 'user: unknown tenant', method: 'POST', url: '/api/v1/users', payload: { email: 'neu@fulda.test', name: 'Neu', password: 'ein-langes-passwort', memberships: [{ tenantSlug: 'atlantis', role: 'viewer' }] }, status: 422, fields: ['body.memberships.0.tenantSlug'] },
    { name: 'user: update bad fields', method: 'PATCH', url: `/api/v1/users/${userId}`, payload: { password: 'kurz', disabled: 'nein' }, status: 400, fields: ['body.password', 'body.disabled'] },
    { name: 'membership: bad role', method: 'PUT', url: `/api/v1/users/${userId}/memberships/fulda`, payload: { role: 'chef' }, status: 400, fields: ['body.role'] },
    { name: 'membership: unknown tenant', method: 'PUT', url: `/api/v1/users/${userId}/memberships/atlantis`, payload: { role: 'viewer' }, status: 404 },
    { name: 'token: bad fields', method: 'POST', url: '/api/v1/tokens', payload: { name: '', scopes: ['root'], expiresInDays: 0 }, status: 400, fields: ['body.name', 'body.scopes.0', 'body.expiresInDays'] },
    { name: 'token: no scopes, too long', method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', scopes: [], expiresInDays: 400 }, status: 400, fields: ['body.scopes'] },
    { name: 'token: over the configured maximum', method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', scopes: ['read'], expiresInDays: 400 }, status: 422, fields: ['body.expiresInDays'] },
    { name: 'token: revoke bad id', method: 'DELETE', url: '/api/v1/tokens/keine-uuid', status: 400, fields: ['params.id'] },
    { name: 'session: wrong types', method: 'POST', url: '/api/v1/session', payload: { email: 5 }, status: 400, fields: ['body.email', 'body.password'] },
    { name: 'malformed JSON', method: 'POST', url: '/api/v1/tenants', raw: '{"slug": ', status: 400 },
    { name: 'not JSON at all (form post)', method: 'POST', url: '/api/v1/users', raw: 'email=a@b.c', status: 415 },
    { name: 'job retry: bad id', method: 'POST', url: '/api/v1/jobs/abc/retry', payload: {}, status: 400, fields: ['params.id'] },
    { name: 'job retry: not failed', method: 'POST', url: '/api/v1/jobs/1/retry', payload: {}, status: 409 },
    { name: 'job cancel: unknown', method: 'POST', url: '/api/v1/jobs/999999/cancel', payload: {}, status: 404 },
  ];

  test('each case gets its 4xx with the named fields, and changes nothing', async () => {
    for (const c of cases()) {
      const before = await snapshot(t.db);
      const headers: Record<string, string> = { ...bearer(admin) };
      if (c.raw !== undefined) headers['content-type'] = c.raw.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
      const res = await t.app.inject({ method: c.method, url: c.url, headers, ...(c.raw !== undefined ? { payload: c.raw } : c.payload !== undefined ? { payload: c.payload as object } : {}) });
      const body = problem(res, c.status);
      assert.ok(body.detail, `${c.name}: detail`);
      if (c.fields) {
        const got = new Set(body.errors?.map((e) => e.field));
        for (const f of c.fields) assert.ok(got.has(f), `${c.name}: expected field ${f}, got ${[...got].join(', ')}`);
      }
      assert.deepEqual(await snapshot(t.db), before, `${c.name}: something was stored`);
    }
  });

  test('bodies over the size limit are refused with 413', async () => {
    const before = await snapshot(t.db);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants', headers: bearer(admin), payload: { slug: 'x', name: 'x'.repeat(2_000_000) } });
    problem(res, 413);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('writes without any credentials get 401', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/fulda/departments', payload: { slug: 'a', name: 'a' } });
    problem(res, 401);
    assert.match(String(res.headers['www-authenticate']), /Bearer/);
  });
});
