// The background job runner. Every instance runs one; they coordinate only through the
// core_jobs table, so N instances never run the same job twice and a crashed instance's jobs
// are retried by the others.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/types.ts';
import * as repo from './repo.ts';

export type JobContext = { id: number; type: string; payload: unknown; tenantId: string | null; attempt: number; signal: AbortSignal };
export type JobHandler = (job: JobContext) => Promise<unknown>;
type Registered = { fn: JobHandler; maxAttempts: number; timeoutS: number };
export type RunnerOptions = { instanceId?: string; pollMs: number; concurrency: number; lockTimeoutS: number; log?: (obj: object, msg: string) => void };
export type EnqueueOptions = { tenantId?: string | null; runAt?: Date; maxAttempts?: number; uniqueKey?: string; db?: Kysely<Database> };
type ScheduleSpec = { name: string; type: string; intervalSeconds: number; payload?: unknown; tenantId?: string | null };

/** Exponential backoff with jitter: ~2, 4, 8 … seconds, at most an hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 2 ** attempt * (0.75 + Math.random() * 0.5));
}

export class JobRunner {
  readonly instanceId: string;
  private readonly handlers = new Map<string, Registered>();
  private readonly declared: ScheduleSpec[] = [];
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking = false;
  private lastRecovery = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: RunnerOptions,
  ) {
    this.instanceId = opts.instanceId ?? `runner-${randomUUID().slice(0, 8)}`;
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
    if (!o.runAt || o.runAt.getTime() <= Date.now()) this.kick();
    return id;
  }

  /** Creates or updates a recurring schedule now. */
  async schedule(name: string, type: string, o: { intervalSeconds: number; payload?: unknown; tenantId?: string | null }): Promise<void> {
    await repo.upsertSchedule(this.db, { name, type, payload: o.payload ?? {}, tenantId: o.tenantId ?? null, intervalSeconds: o.intervalSeconds });
  }

  /** Declares a schedule that is written when the runner starts (for module registration). */
  declareSchedule(spec: ScheduleSpec): void {
    this.declared.push(spec);
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    for (const s of this.declared) await this.schedule(s.name, s.type, s);
    this.kick();
  }

  /** Stops claiming, waits for running jobs (bounded), then returns. */
  async stop(waitMs = 30_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  /** Runs due jobs until none is due (tests, CLI). Returns how many ran. */
  async runOnce(): Promise<number> {
    for (const s of this.declared) await this.schedule(s.name, s.type, s);
    await this.maintain(true);
    let n = 0;
    for (;;) {
      const job = await repo.claimNext(this.db, this.instanceId, [...this.handlers.keys()]);
      if (!job) return n;
      await this.execute(job);
      n++;
    }
  }

  private kick(delay = 0): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    try {
      await this.maintain(false);
      while (!this.stopped && this.running.size < this.opts.concurrency) {
        const job = await repo.claimNext(this.db, this.instanceId, [...this.handlers.keys()]);
        if (!job) break;
        const p = this.execute(job).finally(() => {
          this.running.delete(p);
          this.kick();
        });
        this.running.add(p);
      }
    } catch (err) {
      this.opts.log?.({ err: String(err) }, 'job poll failed');
    } finally {
      this.ticking = false;
      if (!this.stopped) this.kick(this.opts.pollMs);
    }
  }

  /** Recovers crashed jobs now and then, and turns due schedules into jobs. */
  private async maintain(force: boolean): Promise<void> {
    const every = Math.min(30_000, (this.opts.lockTimeoutS * 1000) / 4);
    if (force || Date.now() - this.lastRecovery > every) {
      this.lastRecovery = Date.now();
      const n = await repo.recoverStale(this.db, this.opts.lockTimeoutS);
      if (n) this.opts.log?.({ recovered: n }, 'stale jobs re-queued');
    }
    await this.db.transaction().execute(async (trx) => {
      for (const s of await repo.takeDueSchedules(trx)) {
        await repo.insertJob(trx, {
          type: s.type, payload: s.payload, tenantId: s.tenant_id, runAt: null,
          maxAttempts: this.handlers.get(s.type)?.maxAttempts ?? 5, uniqueKey: `schedule:${s.name}`, scheduleName: s.name,
        });
      }
    });
  }

  private async execute(job: NonNullable<Awaited<ReturnType<typeof repo.claimNext>>>): Promise<void> {
    const h = this.handlers.get(job.type)!;
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ac.abort();
        reject(new Error(`Zeitlimit von ${h.timeoutS} s überschritten`));
      }, h.timeoutS * 1000);
    });
    try {
      const result = await Promise.race([h.fn({ id: job.id, type: job.type, payload: job.payload, tenantId: job.tenant_id, attempt: job.attempts, signal: ac.signal }), timeout]);
      await repo.markSucceeded(this.db, job.id, this.instanceId, result);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retry = job.attempts < job.max_attempts ? backoffSeconds(job.attempts) : null;
      this.opts.log?.({ job: job.id, type: job.type, attempt: job.attempts, retryInS: retry, err: message }, 'job failed');
      await repo.markFailed(this.db, job.id, this.instanceId, message.slice(0, 2000), retry).catch(() => undefined);
    } finally {
      clearTimeout(timer);
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
