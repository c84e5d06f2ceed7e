// One harvest run, in two phases. Fetch: read every page of the source within the run's bounds
// (time, pages, bytes, request timeout, loop detection); garbage, a loop or a timeout ends the
// run here as failed, before anything is written, so the catalogue stays exactly as it was.
// Write: store each dataset that parsed (create, update, or leave unchanged by fingerprint),
// skip those that originate from this platform or come in through another source, and on a
// complete full run mark datasets the source no longer lists as deleted.
import type { Db } from '../../../server/db/connect.ts';
import { recordAudit } from '../../core/index.ts';
import * as hrepo from './repo.ts';
import { boundedGet, DEFAULT_LIMITS, HarvestAbort, reasonText, type HarvestLimits } from './http.ts';
import { dcatPages, PageGuard, type FetchContext, type Page } from './pages.ts';
import { ckanPages } from './ckan.ts';
import { harvestName, prepare, uuidsOf, type Defect, type Remote } from './prepare.ts';
import { createHarvested, deleteHarvested, updateHarvested } from './write.ts';

export type RunOptions = {
  jobId?: number | null; full?: boolean; signal?: AbortSignal; limits?: Partial<HarvestLimits>;
  /** Fetch from private, loopback and link-local addresses (HARVEST_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
};
type Counts = hrepo.RunCounts;

/** Buffers a run's log lines and writes them in batches, at most `max` per run; counts warnings. */
class RunLog {
  private buffer: hrepo.LogEntry[] = [];
  private written = 0;
  private omitted = 0;
  constructor(private readonly db: Db, private readonly runId: string, private readonly max: number, private readonly counts: Counts) {}
  add(e: hrepo.LogEntry): void {
    if (e.level === 'warning') this.counts.warnings++;
    if (this.written + this.buffer.length >= this.max) this.omitted++;
    else this.buffer.push(e);
  }
  defects(r: Remote, list: Defect[]): void {
    for (const d of list) this.add({ level: d.level, dataset: r.guid, title: r.title, message: d.message });
  }
  async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.written += batch.length;
    await hrepo.insertLog(this.db, this.runId, batch);
  }
  async close(): Promise<void> {
    if (this.omitted) this.buffer.push({ level: 'info', message: `${this.omitted} weitere Protokolleinträge ausgelassen (höchstens ${this.max} je Lauf)` });
    await this.flush();
  }
}

export async function runHarvest(db: Db, sourceId: string, o: RunOptions = {}) {
  const source = await hrepo.findSource(db, sourceId);
  if (!source) return null; // deleted since the job was queued
  const limits: HarvestLimits = { ...DEFAULT_LIMITS, ...o.limits };
  await hrepo.failAbandonedRuns(db, source.id);
  // DCAT catalogues have no standard "changed since": every DCAT run reads the whole catalogue
  // and writes only what changed. CKAN runs are incremental once a run has read everything.
  const full = !!o.full || !source.last_success_at || source.type === 'dcat';
  const run = await hrepo.insertRun(db, { sourceId: source.id, tenantId: source.tenant_id, jobId: o.jobId ?? null, full });
  const counts: Counts = { pages: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, errors: 0, warnings: 0 };
  const log = new RunLog(db, run.id, limits.maxLogEntries, counts);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new HarvestAbort(`Zeitlimit des Laufs (${limits.totalTimeMs / 1000} s) überschritten – Lauf abgebrochen`)), limits.totalTimeMs);
  const onJobAbort = () => ac.abort(new HarvestAbort(reasonText(o.signal?.reason)));
  o.signal?.addEventListener('abort', onJobAbort, { once: true });
  const finish = async (status: 'succeeded' | 'partial' | 'failed', message: string) => {
    await log.close();
    await hrepo.finishRun(db, run.id, status, counts, message);
    await recordAudit(db, { db, actor: { kind: 'system', label: `Harvesting: ${source.name}` } }, {
      tenantId: source.tenant_id, action: 'harvest.run', entityType: 'harvest_run', entityId: run.id, after: { source: source.name, status, ...counts },
    });
    return { runId: run.id, status, ...counts };
  };

  try {
    let since: Date | null = null;
    if (!full && source.last_success_at) {
      since = new Date(new Date(source.last_success_at).getTime() - limits.incrementalMarginMs);
      log.add({ level: 'info', message: `Inkrementeller Lauf: Änderungen seit ${since.toISOString()}` });
    } else log.add({ level: 'info', message: `Vollständiger Lauf von ${source.url}` });
    const { records, complete } = await fetchAll(source, since, { http: boundedGet(limits, ac.signal, o.allowPrivate), limits, guard: new PageGuard(limits) }, ac.signal, log, counts);
    clearTimeout(timer);
    await writeAll(db, source, records, full && complete, log, counts, ac.signal);
    if (complete) await hrepo.setLastSuccess(db, source.id, run.started_at);
    const status = counts.errors > 0 || !complete ? 'partial' : 'succeeded';
    return await finish(status, summary(counts, complete));
  } catch (err) {
    const message = err instanceof HarvestAbort ? err.message : `Interner Fehler: ${err instanceof Error ? err.message : String(err)}`;
    log.add({ level: 'error', message });
    counts.errors++;
    await finish('failed', message);
    if (!(err instanceof HarvestAbort)) throw err; // our fault, not the source's: the job retries
    return { runId: run.id, status: 'failed' as const, ...counts };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onJobAbort);
  }
}

function summary(c: Counts, complete: boolean): string {
  const parts = `${c.created} neu, ${c.updated} aktualisiert, ${c.unchanged} unverändert, ${c.deleted} gelöscht, ${c.skipped} übersprungen, ${c.errors} Fehler, ${c.warnings} Hinweise`;
  return complete ? parts : `${parts}; nicht alle Seiten gelesen`;
}

async function fetchAll(source: hrepo.SourceRow, since: Date | null, ctx: FetchContext, signal: AbortSignal, log: RunLog, counts: Counts) {
  const pages: AsyncGenerator<Page> = source.type === 'ckan' ? ckanPages(source, since, ctx) : dcatPages(source, ctx);
  const records = new Map<string, Remote>();
  let complete = true;
  for await (const page of pages) {
    if (signal.aborted) throw signal.reason;
    counts.pages++;
    ctx.guard.afterPage(page);
    for (const n of page.notes) log.add(n);
    for (const r of page.records) {
      if (r.guid && records.has(r.guid)) log.add({ level: 'warning', dataset: r.guid, title: r.title, message: 'Kennung mehrfach vergeben – nur der erste Datensatz wird übernommen' });
      else records.set(r.guid || `ohne-kennung-${records.size}`, r);
    }
    if (page.incomplete) complete = false;
    await log.flush();
  }
  if (signal.aborted) throw signal.reason;
  return { records: [...records.values()], complete };
}

async function writeAll(db: Db, source: hrepo.SourceRow, records: Remote[], deleteMissing: boolean, log: RunLog, counts: Counts, signal: AbortSignal) {
  const existing = new Map((await hrepo.recordsOf(db, source.id)).map((r) => [r.guid, r]));
  const active = [...existing.values()].filter((r) => r.state !== 'deleted').length;
  if (deleteMissing && records.length === 0 && active > 0) {
    throw new HarvestAbort(`Die Quelle listet keinen einzigen Datensatz mehr (bisher ${active}) – vermutlich ein Fehler der Quelle; nichts gelöscht`);
  }
  const org = await hrepo.tenantOrganization(db, source.tenant_id);
  if (!org) throw new HarvestAbort('Die Kommune hat keine Organisation im Katalog, unter der geerntete Datensätze erscheinen könnten');
  // A remote dataset whose identifiers (its id at the source, its origin) name one of our
  // datasets is ours: the source is this platform, or harvested us (A → B → A).
  const ours = await hrepo.localDatasets(db, [...new Set(records.flatMap(uuidsOf))]);
  const elsewhere = await hrepo.originsElsewhere(db, source.tenant_id, source.id, [...new Set(records.map((r) => r.origin))]);
  const actor = `Harvesting: ${source.name}`;

  for (const [i, remote] of records.entries()) {
    // Stopped from outside (shutdown, job time limit): what is written stays consistent per
    // dataset, and the retried job continues where this one stopped (fingerprints).
    if (signal.aborted) throw signal.reason;
    if (i > 0 && i % 100 === 0) await log.flush();
    const own = uuidsOf(remote).find((id) => ours.has(id));
    if (own) {
      counts.skipped++;
      log.add({ level: 'warning', dataset: remote.guid, title: remote.title, message: `Stammt von dieser Plattform (Datensatz „${ours.get(own)}“) – nicht geerntet, sonst entstünde eine Harvesting-Schleife` });
      continue;
    }
    const via = elsewhere.get(remote.origin);
    if (via) {
      counts.skipped++;
      log.add({ level: 'info', dataset: remote.guid, title: remote.title, message: `Wird schon über die Quelle „${via}“ geerntet (Herkunft ${remote.origin}) – übersprungen` });
      continue;
    }
    const rec = existing.get(remote.guid);
    const defects = [...remote.defects];
    const prepared = prepare(remote, rec?.name ?? harvestName(remote, source.id), org.name, defects);
    log.defects(remote, defects);
    if (!prepared.input) {
      counts.errors++;
      log.add({ level: 'error', dataset: remote.guid, title: remote.title, message: prepared.error });
      continue;
    }
    const target = { sourceId: source.id, tenantId: source.tenant_id, actor, guid: remote.guid, origin: remote.origin, hash: prepared.hash };
    try {
      if (rec && rec.content_hash === prepared.hash) counts.unchanged++;
      else if (rec) {
        await updateHarvested(db, target, rec.dataset_id, prepared.input);
        counts.updated++;
      } else {
        const id = (await createHarvested(db, target, prepared.input, org.id))
          ?? (await createHarvested(db, target, { ...prepared.input, name: harvestName(remote, source.id, 16) }, org.id));
        if (!id) throw new Error(`Name ${prepared.input.name} ist schon vergeben`);
        counts.created++;
      }
    } catch (err) {
      counts.errors++;
      log.add({ level: 'error', dataset: remote.guid, title: remote.title, message: `Nicht gespeichert: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  if (!deleteMissing) return;
  const listed = new Set(records.map((r) => r.guid));
  for (const rec of existing.values()) {
    if (listed.has(rec.guid) || rec.state === 'deleted') continue;
    await deleteHarvested(db, rec.dataset_id, source.tenant_id, actor, rec.state);
    counts.deleted++;
    log.add({ level: 'info', dataset: rec.guid, message: `Nicht mehr in der Quelle – Datensatz „${rec.name}“ als gelöscht markiert` });
  }
}
