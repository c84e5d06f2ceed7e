// The background job runner. Every instance runs one; they coordinate only through the
// core_jobs table, so N instances never run the same job twice and a crashed instance's jobs
// are retried by the others. Delivery is at least once: a handler whose instance dies (or
// whose result cannot be recorded) runs again, so handlers must be idempotent.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/types.ts';
import * as repo from './repo.ts';

export type JobContext = { id: number; type: string; payload: unknown; tenantId: string | null; attempt: number; signal: AbortSignal };
export type JobHandler = (job: JobContext) => Promise<unknown>;
type Registered = { fn: JobHandler; maxAttempts: number; timeoutS: number };
export type RunnerOptions = {
  instanceId?: string;
  pollMs: number;
  concurrency: number;
  /** A running job whose lock was not refreshed for this long counts as crashed. */
  lockTimeoutS: number;
  log?: (obj: object, msg: string) => void;
  /** With a database URL, one extra connection LISTENs for new jobs, so idle runners start
   *  them at once instead of at the next poll. Polling stays the fallback. */
  listenUrl?: string;
};
export type EnqueueOptions = { tenantId?: string | null; runAt?: Date; maxAttempts?: number; uniqueKey?: string; db?: Kysely<Database> };
type ScheduleSpec = { name: string; type: string; intervalSeconds: number; payload?: unknown; tenantId?: string | null };
type Claimed = NonNullable<Awaited<ReturnType<typeof repo.claimNext>>>;
type Active = { job: Claimed; ac: AbortController; done: Promise<void> };

/** Adds a job where no runner is at hand (code deep inside a caller's transaction, e.g. the
 *  datastore's version swap): the same row JobRunner.enqueue writes; the insert itself notifies
 *  listening runners, at commit. */
export function enqueueJob(db: Kysely<Database>, type: string, payload: unknown, o: Omit<EnqueueOptions, 'db'> = {}): Promise<number> {
  return repo.insertJob(db, { type, payload, tenantId: o.tenantId ?? null, runAt: o.runAt ?? null, maxAttempts: o.maxAttempts ?? 5, uniqueKey: o.uniqueKey ?? null, scheduleName: null });
}

/** Adds several jobs in one statement (see enqueueJob); pending unique keys are skipped. */
export function enqueueJobs(db: Kysely<Database>, jobs: { type: string; payload: unknown; o?: Omit<EnqueueOptions, 'db'> }[]): Promise<void> {
  return repo.insertJobs(db, jobs.map(({ type, payload, o = {} }) => ({ type, payload, tenantId: o.tenantId ?? null, runAt: o.runAt ?? null, maxAttempts: o.maxAttempts ?? 5, uniqueKey: o.uniqueKey ?? null, scheduleName: null })));
}

/** Exponential backoff with jitter: ~2, 4, 8 … seconds, at most an hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 2 ** attempt * (0.75 + Math.random() * 0.5));
}

/** The abort reason when stop() gives up waiting: the job is released, not failed. */
const SHUTDOWN = new Error('Instanz wird beendet');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class JobRunner {
  readonly instanceId: string;
  private readonly handlers = new Map<string, Registered>();
  private readonly declared: ScheduleSpec[] = [];
  private readonly active = new Map<number, Active>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking: Promise<void> | undefined;
  private again = false;
  private lastRecovery = 0;
  private lastSchedules = 0;
  private listener: pg.Client | undefined;
  private connecting = false;
  private lastListenTry = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: RunnerOptions,
  ) {
    this.instanceId = opts.instanceId ?? `runner-${randomUUID().slice(0, 8)}`;
  }

  /** Locks are refreshed four times per lock timeout (at most every 30 s), and stale locks
   *  looked for as often, so a live job's lock never gets near the timeout. */
  private get beatMs(): number {
    return Math.max(50, Math.min(30_000, (this.opts.lockTimeoutS * 1000) / 4));
  }

  register(type: string, fn: JobHandler, o: { maxAttempts?: number; timeoutS?: number } = {}): void {
    this.handlers.set(type, { fn, maxAttempts: o.maxAttempts ?? 5, timeoutS: o.timeoutS ?? this.opts.lockTimeoutS });
  }

  /** Adds a job; pass `db` (a transaction) to enqueue atomically with the caller's own writes. */
  async enqueue(type: string, payload: unknown = {}, o: EnqueueOptions = {}): Promise<number> {
    const id = await repo.insertJob(o.db ?? this.db, {
      type, payload, tenantId: o.tenantId ?? null, runAt: o.runAt ?? null,
      maxAttempts: o.maxAttempts ?? this.handlers.get(type)?.maxAttempts ?? 5, uniqueKey: o.uniqueKey ?? null, scheduleName: null,
    });
    // Inside a caller's transaction the job is invisible until commit; NOTIFY covers that case.
    if (!o.db && (!o.runAt || o.runAt.getTime() <= Date.now())) this.kick();
    return id;
  }

  /** Creates or updates a recurring schedule now (an existing one keeps its next run). */
  async schedule(name: string, type: string, o: { intervalSeconds: number; payload?: unknown; tenantId?: string | null }): Promise<void> {
    await repo.upsertSchedule(this.db, { name, type, payload: o.payload ?? {}, tenantId: o.tenantId ?? null, intervalSeconds: o.intervalSeconds });
  }

  /** Declares a schedule that is written when the runner starts (for module registration). */
  declareSchedule(spec: ScheduleSpec): void {
    this.declared.push(spec);
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    for (const s of this.declared) await this.schedule(s.name, s.type, s);
    this.stopped = false;
    this.kick();
  }

  /** Stops claiming and waits up to `waitMs` for running handlers. Handlers still running then
   *  are aborted and their jobs released to the queue (attempt not counted) for another instance;
   *  the caller is expected to exit, which ends handlers that ignore the signal. */
  async stop(waitMs = 30_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking; // a claim in flight becomes an active job that we wait for below
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    const settled = (ms: number) => Promise.race([Promise.allSettled([...this.active.values()].map((a) => a.done)), sleep(ms)]);
    await settled(waitMs);
    if (this.active.size) {
      this.opts.log?.({ jobs: [...this.active.keys()] }, 'jobs released at shutdown');
      for (const a of this.active.values()) a.ac.abort(SHUTDOWN);
      await settled(5_000); // only the release writes are left
    }
  }

  /** Runs due jobs until none is due (tests, CLI). Returns how many ran. */
  async runOnce(): Promise<number> {
    for (const s of this.declared) await this.schedule(s.name, s.type, s);
    await this.maintain(true);
    let n = 0;
    for (;;) {
      const job = await repo.claimNext(this.db, this.instanceId, [...this.handlers.keys()]);
      if (!job) return n;
      await this.launch(job);
      n++;
    }
  }

  /** Asks for a poll now (or after `delay`); a request during a poll triggers another one. */
  private kick(delay = 0): void {
    if (this.stopped) return;
    if (this.ticking) {
      if (delay === 0) this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        const again = this.again;
        this.again = false;
        this.kick(again ? 0 : this.opts.pollMs);
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    void this.listen(); // never awaited: an unreachable database must not hold up polling
    try {
      await this.maintain(false);
    } catch (err) {
      this.opts.log?.({ err: String(err) }, 'job maintenance failed');
    }
    try {
      while (!this.stopped && this.active.size < this.opts.concurrency) {
        const job = await repo.claimNext(this.db, this.instanceId, [...this.handlers.keys()]);
        if (!job) break;
        void this.launch(job).then(() => this.kick());
      }
    } catch (err) {
      this.opts.log?.({ err: String(err) }, 'job poll failed');
    }
  }

  /** Recovers crashed jobs now and then, and turns due schedules into jobs (at most once per
   *  poll interval, however often finished jobs trigger a poll). */
  private async maintain(force: boolean): Promise<void> {
    if (force || Date.now() - this.lastRecovery > this.beatMs) {
      this.lastRecovery = Date.now();
      const n = await repo.recoverStale(this.db, this.opts.lockTimeoutS);
      if (n) this.opts.log?.({ recovered: n }, 'stale jobs re-queued');
    }
    if (!force && Date.now() - this.lastSchedules < this.opts.pollMs) return;
    this.lastSchedules = Date.now();
    // Advancing the schedule and enqueueing its job commit together: each occurrence once.
    await this.db.transaction().execute(async (trx) => {
      for (const s of await repo.takeDueSchedules(trx)) {
        await repo.insertJob(trx, {
          type: s.type, payload: s.payload, tenantId: s.tenant_id, runAt: null,
          maxAttempts: this.handlers.get(s.type)?.maxAttempts ?? 5, uniqueKey: `schedule:${s.name}`, scheduleName: s.name,
        });
      }
    });
  }

  /** (Re)connects the LISTEN client; a lost connection is retried at most every 5 s. */
  private async listen(): Promise<void> {
    const url = this.opts.listenUrl;
    if (!url || this.listener || this.connecting || Date.now() - this.lastListenTry < 5000) return;
    this.lastListenTry = Date.now();
    this.connecting = true;
    const c = new pg.Client({ connectionString: url, application_name: 'stadtkern-jobs-listen', connectionTimeoutMillis: 10_000 });
    const drop = (err?: unknown) => {
      if (this.listener !== c) return;
      this.listener = undefined;
      if (!this.stopped) this.opts.log?.({ err: String(err ?? 'connection ended') }, 'job listener lost, polling until it is back');
      void c.end().catch(() => undefined);
    };
    c.on('error', drop);
    c.on('end', () => drop());
    c.on('notification', (n) => {
      if (n.payload && this.handlers.has(n.payload)) this.kick();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${repo.NOTIFY_CHANNEL}`);
      if (this.stopped) throw SHUTDOWN;
      this.listener = c;
    } catch (err) {
      if (err !== SHUTDOWN) this.opts.log?.({ err: String(err) }, 'job listener failed');
      await c.end().catch(() => undefined);
    } finally {
      this.connecting = false;
    }
  }

  private launch(job: Claimed): Promise<void> {
    const ac = new AbortController();
    const done = this.execute(job, ac).finally(() => {
      this.active.delete(job.id);
      this.syncHeartbeat();
    });
    this.active.set(job.id, { job, ac, done });
    this.syncHeartbeat();
    return done;
  }

  /** While jobs run here, their locks are refreshed on a timer of their own, independent of
   *  polling (runOnce does not poll; a slow claim query must not let locks expire). */
  private syncHeartbeat(): void {
    if (this.active.size && !this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => {
        repo.heartbeat(this.db, this.instanceId, [...this.active.values()].map((a) => a.job))
          .catch((err) => this.opts.log?.({ err: String(err) }, 'job heartbeat failed'));
      }, this.beatMs);
      this.heartbeatTimer.unref();
    } else if (!this.active.size && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = undefined;
    }
  }

  private async execute(job: Claimed, ac: AbortController): Promise<void> {
    const h = this.handlers.get(job.type)!;
    const timer = setTimeout(() => ac.abort(new Error(`Zeitlimit von ${h.timeoutS} s überschritten`)), h.timeoutS * 1000);
    // Abort (timeout or shutdown) settles the job at once, even if the handler ignores the signal.
    const aborted = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }));
    let outcome: { ok: true; json: string } | { ok: false; error: string };
    try {
      const result = await Promise.race([h.fn({ id: job.id, type: job.type, payload: job.payload, tenantId: job.tenant_id, attempt: job.attempts, signal: ac.signal }), aborted]);
      // Serialising here makes an unstorable result (BigInt, cycles) the handler's failure.
      outcome = { ok: true, json: JSON.stringify(result ?? null) };
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
    try {
      if (outcome.ok) {
        await repo.markSucceeded(this.db, job, this.instanceId, outcome.json);
      } else if (ac.signal.reason === SHUTDOWN) {
        await repo.release(this.db, job, this.instanceId);
      } else {
        const retry = job.attempts < job.max_attempts ? backoffSeconds(job.attempts) : null;
        this.opts.log?.({ job: job.id, type: job.type, attempt: job.attempts, retryInS: retry, err: outcome.error }, 'job failed');
        await repo.markFailed(this.db, job, this.instanceId, outcome.error.slice(0, 2000), retry);
      }
    } catch (err) {
      // The job stays 'running' and comes back through stale recovery: retried, never lost.
      this.opts.log?.({ job: job.id, type: job.type, err: String(err) }, 'job outcome not recorded');
    }
  }
}

/** Housekeeping every instance can do: expired sessions, old finished jobs. */
export function registerCoreJobs(runner: JobRunner, db: Db): void {
  runner.register('core.cleanup', async () => {
    const sessions = await repo.deleteExpiredSessions(db);
    const jobs = await repo.deleteOldFinished(db, 30);
    return { expiredSessions: Number(sessions.numDeletedRows), oldJobs: Number(jobs.numDeletedRows) };
  });
  runner.declareSchedule({ name: 'core.cleanup', type: 'core.cleanup', intervalSeconds: 3600 });
}
