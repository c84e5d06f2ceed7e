// Checking and folding a batch of events — shared by the JSON and the CSV path: every event is
// checked (all problems at once, each named by its place in the batch), nothing is counted if
// one is bad, the events are summed per counter in memory and written in one transaction with
// the batch-id claim, so a batch delivered twice (also at once) counts once.
import type { Db } from '../../../server/db/connect.ts';
import { fieldIssuesOf, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { scrubComment } from '../feedback/scrub.ts';
import { countersOf, Event, MAX_AGE_DAYS, type AnalyticsEvent } from './vocabulary.ts';
import * as repo from './repo.ts';
import { todayBerlin } from '../metrics/periods.ts';

export type Source = { id: string; tenant_id: string; ars: string };

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** One event to check, named by its place in field paths (`events.3`, `rows.5`). */
export type Entry = { at: string; raw: unknown };

/** The number in `events.3.rating` / `rows.5`, so issues of the same place stay together in order. */
const placeOf = (field: string) => Number(field.split('.')[1] ?? Number.NaN);

function checkEvents(entries: Entry[], ars: string): { events: AnalyticsEvent[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const events: AnalyticsEvent[] = [];
  const today = dayNumber(todayBerlin());
  for (const { at, raw } of entries) {
    const p = Event.safeParse(raw);
    if (!p.success) {
      issues.push(...fieldIssuesOf(p.error.issues, at));
      continue;
    }
    const e = p.data;
    if (e.ars !== ars) issues.push({ field: `${at}.ars`, message: `${e.ars} ist nicht die Kommune dieser Quelle` });
    const d = dayNumber(e.day);
    if (Number.isNaN(d) || new Date(`${e.day}T00:00:00Z`).toISOString().slice(0, 10) !== e.day) issues.push({ field: `${at}.day`, message: `${e.day} ist kein Tag` });
    else if (d > today) issues.push({ field: `${at}.day`, message: `${e.day} liegt in der Zukunft` });
    else if (today - d > MAX_AGE_DAYS) issues.push({ field: `${at}.day`, message: `${e.day} liegt mehr als ${MAX_AGE_DAYS} Tage zurück` });
    events.push(e);
  }
  return { events, issues };
}

const commentOf = (tenantId: string, e: AnalyticsEvent, text: string) => ({
  tenant_id: tenantId, service_key: e.service_key, online_service: e.online_service, form_version: e.form_version ?? '', day: e.day,
  rating: e.type === 'feedback' ? e.rating : 0, comment: scrubComment(text),
});

/** Checks the entries (with `prior` problems of the input's shape, e.g. a CSV row with too few
 *  cells), and counts them in one transaction — all or nothing, once per source and batch id. */
export async function foldBatch(db: Db, source: Source, batchId: string, entries: Entry[], prior: FieldIssue[] = []) {
  const checked = checkEvents(entries, source.ars);
  const events = checked.events;
  const issues = [...prior, ...checked.issues];
  if (issues.length) throw ValidationFailed(issues.sort((a, b) => (placeOf(a.field) - placeOf(b.field)) || 0));
  // Sum per counter first: one row per key in the upsert, whatever the batch repeats.
  const sums = new Map<string, repo.CounterDelta>();
  for (const e of events) {
    for (const c of countersOf(e)) {
      const row = { tenant_id: source.tenant_id, service_key: e.service_key, online_service: e.online_service, form_version: e.form_version ?? '', day: e.day, ...c, count: 0 };
      const k = JSON.stringify([row.service_key, row.online_service, row.form_version, row.day, row.metric, row.dimension]);
      (sums.get(k) ?? sums.set(k, row).get(k)!).count += e.count;
    }
  }
  const comments = events.flatMap((e) => (e.type === 'feedback' && e.comment ? [commentOf(source.tenant_id, e, e.comment)] : []))
    .filter((c) => c.comment.length > 0);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.claimBatch(trx, source.id, batchId, events.length))) return { batch_id: batchId, duplicate: true, events: 0, counters: 0 };
    await repo.addCounters(trx, [...sums.values()]);
    await repo.addComments(trx, comments);
    return { batch_id: batchId, duplicate: false, events: events.length, counters: sums.size };
  });
}
