// After every event of a request: its deadlines recomputed from the whole event log (sla/,
// deterministic), materialised in requests_deadlines and requests_items.expected_at, and a job
// queued for every threshold not yet acted on. Called inside the transaction that wrote the
// event, so the deadlines never disagree with the log. Timers are keyed by their instant: a
// timer that moved (a pause) is a new job, the old one finds it is not due yet and ends.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { enqueueJobs } from '../../core/index.ts';
import { computeDeadlines, type CaseDeadlines, type CaseEvent, type CaseState } from '../sla/deadlines.ts';
import { parseServicePolicies, selectPolicy, type Priority, type SlaPolicy } from '../sla/policy.ts';
import type { SlaPolicyInput } from '../sla/contract.ts';
import type { State } from '../tables.ts';
import { tenantCalendar } from './calendar-store.ts';
import * as repo from './repo.ts';

export const THRESHOLD_JOB = 'requests.sla.threshold';
export type ThresholdPayload = { requestId: string; clock: string; cycle: number; percent: number; at: number };

const STATE: Record<State, CaseState> = {
  received: 'received', acknowledged: 'acknowledged', in_progress: 'inProgress', waiting_citizen: 'waitingForCitizen',
  waiting_third_party: 'waitingForThirdParty', resolved: 'resolved', closed: 'closed',
};
/** requests_items.priority 1–4. */
export const PRIORITY: Record<number, Priority> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' };

/** Our event log in the engine's terms (assignments and SLA notes do not move clocks). */
export function caseEvents(rows: { at: Date; kind: string; to_state: string | null; public: boolean }[]): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (const e of rows) {
    const at = e.at.getTime();
    if (e.kind === 'created') out.push({ type: 'received', at });
    else if ((e.kind === 'state' || e.kind === 'reopened' || e.kind === 'merged') && e.to_state) out.push({ type: 'stateChanged', at, to: STATE[e.to_state as State] });
    else if (e.kind === 'update' && e.public) out.push({ type: 'publicUpdate', at });
    else if (e.kind === 'note' || e.kind === 'merged') out.push({ type: 'internalNote', at });
  }
  return out;
}

/** Policies are validated when saved; parsed once per distinct text here (zod is not free). */
const policyCache = new Map<string, SlaPolicy[]>();
function parsedPolicies(raw: unknown): SlaPolicy[] {
  const key = JSON.stringify(raw);
  let p = policyCache.get(key);
  if (!p) {
    if (policyCache.size > 1000) policyCache.clear();
    p = parseServicePolicies(raw as SlaPolicyInput[]);
    policyCache.set(key, p);
  }
  return p;
}

export type Computed = { policy: SlaPolicy; deadlines: CaseDeadlines; facts: NonNullable<Awaited<ReturnType<typeof repo.caseFacts>>> };

/** Recomputes and materialises; returns what was computed (null: the service promises nothing). */
export async function recompute(db: Kysely<Database>, requestId: string, o: { pastTimers?: boolean } = {}): Promise<Computed | null> {
  const facts = await repo.caseFacts(db, requestId);
  if (!facts) return null;
  const policy = facts.sla_policy ? selectPolicy(parsedPolicies(facts.sla_policy), { priority: PRIORITY[facts.priority], channel: facts.source }) : null;
  if (!policy) {
    await repo.replaceDeadlines(db, requestId, []);
    if (facts.expected_at) await repo.setExpected(db, requestId, null);
    return null;
  }
  const calendar = await tenantCalendar(db, facts.tenant_id);
  const deadlines = computeDeadlines(caseEvents(await repo.events(db, requestId)), policy, calendar);
  const kept = await repo.announced(db, requestId);
  const rows = Object.values(deadlines.clocks).map((c) => {
    const cycle = c.cycles.length; // numbered from 1, as the engine's timers are
    const a = kept.find((k) => k.clock === c.clock && k.cycle === cycle);
    const cur = c.current;
    return {
      request_id: requestId, tenant_id: facts.tenant_id, clock: c.clock, policy_id: policy.id, cycle, status: cur.status,
      started_at: new Date(cur.startedAt), due_at: cur.dueAt === null ? null : new Date(cur.dueAt), stopped_at: cur.stoppedAt === null ? null : new Date(cur.stoppedAt),
      announced_due_at: a?.announced_due_at ?? null,
    };
  });
  await repo.replaceDeadlines(db, requestId, rows as never);
  // A date told to the citizen after a breach stands until the clock starts over.
  const announced = rows.find((r) => r.clock === 'resolution' && r.announced_due_at && r.status !== 'met')?.announced_due_at;
  const expected = announced ?? (deadlines.expectedAt === null ? null : new Date(deadlines.expectedAt));
  if ((expected?.getTime() ?? null) !== (facts.expected_at?.getTime() ?? null)) await repo.setExpected(db, requestId, expected);
  const fired = await repo.firedKeys(db, requestId);
  // Only the next threshold of each clock is queued; when it has fired, the recomputation then
  // queues the one after it.
  const now = Date.now();
  const next = new Map<string, (typeof deadlines.timers)[number]>();
  for (const t of deadlines.timers) {
    if (fired.has(`${t.clock}:${t.cycle}:${t.percent}`)) continue;
    if (o.pastTimers === false && t.at < now) continue; // demo history: left to the sweep
    const key = `${t.clock}:${t.cycle}`;
    if (!next.has(key) || t.at < next.get(key)!.at) next.set(key, t);
  }
  await enqueueJobs(db, [...next.values()].map((t) => ({
    type: THRESHOLD_JOB,
    payload: { requestId, clock: t.clock, cycle: t.cycle, percent: t.percent, at: t.at } satisfies ThresholdPayload,
    o: { tenantId: facts.tenant_id, runAt: new Date(t.at), uniqueKey: `sla:${requestId}:${t.clock}:${t.cycle}:${t.percent}:${t.at}`, maxAttempts: 10 },
  })));
  return { policy, deadlines, facts };
}
