// The background job `catalog.link-check`: checks resource URLs and stores the results. The
// recurring run takes the resources that are due (new or changed URLs first, then checks older
// than LINKCHECK_MAX_AGE_HOURS), at most BATCH per run; a payload with resource or dataset ids
// checks exactly those. Each distinct URL is requested once per run, at most `concurrency` at a
// time. Idempotent: a result replaces the resource's previous one, so a retried or doubled run
// leaves the same rows (only the check time moves).
import { z } from 'zod';
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { VERSION } from '../../../server/version.ts';
import { checkLink, type LinkCheckOptions } from './link-check.ts';
import * as repo from './repo.ts';

export const LINK_CHECK_JOB = 'catalog.link-check';
/** Resources per recurring run; the schedule runs every INTERVAL_S. */
export const BATCH = 500;
const INTERVAL_S = 600;

export const LinkCheckPayload = z.object({
  resourceIds: z.array(z.uuid()).max(5000).optional(),
  datasetId: z.uuid().optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type LinkCheckSummary = { resources: number; urls: number; ok: number; failed: number };

/** Runs `fn` over the items with at most `limit` at once; stops starting new ones on abort. */
async function eachLimited<T>(items: T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      await fn(items[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function runLinkChecks(db: Db, cfg: Config['linkCheck'], payload: unknown, signal?: AbortSignal, publicUrl?: string): Promise<LinkCheckSummary> {
  const p = LinkCheckPayload.parse(payload ?? {});
  const due = p.resourceIds || p.datasetId ? await repo.resourcesToCheck(db, p) : await repo.dueResources(db, cfg.maxAgeHours, p.limit ?? BATCH);
  const byUrl = new Map<string, string[]>();
  for (const r of due) {
    const ids = byUrl.get(r.url);
    if (ids) ids.push(r.id);
    else byUrl.set(r.url, [r.id]);
  }
  const opts: LinkCheckOptions = {
    timeoutMs: cfg.timeoutMs, allowPrivate: cfg.allowPrivate, signal,
    userAgent: `stadtkern-linkcheck/${VERSION}${publicUrl ? ` (+${publicUrl})` : ''}`,
  };
  const summary: LinkCheckSummary = { resources: 0, urls: byUrl.size, ok: 0, failed: 0 };
  await eachLimited([...byUrl.entries()], cfg.concurrency, signal, async ([url, ids]) => {
    const result = await checkLink(url, opts);
    const saved = await repo.saveCheck(db, ids, url, result); // awaited before the += reads the sum
    summary.resources += saved;
    if (result.ok) summary.ok++;
    else summary.failed++;
  });
  return summary;
}

/** The job handler and its schedule. The time limit covers a full batch of slow URLs. */
export function registerQualityJobs(jobs: JobRunner, { config, db }: { config: Config; db: Db }): void {
  const cfg = config.linkCheck;
  const worstCaseS = Math.ceil(BATCH / cfg.concurrency) * Math.ceil(cfg.timeoutMs / 1000) * 2;
  jobs.register(LINK_CHECK_JOB, (job) => runLinkChecks(db, cfg, job.payload, job.signal, config.publicUrl), { maxAttempts: 3, timeoutS: worstCaseS + 60 });
  jobs.declareSchedule({ name: LINK_CHECK_JOB, type: LINK_CHECK_JOB, intervalSeconds: INTERVAL_S });
}
