// Two app instances (two OS processes) on one database never run the same job twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { freshDatabase, type FreshDb } from '../../../../test/helpers/db.ts';
import { JobRunner } from './runner.ts';

const fixture = path.resolve(import.meta.dirname, '../../../../test/fixtures/job-instance.ts');
let fresh: FreshDb;
before(async () => {
  fresh = await freshDatabase();
  await sql`CREATE TABLE test_job_runs (job_id bigint NOT NULL, instance_id text NOT NULL, at timestamptz NOT NULL DEFAULT now())`.execute(fresh.db);
});
after(() => fresh.drop());

function startInstance(id: string): Promise<ChildProcess> {
  const child = fork(fixture, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, DATABASE_URL: fresh.url, INSTANCE_ID: id }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id} did not start`)), 30_000);
    child.once('message', () => (clearTimeout(timer), resolve(child)));
    child.once('exit', (code) => reject(new Error(`${id} exited with ${code}`)));
  });
}

const exitCode = (c: ChildProcess) => new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', resolve)));

test('300 jobs and a recurring schedule, two processes: every job runs exactly once', { timeout: 120_000 }, async () => {
  // Enqueue through the real API of the runner (this process runs no jobs itself).
  const producer = new JobRunner(fresh.db, { pollMs: 1000, concurrency: 1, lockTimeoutS: 60 });
  const ids: number[] = [];
  for (let i = 0; i < 300; i++) ids.push(await producer.enqueue('test.record', { i }));

  const [a, b] = await Promise.all([startInstance('instanz-a'), startInstance('instanz-b')]);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const left = await fresh.db.selectFrom('core_jobs').select(sql<number>`count(*)::int`.as('n')).where('status', 'in', ['queued', 'running']).where('schedule_name', 'is', null).executeTakeFirstOrThrow();
      if (left.n === 0) break;
      assert.ok(Date.now() < deadline, `${left.n} jobs still pending after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Let the 1-second schedule fire a few times while both instances poll.
    await new Promise((r) => setTimeout(r, 3500));
  } finally {
    a.kill('SIGTERM');
    b.kill('SIGTERM');
  }
  assert.equal(await exitCode(a), 0);
  assert.equal(await exitCode(b), 0);
  // A clean shutdown finishes or releases its jobs; none waits for the lock timeout.
  const running = await fresh.db.selectFrom('core_jobs').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'running').executeTakeFirstOrThrow();
  assert.equal(running.n, 0, 'jobs left running after SIGTERM');

  const runs = await sql<{ job_id: number; n: number }>`SELECT job_id, count(*)::int AS n FROM test_job_runs GROUP BY job_id`.execute(fresh.db);
  const twice = runs.rows.filter((r) => r.n !== 1);
  assert.deepEqual(twice, [], 'some jobs ran more than once');
  const ran = new Set(runs.rows.map((r) => Number(r.job_id)));
  assert.ok(ids.every((id) => ran.has(id)), 'some enqueued jobs never ran');
  const byInstance = await sql<{ instance_id: string; n: number }>`SELECT instance_id, count(*)::int AS n FROM test_job_runs GROUP BY 1 ORDER BY 1`.execute(fresh.db);
  assert.deepEqual(byInstance.rows.map((r) => r.instance_id), ['instanz-a', 'instanz-b'], 'both instances should have worked');
  const succeeded = await fresh.db.selectFrom('core_jobs').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'succeeded').executeTakeFirstOrThrow();
  assert.equal(succeeded.n, runs.rows.length);

  // The schedule produced one job per elapsed interval, never two for the same occurrence.
  const scheduled = await sql<{ n: number; span: number }>`SELECT count(*)::int AS n,
    extract(epoch FROM max(created_at) - min(created_at))::float AS span FROM core_jobs WHERE schedule_name = 'test.every-second'`.execute(fresh.db);
  const s = scheduled.rows[0]!;
  assert.ok(s.n >= 2, `schedule ran ${s.n} times`);
  // Occurrences are 1 s apart; enqueue times jitter by a poll interval, hence the rounding.
  assert.ok(s.n <= Math.round(s.span) + 1, `schedule enqueued ${s.n} jobs over ${s.span} s`);
});
