// The period of the analytics pages, kept in the URL so a view can be bookmarked and shared:
// ?zeitraum=30|90|365 (the last N days up to today in Berlin, 30 without the parameter) or
// ?zeitraum=frei&von=JJJJ-MM-TT&bis=JJJJ-MM-TT.
import { useSearchState } from '../../../web/useSearchState.ts';
import type { Range } from './types.ts';

export const PRESETS = [
  { value: '30', label: 'Letzte 30 Tage', days: 30 },
  { value: '90', label: 'Letzte 90 Tage', days: 90 },
  { value: '365', label: 'Letzte 12 Monate', days: 365 },
] as const;
export const FREE = 'frei';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const todayBerlin = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const daysBetween = (r: Range) => Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000) + 1;

export type PeriodChoice = { kind: string; von: string; bis: string };

/** The days of a choice; a free period missing a day falls back to the last 30 days. */
export function rangeOfChoice(c: PeriodChoice, today = todayBerlin()): Range {
  if (c.kind === FREE && DAY.test(c.von) && DAY.test(c.bis) && c.von <= c.bis) return { from: c.von, to: c.bis };
  const days = PRESETS.find((p) => p.value === c.kind)?.days ?? 30;
  return { from: addDays(today, -(days - 1)), to: today };
}

export function usePeriod() {
  const search = useSearchState();
  const choice: PeriodChoice = { kind: search.get('zeitraum', '30'), von: search.get('von'), bis: search.get('bis') };
  const range = rangeOfChoice(choice);
  const set = (c: PeriodChoice) => search.update({ zeitraum: c.kind === '30' ? '' : c.kind, von: c.kind === FREE ? c.von : '', bis: c.kind === FREE ? c.bis : '' });
  return { choice, range, set, query: `from=${range.from}&to=${range.to}` };
}

/** The interval that suits a period's length: days for a month, weeks for a quarter, else months. */
export function defaultInterval(r: Range): 'day' | 'week' | 'month' {
  const days = daysBetween(r);
  return days <= 45 ? 'day' : days <= 200 ? 'week' : 'month';
}
