// Service settings and feedback comments through the real app and PostgreSQL: admins name a
// service and its owners (members only, audited); only owners read the comments — not viewers,
// not editors, not the admins unless they named themselves, not another municipality; the
// retention job deletes old comments, keeps young ones, logs one entry per run, and counts each
// comment once with two runs at the same time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import type { JobRunner } from '../../core/index.ts';
import { analyticsModule } from '../index.ts';
import { addDays, todayBerlin } from '../metrics/periods.ts';
import { COMMENT_RETENTION_JOB, deleteExpiredComments } from './retention.ts';

const S = '99102013000000';
const DAY = 86_400_000;
const SECRET = 'Die Seite mit dem Upload hing bei mir dreimal';

describe('analytics: service settings and feedback comments', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const url = (slug = 'giessen', key = S) => `/api/v1/tenants/${slug}/analytics/services/${key}`;
  const put = (payload: unknown, who = h.admin!) => t.app.inject({ method: 'PUT', url: `${url()}/settings`, headers: who, payload: payload as object });
  const comments = (q = '', who = h.owner!) => t.app.inject({ url: `${url()}/comments${q}`, headers: who });
  const addComment = (tenant: string, day: string, rating: number, comment: string, receivedDaysAgo = 0) =>
    t.db.insertInto('analytics_comments').values({ tenant_id: t.tenants.get(tenant)!, service_key: S, online_service: 'Parken', form_version: '2', day, rating, comment, received_at: new Date(Date.now() - receivedDaysAgo * DAY) }).execute();

  before(async () => {
    t = await testApp();
    for (const [name, email, roles] of [
      ['admin', 'admin@giessen.test', { giessen: 'admin' }], ['owner', 'redaktion@giessen.test', { giessen: 'editor' }], ['editor', 'kollegin@giessen.test', { giessen: 'editor' }],
      ['viewer', 'lesen@giessen.test', { giessen: 'viewer' }], ['marburg', 'admin@marburg.test', { marburg: 'admin' }], ['platform', 'betrieb@stadtkern.test', {}],
    ] as const) h[name] = bearer(await t.token(await t.makeUser({ email, roles, platformAdmin: name === 'platform' })));
    const today = todayBerlin();
    for (let i = 0; i < 7; i++) await addComment('giessen', addDays(today, -i), (i % 5) + 1, `${SECRET} (${i})`);
    await addComment('marburg', today, 1, 'Marburgs Kommentar');
  });
  after(() => t.close());

  test('admins set name and owners; owners must be members (422 naming owners.N, nothing changed); viewers read the settings', async () => {
    const before = await snapshot(t.db);
    const bad = problem(await put({ name: 'Anwohnerparken', owners: ['redaktion@giessen.test', 'admin@marburg.test', 'niemand@example.test', 'Redaktion@Giessen.test'] }), 422);
    assert.deepEqual(bad.errors!.map((e) => e.field), ['owners.1', 'owners.2', 'owners.3']);
    assert.deepEqual(problem(await put({ name: 'Anwohnerparken', owners: ['redaktion@giessen.test', 'kein-mail'] }), 422).errors!.map((e) => e.field), ['owners.1']);
    assert.match(bad.errors!.find((e) => e.field === 'owners.1')!.message, /kein Mitglied der Kommune giessen/);
    assert.equal(bad.errors!.find((e) => e.field === 'owners.1')!.message.replace('admin@marburg.test', 'X'), bad.errors!.find((e) => e.field === 'owners.2')!.message.replace('niemand@example.test', 'X'),
      'an unknown address and a member elsewhere get the same answer');
    assert.deepEqual(problem(await put({ name: ' ', owners: [], extra: 1 }), 422).errors!.map((e) => e.field).sort(), ['extra', 'name']);
    problem(await put({ name: 'Anwohnerparken', owners: [] }, h.owner), 403);
    problem(await put({ name: 'Anwohnerparken', owners: [] }, h.marburg), 403);
    problem(await t.app.inject({ method: 'PUT', url: `${url('giessen', 'kein schlüssel')}/settings`, headers: h.admin, payload: { name: 'x', owners: [] } }), 400);
    assert.deepEqual(await snapshot(t.db), before);

    const ok = await put({ name: 'Anwohnerparken', owners: ['Redaktion@Giessen.test'] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().name, ok.json().owners], ['Anwohnerparken', ['redaktion@giessen.test']]);
    const audit = await t.db.selectFrom('core_audit_log').selectAll().where('action', '=', 'analytics.service.settings').execute();
    assert.equal(audit.length, 1);
    assert.deepEqual([audit[0]!.entity_id, audit[0]!.before, audit[0]!.after], [S, null, { name: 'Anwohnerparken', owners: ['redaktion@giessen.test'] }]);

    const seen = (await t.app.inject({ url: `${url()}/settings`, headers: h.viewer })).json();
    assert.deepEqual([seen.name, seen.owners, seen.can_read_comments], ['Anwohnerparken', ['redaktion@giessen.test'], false]);
    assert.equal((await t.app.inject({ url: `${url()}/settings`, headers: h.owner })).json().can_read_comments, true);
    // Dashboards show the name.
    assert.equal((await t.app.inject({ url: url(), headers: h.viewer })).json().name, 'Anwohnerparken');
    problem(await t.app.inject({ url: `${url()}/settings`, headers: h.marburg }), 403);
  });

  test('owners read the comments newest first, page by page, filtered by period and rating', async () => {
    const first = await comments('?limit=3');
    assert.equal(first.statusCode, 200, first.body);
    const all: { day: string; comment: string; rating: number }[] = [...first.json().items];
    let cursor = first.json().next_cursor as string | null;
    while (cursor) {
      const page = (await comments(`?limit=3&cursor=${cursor}`)).json();
      all.push(...page.items);
      cursor = page.next_cursor;
    }
    assert.equal(all.length, 7);
    assert.deepEqual(all.map((c) => c.comment), [0, 1, 2, 3, 4, 5, 6].map((i) => `${SECRET} (${i})`));
    assert.ok(!JSON.stringify(all).includes('Marburg'), 'only this municipality');
    const low = (await comments('?rating=1,2')).json().items.map((c: { rating: number }) => c.rating);
    assert.deepEqual(low.sort(), [1, 1, 2, 2]);
    const today = todayBerlin();
    assert.equal((await comments(`?from=${addDays(today, -1)}&to=${today}`)).json().items.length, 2);
    problem(await comments('?cursor=unsinn'), 400);
    problem(await comments('?rating=6'), 400);
    problem(await comments('?limit=1000'), 400);
    problem(await comments(`?from=${today}&to=${addDays(today, -3)}`), 400);
  });

  test('no one else reads them: admins who are not owners, viewers, editors, another municipality, platform operators, anonymous', async () => {
    const denied = problem(await comments('', h.admin), 403);
    assert.match(denied.detail, /nur die Verantwortlichen/);
    assert.match(denied.detail, /selbst eintragen/);
    for (const who of [h.viewer, h.editor, h.marburg, h.platform]) {
      const res = await comments('', who);
      problem(res, 403);
      assert.ok(!res.body.includes(SECRET));
    }
    problem(await t.app.inject({ url: `${url()}/comments` }), 401);
    problem(await t.app.inject({ url: `${url('marburg')}/comments`, headers: h.owner }), 403);
    // Comments are in no other answer, staff or public.
    for (const u of [url(), `/api/v1/tenants/giessen/analytics/services`, `${url()}/settings`, `${url()}/series?metric=rating`]) {
      const res = await t.app.inject({ url: u, headers: h.viewer });
      assert.equal(res.statusCode, 200, `${u}: ${res.body}`);
      assert.ok(!res.body.includes(SECRET), u);
    }
    // The admin names herself — audited — and then reads.
    assert.equal((await put({ name: 'Anwohnerparken', owners: ['redaktion@giessen.test', 'admin@giessen.test'] })).statusCode, 200);
    const last = await t.db.selectFrom('core_audit_log').selectAll().where('action', '=', 'analytics.service.settings').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(last.before, { name: 'Anwohnerparken', owners: ['redaktion@giessen.test'] });
    assert.deepEqual(last.after, { name: 'Anwohnerparken', owners: ['admin@giessen.test', 'redaktion@giessen.test'] });
    assert.equal((await comments('', h.admin)).json().items.length, 7);
    // Removed again, no longer.
    assert.equal((await put({ name: 'Anwohnerparken', owners: ['redaktion@giessen.test'] })).statusCode, 200);
    problem(await comments('', h.admin), 403);
  });

  test('the module registers the daily retention job (default 180 days)', () => {
    const schedules: [string, number][] = [];
    const recorder = { register: () => undefined, declareSchedule: (x: { name: string; intervalSeconds: number }) => schedules.push([x.name, x.intervalSeconds]) };
    analyticsModule.registerJobs!(recorder as unknown as JobRunner, { config: t.config, db: t.db });
    assert.deepEqual(schedules.filter(([name]) => name === COMMENT_RETENTION_JOB), [[COMMENT_RETENTION_JOB, 86_400]]);
    assert.equal(t.config.analyticsComments.retentionDays, 180);
  });

  test('the retention job deletes comments received longer ago than the retention period, keeps young ones, one audit entry per run', async () => {
    const old = addDays(todayBerlin(), -200);
    for (let i = 0; i < 3; i++) await addComment('giessen', old, 3, `alt ${i}`, 200);
    await addComment('marburg', old, 3, 'alt marburg', 181);
    await addComment('giessen', old, 3, 'spät geliefert, jung', 10);
    await t.jobs.enqueue(COMMENT_RETENTION_JOB);
    await t.jobs.runOnce();
    const left = (await t.db.selectFrom('analytics_comments').select('comment').execute()).map((c) => c.comment);
    assert.ok(!left.some((c) => c.startsWith('alt')), left.join(' | '));
    assert.ok(left.includes('spät geliefert, jung'));
    assert.equal(left.length, 9);
    const audits = await t.db.selectFrom('core_audit_log').selectAll().where('action', '=', COMMENT_RETENTION_JOB).execute();
    // The schedule's first run and the enqueued one: one entry each, the later one found nothing.
    const runs = await t.db.selectFrom('core_jobs').select('id').where('type', '=', COMMENT_RETENTION_JOB).where('status', '=', 'succeeded').execute();
    assert.equal(audits.length, runs.length);
    assert.deepEqual(audits.map((x) => (x.after as { deleted: number }).deleted).sort(), [0, 4].slice(2 - runs.length));
    const a = audits.find((x) => (x.after as { deleted: number }).deleted > 0)!.after as { deleted: number; retention_days: number; by_tenant: Record<string, number> };
    assert.deepEqual([a.deleted, a.retention_days, a.by_tenant[t.tenants.get('giessen')!], a.by_tenant[t.tenants.get('marburg')!]], [4, 180, 3, 1]);
    assert.ok(!JSON.stringify(audits).includes('alt'), 'the log holds no comment');
  });

  test('two runs at once, in small batches: every comment deleted and counted once', async () => {
    const old = addDays(todayBerlin(), -300);
    for (let i = 0; i < 25; i++) await addComment(i % 2 ? 'giessen' : 'marburg', old, 2, `sehr alt ${i}`, 300);
    const [a, b] = await Promise.all([deleteExpiredComments(t.db, { retentionDays: 180, batchSize: 3 }), deleteExpiredComments(t.db, { retentionDays: 180, batchSize: 3 })]);
    assert.equal(a.deleted + b.deleted, 25);
    assert.equal((await t.db.selectFrom('analytics_comments').select('id').where('comment', 'like', 'sehr alt%').execute()).length, 0);
    assert.equal((await t.db.selectFrom('analytics_comments').select('id').execute()).length, 9);
  });
});
