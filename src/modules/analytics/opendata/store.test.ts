// The stored protected table: a month is protected once when first asked for, late events mark
// it, the job protects marked months again (and the month just over on its first day), a mark
// renewed while the job ran survives, and another minimum protects anew.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { poolOf } from '../../../server/db/connect.ts';
import { lastCompleteMonth, monthIndex, monthOf, todayBerlin } from '../metrics/periods.ts';
import * as repo from './repo.ts';
import { ensureProtected, refreshProtected } from './store.ts';

const S = '99102013000000';
const L = lastCompleteMonth();
const L1 = monthOf(monthIndex(L) - 1);
const firstDay = todayBerlin().endsWith('-01');

describe('analytics: the stored protected table', () => {
  let t: TestApp;
  let key: string;
  let batch = 0;
  const send = async (day: string, count: number) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: `b${++batch}`, events: [{ type: 'submitted', ars: '065310005005', service_key: S, online_service: 'Parken', day, count }] } });
    assert.equal(res.statusCode, 202, res.body);
  };
  const published = async (month: string) => {
    const rows = (await t.app.inject({ url: `/api/v1/analytics/open-data/monthly.json?from=${month}&to=${month}&tenant=giessen` })).json().rows as { ebene: string; antraege: number | null }[];
    return rows.find((r) => r.ebene === 'zelle')?.antraege;
  };
  const dirty = () => repo.dirtyMonths(t.db);
  const months = async () => (await sql<{ m: string; min: number; at: Date }>`SELECT to_char(month, 'YYYY-MM') AS m, min_cell AS min, protected_at AS at FROM analytics_open_months ORDER BY month`.execute(t.db)).rows;

  before(async () => {
    t = await testApp();
    const admin = bearer(await t.token(await t.makeUser({ email: 'it@giessen.test', roles: { giessen: 'admin' } })));
    key = await sourceKey(t, 'giessen', admin);
  });
  after(() => t.close());

  test('events of the running month mark nothing; late ones mark their completed month', async () => {
    await send(todayBerlin(), 7);
    assert.deepEqual(await dirty(), []);
    await send(`${L}-10`, 40);
    await send(`${L1}-10`, 20);
    await send(`${L}-11`, 2);
    assert.deepEqual(await dirty(), [L1, L]);
    const marks = await sql<{ n: string }>`SELECT count(*)::text AS n FROM analytics_open_dirty`.execute(t.db);
    assert.equal(marks.rows[0]!.n, '3', 'one mark per late batch and month, none updated in place');
  });

  test('a month is protected once, when first asked for; the job then leaves it alone unless marked', async () => {
    assert.equal(await published(L), 42);
    const first = await months();
    assert.deepEqual(first.map((m) => [m.m, m.min]), [[L, t.config.analytics.minCell]], 'only the month asked for');
    assert.equal(await published(L), 42);
    assert.deepEqual(await months(), first, 'read again, not protected again');
    // The marks were there before the month was stored; the job protects the stored one again,
    // clears both marks, and stores the other months with data ahead of readers (L1, from the
    // first month with data on; at most MAX_MONTHS back).
    const run = await refreshProtected(t.db, t.config.analytics.minCell);
    assert.deepEqual(run.refreshed, [L]);
    assert.deepEqual(run.added, [L1]);
    assert.deepEqual(await dirty(), []);
    assert.equal(await published(L1), 20);
    assert.deepEqual(await refreshProtected(t.db, t.config.analytics.minCell), { refreshed: firstDay ? [L] : [], added: [] });
  });

  test('a late event reaches the open data when the job runs', async () => {
    await send(`${L}-12`, 8);
    assert.equal(await published(L), 42, 'the stored table until the job runs');
    assert.deepEqual((await refreshProtected(t.db, t.config.analytics.minCell)).refreshed, [L]);
    assert.equal(await published(L), 50);
  });

  test('a late batch committed while the job runs keeps its mark; a failed run gives the marks back', async () => {
    await send(`${L}-13`, 1);
    await t.db.transaction().execute(async (trx) => {
      assert.deepEqual(await repo.takeDirtyMonths(trx), [L]);
      await send(`${L}-14`, 1); // committed after the job took the marks, before it is done
    });
    assert.deepEqual(await dirty(), [L]);
    await assert.rejects(t.db.transaction().execute(async (trx) => {
      await repo.takeDirtyMonths(trx);
      throw new Error('protecting failed');
    }), /protecting failed/);
    assert.deepEqual(await dirty(), [L], 'a run that fails takes nothing');
  });

  test('the platform schedules the job and it runs', async () => {
    await t.jobs.runOnce();
    const job = await t.db.selectFrom('core_jobs').select(['status']).where('type', '=', 'analytics.opendata.protect').executeTakeFirstOrThrow();
    assert.equal(job.status, 'succeeded');
    const schedule = await sql<{ s: number }>`SELECT interval_seconds AS s FROM core_job_schedules WHERE name = 'analytics.opendata.protect'`.execute(t.db);
    assert.equal(schedule.rows[0]?.s, 600);
  });

  test('the cursor gives the stored rows in batches and gives its connection back when stopped early', async () => {
    const whole = await repo.storedCells(t.db, L1, L);
    assert.ok(whole.length >= 4, `${whole.length} rows`);
    const batches: repo.StoredCell[][] = [];
    for await (const b of repo.storedCellBatches(t.db, L1, L, {}, 3)) batches.push(b);
    assert.ok(batches.length >= 2 && batches.every((b) => b.length <= 3));
    assert.deepEqual(batches.flat(), whole);
    for await (const b of repo.storedCellBatches(t.db, L1, L, {}, 1)) if (b.length) break;
    const pool = poolOf(t.db);
    assert.equal(pool.idleCount, pool.totalCount, 'no client left checked out');
  });

  test('the month just over is protected again until a run after its first day; another minimum protects anew', async () => {
    await sql`UPDATE analytics_open_months SET protected_at = ${`${todayBerlin().slice(0, 7)}-01T00:05:00+01:00`}::timestamptz`.execute(t.db);
    await sql`DELETE FROM analytics_open_dirty`.execute(t.db);
    assert.deepEqual((await refreshProtected(t.db, t.config.analytics.minCell)).refreshed, [L]);
    assert.deepEqual(await ensureProtected(t.db, L, L, 7), [L]);
    assert.deepEqual((await months()).find((m) => m.m === L)!.min, 7);
    assert.equal(await published(L), 52, 'the configured minimum again, with every event so far');
  });
});
