// Every deadline of a case, computed from its event log alone: (events, policy, calendar) →
// clocks with due instants and threshold instants. No clock state is stored anywhere, so the
// result can be recomputed after any event, after a policy or calendar change, or to check what
// the database materialised – and two computations of the same input always agree.
//
// Clock rules (docs/sla.md):
// - firstResponse runs from receipt until the first public update or the first state change
//   away from "received" (both are visible to the citizen);
// - maxSilence runs from receipt and restarts at every public update (a new cycle), stops when
//   the case is resolved or closed, restarts on reopen;
// - resolution runs from receipt until resolved/closed; a reopen starts a new cycle with the
//   full target; earlier cycles stay in the result (met or breached) for the statistics;
// - "waiting for citizen" / "waiting for third party" pause all business clocks;
// - legal counts calendar days from receipt (§ 31 VwVfG), ignores pauses and is not restarted by
//   a reopen (the application was decided once).
import type { BusinessCalendar, Instant } from './calendar.ts';
import { addBusinessTimeWithPauses, normalizePauses, elapsedBusinessTime, type Pause } from './business-time.ts';
import { SlaEventLogError } from './errors.ts';
import { legalDeadline, type LegalDeadline } from './legal.ts';
import { businessDurationMs, type ClockName, type SlaPolicy, type SlaThreshold } from './policy.ts';

export const CASE_STATES = ['received', 'acknowledged', 'inProgress', 'waitingForCitizen', 'waitingForThirdParty', 'resolved', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type CaseEvent =
  | { type: 'received'; at: Instant }
  | { type: 'stateChanged'; at: Instant; to: CaseState }
  | { type: 'publicUpdate'; at: Instant }
  | { type: 'reopened'; at: Instant }
  | { type: 'internalNote'; at: Instant };

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';
export type ThresholdInstant = SlaThreshold & { at: Instant | null };

export type ClockCycle = {
  startedAt: Instant;
  stoppedAt: Instant | null;
  status: ClockStatus;
  /** When the target is used up (legal: the exclusive midnight ending the last day); null while paused. */
  dueAt: Instant | null;
  /** While paused: since when, and how much business time is left then. */
  pausedAt: Instant | null;
  remainingMs: number | null;
  /** Running clocks: every threshold (null while paused and not yet reached); stopped clocks: the thresholds reached before the stop. */
  thresholds: ThresholdInstant[];
};

export type ClockResult = {
  clock: ClockName;
  /** Business milliseconds of the target; for `legal` the period and its computed end. */
  targetMs: number | null;
  legal: LegalDeadline | null;
  cycles: ClockCycle[];
  current: ClockCycle;
};

/** A threshold instant of a running clock: what the job queue schedules. */
export type SlaTimer = { clock: ClockName; cycle: number; at: Instant } & SlaThreshold;

export type CaseDeadlines = {
  policyId: string;
  state: CaseState;
  receivedAt: Instant;
  pauses: Pause[];
  clocks: Partial<Record<ClockName, ClockResult>>;
  timers: SlaTimer[];
  /** Open311 `expected_datetime`: the running resolution due, else the running legal end, else null. */
  expectedAt: Instant | null;
};

type Span = { start: Instant; stop: Instant | null };
const WAITING: ReadonlySet<CaseState> = new Set(['waitingForCitizen', 'waitingForThirdParty']);
const TERMINAL: ReadonlySet<CaseState> = new Set(['resolved', 'closed']);

const byInstant = (a: CaseEvent, b: CaseEvent) => a.at - b.at;

/** Replays the event log into the spans each clock ran and the pauses. */
function replay(events: readonly CaseEvent[]) {
  for (const e of events) {
    if (!Number.isFinite(e.at)) throw new SlaEventLogError(`Ereignis ${e.type} hat keinen gültigen Zeitpunkt`);
  }
  // Same instant: log order decides (a stable sort keeps it).
  const sorted = [...events].sort(byInstant);
  const first = sorted[0];
  if (!first || first.type !== 'received') throw new SlaEventLogError('Das Ereignisprotokoll muss mit dem Eingang (received) beginnen');
  const receivedAt = first.at;
  let state: CaseState = 'received';
  const pauses: Pause[] = [];
  const firstResponse: Span = { start: receivedAt, stop: null };
  const resolution: Span[] = [{ start: receivedAt, stop: null }];
  const silence: Span[] = [{ start: receivedAt, stop: null }];
  const legal: Span = { start: receivedAt, stop: null };

  for (const e of sorted.slice(1)) {
    switch (e.type) {
      case 'received':
        throw new SlaEventLogError('Ein Fall kann nur einmal eingehen (received doppelt)');
      case 'internalNote':
        break;
      case 'publicUpdate':
        firstResponse.stop ??= e.at;
        if (!TERMINAL.has(state)) {
          silence[silence.length - 1]!.stop = e.at;
          silence.push({ start: e.at, stop: null });
        }
        break;
      case 'reopened':
        if (TERMINAL.has(state)) {
          resolution.push({ start: e.at, stop: null });
          silence.push({ start: e.at, stop: null });
          state = 'inProgress';
        }
        break;
      case 'stateChanged': {
        const to = e.to;
        if (!CASE_STATES.includes(to)) throw new SlaEventLogError(`Unbekannter Status: ${String(to)}`);
        if (to === state) break;
        if (TERMINAL.has(state) && !TERMINAL.has(to)) {
          // Reopened by a plain state change.
          resolution.push({ start: e.at, stop: null });
          silence.push({ start: e.at, stop: null });
        }
        if (WAITING.has(state) && !WAITING.has(to)) pauses[pauses.length - 1]!.to = e.at;
        if (!WAITING.has(state) && WAITING.has(to)) pauses.push({ from: e.at, to: null });
        if (!TERMINAL.has(state) && TERMINAL.has(to)) {
          resolution[resolution.length - 1]!.stop = e.at;
          silence[silence.length - 1]!.stop = e.at;
          legal.stop ??= e.at;
        }
        if (to !== 'received') firstResponse.stop ??= e.at;
        state = to;
        break;
      }
      default:
        throw new SlaEventLogError(`Unbekannter Ereignistyp: ${(e as { type: unknown }).type}`);
    }
  }
  return { receivedAt, state, pauses: normalizePauses(pauses), firstResponse, resolution, silence, legal };
}

/** Pauses as they were known at `stop`: later ones cannot move a deadline judged at that instant. */
function pausesUntil(pauses: readonly Pause[], stop: Instant | null): Pause[] {
  if (stop === null) return pauses as Pause[];
  return pauses.filter((p) => p.from < stop).map((p) => ({ from: p.from, to: p.to === null || p.to > stop ? stop : p.to }));
}

function businessCycle(calendar: BusinessCalendar, span: Span, targetMs: number, allPauses: readonly Pause[], thresholds: readonly SlaThreshold[]): ClockCycle {
  const pauses = pausesUntil(allPauses, span.stop);
  const projection = addBusinessTimeWithPauses(calendar, span.start, targetMs, pauses);
  const reached: ThresholdInstant[] = [];
  for (const t of thresholds) {
    const at = t.percent === 100 ? projection.dueAt : addBusinessTimeWithPauses(calendar, span.start, Math.max(1, Math.round((targetMs * t.percent) / 100)), pauses).dueAt;
    if (span.stop === null || (at !== null && at <= span.stop)) reached.push({ percent: t.percent, level: t.level, actions: t.actions, at });
  }
  const status: ClockStatus =
    span.stop !== null ? (projection.dueAt !== null && span.stop <= projection.dueAt ? 'met' : 'breached') : projection.dueAt === null ? 'paused' : 'running';
  return {
    startedAt: span.start,
    stoppedAt: span.stop,
    status,
    dueAt: projection.dueAt,
    pausedAt: span.stop === null ? projection.pausedAt : null,
    remainingMs: span.stop === null && projection.dueAt === null ? projection.remainingMs : null,
    thresholds: reached,
  };
}

function legalCycle(span: Span, deadline: LegalDeadline, thresholds: readonly SlaThreshold[]): ClockCycle {
  const length = deadline.expiresAt - span.start;
  const reached = thresholds
    .map((t) => ({ ...t, at: t.percent === 100 ? deadline.expiresAt : span.start + Math.round((length * t.percent) / 100) }))
    .filter((t) => span.stop === null || t.at <= span.stop);
  return {
    startedAt: span.start,
    stoppedAt: span.stop,
    status: span.stop === null ? 'running' : span.stop < deadline.expiresAt ? 'met' : 'breached',
    dueAt: deadline.expiresAt,
    pausedAt: null,
    remainingMs: null,
    thresholds: reached,
  };
}

function businessClock(calendar: BusinessCalendar, clock: ClockName, spans: readonly Span[], targetMs: number, pauses: readonly Pause[], thresholds: readonly SlaThreshold[]): ClockResult {
  const cycles: ClockCycle[] = [];
  for (const span of spans) cycles.push(businessCycle(calendar, span, targetMs, pauses, thresholds));
  return clockResult(clock, cycles, targetMs, null);
}

const byTimer = (a: SlaTimer, b: SlaTimer) => a.at - b.at || a.percent - b.percent;
const runningDue = (c: ClockResult | undefined) => (c && c.current.stoppedAt === null ? c.current.dueAt : null);

function clockResult(clock: ClockName, cycles: ClockCycle[], targetMs: number | null, legal: LegalDeadline | null): ClockResult {
  return { clock, targetMs, legal, cycles, current: cycles[cycles.length - 1]! };
}

/**
 * Every deadline of a case. `policy` is the one selected for the case (policy.ts selectPolicy);
 * `calendar` the tenant's. Pure: the same input gives the same output, now or in a year.
 */
export function computeDeadlines(events: readonly CaseEvent[], policy: SlaPolicy, calendar: BusinessCalendar): CaseDeadlines {
  const log = replay(events);
  const { targets, thresholds } = policy;
  const clocks: Partial<Record<ClockName, ClockResult>> = {};
  if (targets.firstResponse) clocks.firstResponse = businessClock(calendar, 'firstResponse', [log.firstResponse], businessDurationMs(targets.firstResponse), log.pauses, thresholds);
  if (targets.maxSilence) clocks.maxSilence = businessClock(calendar, 'maxSilence', log.silence, businessDurationMs(targets.maxSilence), log.pauses, thresholds);
  if (targets.resolution) clocks.resolution = businessClock(calendar, 'resolution', log.resolution, businessDurationMs(targets.resolution), log.pauses, thresholds);
  if (targets.legal) {
    const deadline = legalDeadline(calendar, log.receivedAt, targets.legal);
    clocks.legal = clockResult('legal', [legalCycle(log.legal, deadline, thresholds)], null, deadline);
  }

  const timers: SlaTimer[] = [];
  for (const result of Object.values(clocks)) {
    const cycle = result.current;
    if (cycle.stoppedAt !== null) continue;
    for (const t of cycle.thresholds) {
      if (t.at !== null) timers.push({ clock: result.clock, cycle: result.cycles.length, percent: t.percent, level: t.level, actions: t.actions, at: t.at });
    }
  }
  timers.sort(byTimer);
  return {
    policyId: policy.id,
    state: log.state,
    receivedAt: log.receivedAt,
    pauses: log.pauses,
    clocks,
    timers,
    expectedAt: runningDue(clocks.resolution) ?? runningDue(clocks.legal),
  };
}

/** How much of a business clock's target is used at `now` (100 = due), for badges in the inbox. */
export function percentUsed(calendar: BusinessCalendar, result: ClockResult, pauses: readonly Pause[], now: Instant): number {
  const cycle = result.current;
  const end = cycle.stoppedAt !== null && cycle.stoppedAt < now ? cycle.stoppedAt : now;
  if (result.legal) return end <= cycle.startedAt ? 0 : (100 * (end - cycle.startedAt)) / (result.legal.expiresAt - cycle.startedAt);
  if (end <= cycle.startedAt || !result.targetMs) return 0;
  return (100 * elapsedBusinessTime(calendar, cycle.startedAt, end, pauses)) / result.targetMs;
}
