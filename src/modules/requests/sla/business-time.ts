// Business time: only the instants inside a calendar's open intervals count. Both functions step
// over whole open intervals of cached days (never minute by minute), so adding 40 business hours
// costs a handful of comparisons. Durations and results are in milliseconds of real time, so a
// 24/7 calendar's DST day counts 23 or 25 hours, and an office day 8–16 is 8 hours either way.
import type { BusinessCalendar, Instant } from './calendar.ts';
import { SlaDurationError } from './errors.ts';

/** A stopped clock: from the instant the case started waiting until it stopped (null = still waiting). */
export type Pause = { from: Instant; to: Instant | null };

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

// A calendar with opening hours can still be closed for a long stretch (many closure days);
// beyond three years without one open minute the configuration is wrong, not the case.
const MAX_CLOSED_DAYS = 3 * 366;

function assertInstant(value: Instant, name: string): void {
  if (!Number.isFinite(value)) throw new SlaDurationError(`${name} ist kein gültiger Zeitpunkt`);
}

function assertDuration(durationMs: number): void {
  if (!Number.isFinite(durationMs) || durationMs <= 0) {
    throw new SlaDurationError(`Eine Dauer in Geschäftszeit muss größer als 0 sein (war ${durationMs} ms)`);
  }
}

/**
 * The instant at which `durationMs` of business time has passed after `start`. A deadline that
 * uses up an interval exactly ends at its closing time (Tue 16:00, not Wed 08:00).
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Instant, durationMs: number): Instant {
  assertInstant(start, 'Der Beginn');
  assertDuration(durationMs);
  let remaining = durationMs;
  let day = calendar.dayOf(start);
  let closedDays = 0;
  for (;;) {
    const { open } = calendar.day(day);
    for (let i = 0; i < open.length; i += 2) {
      const to = open[i + 1]!;
      if (to <= start) continue;
      const from = open[i]! > start ? open[i]! : start;
      if (remaining <= to - from) return from + remaining;
      remaining -= to - from;
    }
    closedDays = open.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) throw new SlaDurationError('Der Kalender hat seit über drei Jahren keine Öffnungszeit; die Frist lässt sich nicht berechnen');
    day++;
  }
}

/** Business time (ms) between two instants; `to` before `from` is rejected. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  assertInstant(from, 'Der Beginn');
  assertInstant(to, 'Das Ende');
  if (to < from) throw new SlaDurationError('Das Ende liegt vor dem Beginn');
  if (to === from) return 0;
  let total = 0;
  const lastDay = calendar.dayOf(to);
  for (let day = calendar.dayOf(from); day <= lastDay; day++) {
    const { open } = calendar.day(day);
    for (let i = 0; i < open.length; i += 2) {
      const a = open[i]! > from ? open[i]! : from;
      const b = open[i + 1]! < to ? open[i + 1]! : to;
      if (b > a) total += b - a;
    }
  }
  return total;
}

/** Sorted, merged pauses; a pause with `to` before `from` is a caller bug. */
export function normalizePauses(pauses: readonly Pause[]): Pause[] {
  const sorted = [...pauses].sort((a, b) => a.from - b.from);
  const out: Pause[] = [];
  for (const p of sorted) {
    if (p.to !== null && p.to < p.from) throw new SlaDurationError('Eine Pause endet vor ihrem Beginn');
    const last = out[out.length - 1];
    if (last && (last.to === null || p.from <= last.to)) {
      last.to = last.to === null || p.to === null ? null : Math.max(last.to, p.to);
    } else {
      out.push({ ...p });
    }
  }
  return out;
}

export type ClockProjection =
  | { dueAt: Instant; pausedAt: null; remainingMs: 0 }
  | { dueAt: null; pausedAt: Instant; remainingMs: number };

/**
 * When `durationMs` of business time has run after `start`, not counting the pauses (normalised,
 * see normalizePauses). While the last pause is still open the clock has no due instant: the
 * result says since when it is paused and how much business time is left.
 */
export function addBusinessTimeWithPauses(calendar: BusinessCalendar, start: Instant, durationMs: number, pauses: readonly Pause[]): ClockProjection {
  assertDuration(durationMs);
  let cursor = start;
  let remaining = durationMs;
  for (const p of pauses) {
    if (p.to !== null && p.to <= cursor) continue;
    if (p.from > cursor) {
      const available = businessTimeBetween(calendar, cursor, p.from);
      if (available >= remaining) return { dueAt: addBusinessTime(calendar, cursor, remaining), pausedAt: null, remainingMs: 0 };
      remaining -= available;
    }
    if (p.to === null) return { dueAt: null, pausedAt: Math.max(p.from, cursor), remainingMs: remaining };
    cursor = p.to;
  }
  return { dueAt: addBusinessTime(calendar, cursor, remaining), pausedAt: null, remainingMs: 0 };
}

/** Business time that counted between `from` and `to`, minus the pauses (normalised). */
export function elapsedBusinessTime(calendar: BusinessCalendar, from: Instant, to: Instant, pauses: readonly Pause[] = []): number {
  let total = businessTimeBetween(calendar, from, to);
  for (const p of pauses) {
    const a = Math.max(p.from, from);
    const b = Math.min(p.to ?? to, to);
    if (b > a) total -= businessTimeBetween(calendar, a, b);
  }
  return total;
}
