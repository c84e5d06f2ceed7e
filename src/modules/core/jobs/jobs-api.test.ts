// The jobs API: who sees and steers which jobs. Platform admins see all (including platform
// housekeeping without a tenant); a tenant admin sees and steers her tenants' jobs only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';

describe('jobs API', () => {
  let t: TestApp;
  let platform: string;
  let ffmAdmin: string;
  let ffmAdminReadOnly: string;
  let ffmEditor: string;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await testApp();
    platform = await t.token(await t.makeUser({ email: 'plattform@test', platformAdmin: true }));
    const admin = await t.makeUser({ email: 'admin@frankfurt.test', roles: { frankfurt: 'admin', giessen: 'editor' } });
    ffmAdmin = await t.token(admin);
    ffmAdminReadOnly = await t.token(admin, ['read']);
    ffmEditor = await t.token(await t.makeUser({ email: 'ed@frankfurt.test', roles: { frankfurt: 'editor' } }));
    const add = async (key: string, tenant: string | null, status: 'queued' | 'failed' | 'succeeded') => {
      const row = await t.db.insertInto('core_jobs')
        .values({ type: `test.${key}`, payload: '{}', tenant_id: tenant ? t.tenants.get(tenant)! : null, status, attempts: status === 'queued' ? 0 : 3, max_attempts: 3, last_error: status === 'failed' ? 'kaputt' : null })
        .returning('id').executeTakeFirstOrThrow();
      ids[key] = row.id;
    };
    await add('ffmFailed', 'frankfurt', 'failed');
    await add('ffmQueued', 'frankfurt', 'queued');
    await add('giessenFailed', 'giessen', 'failed');
    await add('platform', null, 'succeeded');
    await t.db.insertInto('core_job_schedules').values([
      { name: 'core.cleanup', type: 'core.cleanup', payload: '{}', tenant_id: null, interval_seconds: 3600, next_run_at: new Date() },
      { name: 'frankfurt.harvest', type: 'test.harvest', payload: '{}', tenant_id: t.tenants.get('frankfurt')!, interval_seconds: 600, next_run_at: new Date() },
    ]).execute();
  });
  after(() => t.close());

  const list = async (token: string, query = '') => {
    const res = await t.app.inject({ url: `/api/v1/jobs${query}`, headers: bearer(token) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: { id: number; tenantSlug: string | null; status: string }[]; total: number };
  };

  test('a platform admin sees every job, newest first, and can filter', async () => {
    const all = await list(platform);
    assert.equal(all.total, 4);
    assert.deepEqual(all.items.map((j) => j.id), Object.values(ids).sort((a, b) => b - a));
    assert.deepEqual((await list(platform, '?tenant=giessen')).items.map((j) => j.id), [ids.giessenFailed]);
    assert.deepEqual((await list(platform, '?status=failed&tenant=frankfurt')).items.map((j) => j.id), [ids.ffmFailed]);
    assert.deepEqual((await list(platform, '?type=test.platform')).items.map((j) => j.id), [ids.platform]);
    const page = await list(platform, '?limit=1&offset=1');
    assert.equal(page.items.length, 1);
    assert.equal(page.total, 4);
  });

  test("a tenant admin sees her tenant's jobs only, never platform jobs", async () => {
    const mine = await list(ffmAdmin);
    assert.deepEqual(mine.items.map((j) => j.tenantSlug).sort(), ['frankfurt', 'frankfurt']);
    assert.equal(mine.total, 2);
    // Editor in Gießen is not admin there.
    problem(await t.app.inject({ url: '/api/v1/jobs?tenant=giessen', headers: bearer(ffmAdmin) }), 403);
    problem(await t.app.inject({ url: '/api/v1/jobs', headers: bearer(ffmEditor) }), 403);
    problem(await t.app.inject({ url: '/api/v1/jobs' }), 401);
    problem(await t.app.inject({ url: '/api/v1/jobs?tenant=atlantis', headers: bearer(platform) }), 404);
  });

  test('schedules follow the same rules', async () => {
    const names = async (token: string) => (await t.app.inject({ url: '/api/v1/jobs/schedules', headers: bearer(token) })).json().items.map((s: { name: string }) => s.name);
    assert.deepEqual(await names(platform), ['core.cleanup', 'frankfurt.harvest']);
    assert.deepEqual(await names(ffmAdmin), ['frankfurt.harvest']);
    problem(await t.app.inject({ url: '/api/v1/jobs/schedules', headers: bearer(ffmEditor) }), 403);
  });

  test('retry gives a failed job one more attempt, now, and is audited', async () => {
    problem(await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.ffmFailed}/retry`, headers: bearer(ffmAdminReadOnly) }), 403);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.ffmFailed}/retry`, headers: bearer(ffmAdmin) });
    assert.equal(res.statusCode, 200, res.body);
    const j = res.json();
    assert.equal(j.status, 'queued');
    assert.equal(j.attempts, 3);
    assert.equal(j.maxAttempts, 4);
    assert.ok(Math.abs(new Date(j.runAt).getTime() - Date.now()) < 5000);
    const audit = await t.db.selectFrom('core_audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'job').where('entity_id', '=', String(ids.ffmFailed)).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'job.retry');
    assert.equal((audit[0]!.before as { status: string }).status, 'failed');
    assert.equal((audit[0]!.after as { status: string }).status, 'queued');
    // Only failed jobs can be retried.
    problem(await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.ffmFailed}/retry`, headers: bearer(ffmAdmin) }), 409);
  });

  test("another tenant's or a platform job looks missing to a tenant admin, and stays unchanged", async () => {
    for (const key of ['giessenFailed', 'platform']) {
      problem(await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids[key]}/retry`, headers: bearer(ffmAdmin) }), 404);
    }
    const row = await t.db.selectFrom('core_jobs').select('status').where('id', '=', ids.giessenFailed!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'failed');
  });

  test('cancel stops a queued job; a finished one cannot be cancelled', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.ffmQueued}/cancel`, headers: bearer(ffmAdmin) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'cancelled');
    assert.ok(res.json().finishedAt);
    problem(await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.ffmQueued}/cancel`, headers: bearer(ffmAdmin) }), 409);
    problem(await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.platform}/cancel`, headers: bearer(platform) }), 409);
  });
});
