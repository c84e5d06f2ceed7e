// The job runner: retries with backoff, failure after the last attempt, unique keys, due times,
// schedules, recovery of crashed jobs, timeouts.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase, type FreshDb } from '../../../../test/helpers/db.ts';
import { backoffSeconds, JobRunner } from './runner.ts';

describe('job runner', () => {
  let fresh: FreshDb;
  before(async () => (fresh = await freshDatabase()));
  after(() => fresh.drop());
  beforeEach(async () => {
    await sql`TRUNCATE core_jobs, core_job_schedules`.execute(fresh.db);
  });
  const runner = (o: Partial<ConstructorParameters<typeof JobRunner>[1]> = {}) => new JobRunner(fresh.db, { pollMs: 20, concurrency: 2, lockTimeoutS: 60, ...o });
  const job = (id: number) => fresh.db.selectFrom('core_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  // Makes a waiting retry due now, instead of sleeping through the backoff.
  const makeDue = () => sql`UPDATE core_jobs SET run_at = now() WHERE status = 'queued'`.execute(fresh.db);
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
  async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) {
    const deadline = Date.now() + ms;
    while (!(await cond())) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  test('a failing job is retried with backoff and then succeeds', async () => {
    const r = runner();
    let calls = 0;
    r.register('t.flaky', async (j) => {
      calls++;
      if (j.attempt < 3) throw new Error(`Versuch ${j.attempt} schiefgegangen`);
      return { ok: true };
    });
    const id = await r.enqueue('t.flaky', {});
    await r.runOnce();
    let row = await job(id);
    assert.equal(row.status, 'queued');
    assert.equal(row.last_error, 'Versuch 1 schiefgegangen');
    assert.ok(new Date(row.run_at).getTime() > Date.now(), 'retry is scheduled in the future');
    await r.runOnce();
    assert.equal(calls, 1, 'not due yet');
    await makeDue();
    await r.runOnce();
    await makeDue();
    await r.runOnce();
    row = await job(id);
    assert.equal(row.status, 'succeeded');
    assert.equal(row.attempts, 3);
    assert.deepEqual(row.result, { ok: true });
  });

  test('backoff grows exponentially and is capped', () => {
    assert.ok(backoffSeconds(1) >= 1.5 && backoffSeconds(1) <= 2.5);
    assert.ok(backoffSeconds(5) >= 24 && backoffSeconds(5) <= 40);
    assert.equal(backoffSeconds(30), 3600);
  });

  test('after the last attempt the job is failed, with its error', async () => {
    const r = runner();
    r.register('t.broken', async () => {
      throw new Error('Quelle nicht erreichbar');
    }, { maxAttempts: 2 });
    const id = await r.enqueue('t.broken');
    await r.runOnce();
    await makeDue();
    await r.runOnce();
    const row = await job(id);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, 'Quelle nicht erreichbar');
  });

  test('a unique key allows one pending job only', async () => {
    const r = runner();
    r.register('t.harvest', async () => null);
    const a = await r.enqueue('t.harvest', {}, { uniqueKey: 'harvest:quelle-1' });
    const b = await r.enqueue('t.harvest', {}, { uniqueKey: 'harvest:quelle-1' });
    assert.equal(a, b);
    await r.runOnce();
    const c = await r.enqueue('t.harvest', {}, { uniqueKey: 'harvest:quelle-1' });
    assert.notEqual(c, a, 'after it finished, the key is free again');
  });

  test('a job scheduled for later does not run before it is due', async () => {
    const r = runner();
    let ran = 0;
    r.register('t.later', async () => void ran++);
    await r.enqueue('t.later', {}, { runAt: new Date(Date.now() + 60_000) });
    assert.equal(await r.runOnce(), 0);
    await makeDue();
    assert.equal(await r.runOnce(), 1);
    assert.equal(ran, 1);
  });

  test('enqueueing in a rolled-back transaction leaves no job', async () => {
    const r = runner();
    await assert.rejects(
      fresh.db.transaction().execute(async (trx) => {
        await r.enqueue('t.any', {}, { db: trx });
        throw new Error('rollback');
      }),
    );
    const n = await fresh.db.selectFrom('core_jobs').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.equal(n.n, 0);
  });

  test('a recurring schedule enqueues once per due occurrence, even with two runners', async () => {
    const [r1, r2] = [runner({ instanceId: 'a' }), runner({ instanceId: 'b' })];
    for (const r of [r1, r2]) r.register('t.tick', async () => null);
    await r1.schedule('tick', 't.tick', { intervalSeconds: 3600 });
    await Promise.all([r1.runOnce(), r2.runOnce(), r1.runOnce(), r2.runOnce()]);
    const jobs = await fresh.db.selectFrom('core_jobs').select(['schedule_name', 'status']).execute();
    assert.equal(jobs.length, 1);
    const s = await fresh.db.selectFrom('core_job_schedules').selectAll().executeTakeFirstOrThrow();
    assert.ok(new Date(s.next_run_at).getTime() > Date.now() + 3500_000);
    // Missed intervals collapse into one run rather than a burst.
    await sql`UPDATE core_job_schedules SET next_run_at = now() - interval '10 hours'`.execute(fresh.db);
    await Promise.all([r1.runOnce(), r2.runOnce()]);
    assert.equal((await fresh.db.selectFrom('core_jobs').select('id').execute()).length, 2);
  });

  test('a job of a crashed instance is recovered and retried', async () => {
    const r = runner({ lockTimeoutS: 5 });
    let ran = 0;
    r.register('t.crash', async () => void ran++);
    const id = await r.enqueue('t.crash');
    // Another instance took it ten minutes ago and died.
    await sql`UPDATE core_jobs SET status = 'running', locked_by = 'tot', locked_at = now() - interval '10 minutes', attempts = 1 WHERE id = ${id}`.execute(fresh.db);
    await r.runOnce();
    const row = await job(id);
    assert.equal(row.status, 'succeeded');
    assert.equal(ran, 1);
    assert.equal(row.attempts, 2);
  });

  test('a handler over its time limit is aborted and counted as failed', async () => {
    const r = runner();
    let aborted = false;
    r.register('t.slow', (j) => new Promise((resolve) => {
      j.signal.addEventListener('abort', () => (aborted = true));
      setTimeout(resolve, 5000);
    }), { timeoutS: 0.2, maxAttempts: 1 });
    const id = await r.enqueue('t.slow');
    await r.runOnce();
    const row = await job(id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /Zeitlimit/);
    assert.ok(aborted);
  });

  test('start() polls and runs jobs in the background; stop() waits for them', async () => {
    const r = runner();
    const done: number[] = [];
    r.register('t.bg', async (j) => {
      await new Promise((res) => setTimeout(res, 50));
      done.push(j.id);
    });
    await r.start();
    const ids = await Promise.all([1, 2, 3, 4].map(() => r.enqueue('t.bg')));
    const deadline = Date.now() + 10_000;
    while (done.length < 4 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    await r.stop();
    assert.deepEqual([...done].sort((a, b) => a - b), ids.sort((a, b) => a - b));
  });

  test('a long job keeps its lock fresh, so another instance does not take it over', async () => {
    // Lock timeout 1 s: without the heartbeat, b would "recover" the 2.5 s job and run it again.
    const [a, b] = [runner({ instanceId: 'a', lockTimeoutS: 1 }), runner({ instanceId: 'b', lockTimeoutS: 1 })];
    let runs = 0;
    for (const r of [a, b]) r.register('t.long', async () => void (runs++, await sleep(2500)), { timeoutS: 10 });
    const id = await a.enqueue('t.long');
    const running = a.runOnce();
    const end = Date.now() + 2300;
    while (Date.now() < end) {
      await b.runOnce();
      await sleep(100);
    }
    await running;
    const row = await job(id);
    assert.equal(row.status, 'succeeded');
    assert.equal(row.attempts, 1);
    assert.equal(runs, 1);
  });

  test('stop() aborts a handler that outlasts the wait and gives its job back uncounted', async () => {
    const r = runner();
    let started = false;
    let aborted = false;
    // Ignores the signal on purpose: stop() must still return.
    r.register('t.stuck', (j) => new Promise(() => {
      started = true;
      j.signal.addEventListener('abort', () => (aborted = true));
    }));
    await r.start();
    const id = await r.enqueue('t.stuck');
    await until('the job to start', () => started);
    await r.stop(100);
    assert.ok(aborted);
    const row = await job(id);
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 0);
    assert.equal(row.locked_by, null);
  });

  test('a result that cannot be stored as JSON fails the job', async () => {
    const r = runner();
    r.register('t.bigint', async () => ({ n: 1n }), { maxAttempts: 1 });
    const id = await r.enqueue('t.bigint');
    await r.runOnce();
    const row = await job(id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /BigInt/);
  });

  test('a job committed elsewhere wakes an idle runner through LISTEN/NOTIFY', async () => {
    const r = runner({ pollMs: 60_000, listenUrl: fresh.url });
    let ranAt = 0;
    r.register('t.wake', async () => void (ranAt = Date.now()));
    await r.start();
    try {
      await until('the listener', async () => {
        const l = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'stadtkern-jobs-listen' AND query ILIKE 'LISTEN%'`.execute(fresh.db);
        return l.rows[0]!.n === 1;
      });
      // Another instance enqueues inside its own transaction; polling would wait a minute.
      const t0 = Date.now();
      await fresh.db.transaction().execute((trx) => runner().enqueue('t.wake', {}, { db: trx }));
      await until('the job to run', () => ranAt > 0, 5000);
      assert.ok(ranAt - t0 < 2000, `took ${ranAt - t0} ms`);
    } finally {
      await r.stop();
    }
  });
});
