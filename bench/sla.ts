// npm run bench -- sla [seconds per measurement]
// SLA deadline arithmetic (src/modules/requests/sla): the worked examples of issue 6 and a full
// computeDeadlines over a realistic event log, in computations per second, next to a naive
// baseline measured in the same run: minute-by-minute stepping with a time-zone conversion per
// minute (business time) and day-by-day stepping with an uncached holiday lookup (legal). Both
// baselines must agree with the engine before they are timed. No database is used.
import { getHolidays, isHoliday } from 'feiertagejs';
import { DateTime } from 'luxon';
import { BusinessCalendar, type Instant } from '../src/modules/requests/sla/calendar.ts';
import { addBusinessTime, HOUR, MINUTE } from '../src/modules/requests/sla/business-time.ts';
import { legalDeadline, type LegalPeriod } from '../src/modules/requests/sla/legal.ts';
import { computeDeadlines, type CaseEvent } from '../src/modules/requests/sla/deadlines.ts';
import { parsePolicy } from '../src/modules/requests/sla/policy.ts';
import type { SlaCalendarConfigInput } from '../src/modules/requests/sla/contract.ts';

const SECONDS = Number(process.argv[2] ?? 1.5);
const ZONE = 'Europe/Berlin';
const CONFIG: SlaCalendarConfigInput = {
  timeZone: ZONE,
  holidayRegion: 'HE',
  openingHours: {
    mon: [{ from: '08:00', to: '16:00' }], tue: [{ from: '08:00', to: '16:00' }], wed: [{ from: '08:00', to: '16:00' }],
    thu: [{ from: '08:00', to: '18:00' }], fri: [{ from: '08:00', to: '12:00' }],
  },
  closures: [{ date: '12-24' }, { date: '12-31' }],
};
const at = (s: string) => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toMillis();

const businessExamples: Array<[string, Instant, number, string]> = [
  ['Thu 17.4.2025 15:00 + 16 h', at('2025-04-17 15:00'), 16 * HOUR, '2025-04-23 13:00'],
  ['Fri 28.3.2025 11:30 + 8 h', at('2025-03-28 11:30'), 8 * HOUR, '2025-03-31 15:30'],
  ['Mon 23.12.2024 10:00 + 24 h', at('2024-12-23 10:00'), 24 * HOUR, '2025-01-02 14:00'],
];
const legalExamples: Array<[string, Instant, LegalPeriod, string]> = [
  ['legal 2 weeks from Thu 5.6.2025', at('2025-06-05 10:00'), { amount: 2, unit: 'weeks' }, '2025-06-20'],
  ['legal 3 months from Sat 29.3.2025', at('2025-03-29 10:00'), { amount: 3, unit: 'months' }, '2025-06-30'],
];

// --- naive baselines -------------------------------------------------------------------------
const naiveHolidays = new Map<number, Set<string>>();
function naiveIsHoliday(iso: string, year: number): boolean {
  let set = naiveHolidays.get(year);
  if (!set) naiveHolidays.set(year, (set = new Set(getHolidays(year, 'HE').map((h) => h.dateString))));
  return set.has(iso);
}
const naiveHours: Record<number, [number, number] | undefined> = { 1: [480, 960], 2: [480, 960], 3: [480, 960], 4: [480, 1080], 5: [480, 720] };
/** Steps one minute at a time, converting each minute to Berlin wall time (holidays cached per year, to be fair). */
function naiveAddBusinessTime(start: Instant, durationMs: number): Instant {
  let t = Math.ceil(start / MINUTE) * MINUTE;
  let remaining = durationMs / MINUTE;
  for (;;) {
    const local = DateTime.fromMillis(t, { zone: ZONE });
    const hours = naiveHours[local.weekday];
    const iso = local.toISODate()!;
    const minuteOfDay = local.hour * 60 + local.minute;
    if (hours && minuteOfDay >= hours[0] && minuteOfDay < hours[1] && !naiveIsHoliday(iso, local.year) && !iso.endsWith('-12-24') && !iso.endsWith('-12-31')) {
      if (--remaining === 0) return t + MINUTE;
    }
    t += MINUTE;
  }
}
/** luxon date arithmetic and an uncached feiertagejs lookup per day. */
function naiveLegal(eventAt: Instant, period: LegalPeriod): string {
  let day = DateTime.fromMillis(eventAt, { zone: ZONE }).startOf('day').plus({ [period.unit]: period.amount });
  while (day.weekday >= 6 || isHoliday(day.toJSDate(), 'HE')) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

// --- checks before timing --------------------------------------------------------------------
const calendar = new BusinessCalendar(CONFIG);
const fmt = (t: Instant) => DateTime.fromMillis(t, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
for (const [name, start, d, expected] of businessExamples) {
  const ours = fmt(addBusinessTime(calendar, start, d));
  const naive = fmt(naiveAddBusinessTime(start, d));
  if (ours !== expected || naive !== expected) throw new Error(`${name}: engine ${ours}, baseline ${naive}, expected ${expected}`);
}
for (const [name, start, p, expected] of legalExamples) {
  const ours = legalDeadline(calendar, start, p).lastDay;
  const naive = naiveLegal(start, p);
  if (ours !== expected || naive !== expected) throw new Error(`${name}: engine ${ours}, baseline ${naive}, expected ${expected}`);
}

function perSecond(fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    fn();
    n++;
    if ((n & 15) === 0 || n < 16) elapsed = performance.now() - t0;
  }
  return n / ((performance.now() - t0) / 1000);
}

const rows: Array<[string, number, number | null]> = [];
for (const [name, start, d] of businessExamples) rows.push([name, perSecond(() => addBusinessTime(calendar, start, d)), perSecond(() => naiveAddBusinessTime(start, d))]);
for (const [name, start, p] of legalExamples) rows.push([name, perSecond(() => legalDeadline(calendar, start, p)), perSecond(() => naiveLegal(start, p))]);

// A whole case: received, acknowledged, waiting for the citizen for a day, a public update,
// resolved; four clocks with 50/75/100 % thresholds each.
const policy = parsePolicy({
  id: 'default', name: 'Standard',
  targets: { firstResponse: { hours: 4 }, maxSilence: { hours: 16 }, resolution: { hours: 40 }, legal: { amount: 1, unit: 'months' } },
});
const base = at('2025-04-14 09:12');
const caseEvents = (shift: number): CaseEvent[] => [
  { type: 'received', at: base + shift },
  { type: 'stateChanged', at: base + shift + 2 * HOUR, to: 'acknowledged' },
  { type: 'stateChanged', at: base + shift + 26 * HOUR, to: 'waitingForCitizen' },
  { type: 'publicUpdate', at: base + shift + 27 * HOUR },
  { type: 'stateChanged', at: base + shift + 50 * HOUR, to: 'inProgress' },
];
let k = 0;
// Start times vary over a year (many different days), as in a real inbox.
const warm = perSecond(() => computeDeadlines(caseEvents(((k = (k + 7919) % 8760)) * HOUR), policy, calendar));
const cold = perSecond(() => computeDeadlines(caseEvents(((k = (k + 7919) % 8760)) * HOUR), policy, new BusinessCalendar(CONFIG)));
const naiveCase = perSecond(() => {
  // The same four due instants (no thresholds, no pauses) with the naive stepping: a lower bound on its cost.
  const start = base + ((k = (k + 7919) % 8760)) * HOUR;
  naiveAddBusinessTime(start, 4 * HOUR);
  naiveAddBusinessTime(start, 16 * HOUR);
  naiveAddBusinessTime(start, 40 * HOUR);
  naiveLegal(start, { amount: 1, unit: 'months' });
});
rows.push(['computeDeadlines, 5 events, 4 clocks × 3 thresholds (calendar cached per tenant)', warm, naiveCase]);
rows.push(['computeDeadlines, same, with a new calendar per case (cold cache)', cold, naiveCase]);

console.log(`\nSLA deadline arithmetic, ${SECONDS} s per measurement, Node ${process.version}`);
console.log('\n| computation | engine /s | naive baseline /s | engine vs. baseline |');
console.log('|---|---:|---:|---:|');
for (const [name, ours, naive] of rows) {
  console.log(`| ${name} | ${Math.round(ours).toLocaleString('en')} | ${naive === null ? '–' : Math.round(naive).toLocaleString('en')} | ${naive ? `${(ours / naive).toFixed(0)}×` : '–'} |`);
}
console.log('\nbaseline: minute stepping with a luxon conversion per minute (holidays cached per year); legal: luxon plus() and an uncached feiertagejs lookup per day.');
console.log('the naive whole-case figure computes only the four due instants (no thresholds, no pauses), so it flatters the baseline.');
