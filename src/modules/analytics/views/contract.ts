// A saved view is data: a chart definition (metric × interval × period × filters × split × chart
// type) with a name and a visibility. The definition is checked here completely when it is saved
// — also what only shows when it runs (too many periods, the digital share per day) — so a saved
// view always runs, for its own municipality and for every partner that copies or opens it.
import { z } from 'zod';
import type { FieldIssue } from '../../../server/http/errors.ts';
import { addDays, periodsIn, todayBerlin, type Interval, type Range } from '../metrics/periods.ts';
import { SERIES_METRICS } from '../metrics/series.ts';

export const VISIBILITIES = ['private', 'tenant', 'cooperation'] as const;
export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export const SPLITS = ['service', 'form_version', 'online_service', 'dimension'] as const;
export const CHARTS = ['line', 'bar', 'table'] as const;
const MAX_DAYS = 3650;
const MAX_PERIODS = 1200; // as runSeries allows

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const Day = z.string({ message: 'Tag als JJJJ-MM-TT' }).refine(isDay, 'Tag als JJJJ-MM-TT (ein Tag, den es gibt)');
const list = (v: readonly string[]) => v.join(', ');

export const Definition = z.strictObject({
  metric: z.enum(SERIES_METRICS, { message: `Kennzahl: ${list(SERIES_METRICS)}` }),
  interval: z.enum(INTERVALS, { message: `Intervall: ${list(INTERVALS)}` }),
  // Either a fixed period or the last N days up to the day the view is opened.
  period: z.strictObject({
    from: Day.optional(),
    to: Day.optional(),
    last_days: z.number({ message: 'Anzahl Tage als Zahl' }).int('ganze Zahl').min(1, 'mindestens 1 Tag').max(MAX_DAYS, `höchstens ${MAX_DAYS} Tage`).optional(),
  }, { message: 'Zeitraum als {from, to} oder {last_days}' }),
  filters: z.strictObject({
    service_key: z.string({ message: 'Text erwartet' }).regex(/^[0-9]{14}$|^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'Leistungsschlüssel (LeiKa, 14 Ziffern) oder FIM-Kennung').optional(),
    online_service: z.string({ message: 'Text erwartet' }).trim().min(1, 'leer').max(100, 'höchstens 100 Zeichen').optional(),
    form_version: z.string({ message: 'Text erwartet' }).trim().max(40, 'höchstens 40 Zeichen').optional(),
  }, { message: 'Filter als Objekt {service_key, online_service, form_version}' }).default({}),
  by: z.enum(SPLITS, { message: `Aufteilung: ${list(SPLITS)}` }).optional(),
  chart: z.enum(CHARTS, { message: `Diagramm: ${list(CHARTS)}` }),
}, { message: 'Definition als Objekt erwartet' });
export type DefinitionT = z.infer<typeof Definition>;

const Name = z.string({ message: 'Name fehlt' }).trim().min(1, 'Name fehlt').max(100, 'Name höchstens 100 Zeichen');
const Description = z.string({ message: 'Text erwartet' }).trim().max(2000, 'Beschreibung höchstens 2000 Zeichen');
const Visibility = z.enum(VISIBILITIES, { message: `Sichtbarkeit: ${list(VISIBILITIES)}` });

export const ViewBody = z.strictObject({ name: Name, description: Description.default(''), visibility: Visibility.default('private'), definition: Definition }, { message: 'Objekt erwartet' });
export const ViewPatch = z.strictObject({ name: Name, description: Description, visibility: Visibility, definition: Definition }, { message: 'Objekt erwartet' }).partial()
  .refine((b) => Object.keys(b).length > 0, 'mindestens eines von name, description, visibility, definition');
export const PreviewBody = z.strictObject({ definition: Definition }, { message: 'Objekt erwartet' });
export const CopyBody = z.strictObject({ name: Name, visibility: Visibility }, { message: 'Objekt erwartet' }).partial();

/** zod's issues with field paths, in German; an unknown key is named itself. */
export function issuesOf(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((i) => {
    const at = i.path.map(String);
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: [...at, k].join('.'), message: 'unbekanntes Feld' }));
    const message = i.code === 'invalid_type' && i.message.startsWith('Invalid input') ? (i.message.endsWith('received undefined') ? 'fehlt' : `Typ falsch, erwartet ${i.expected}`) : i.message;
    return [{ field: at.join('.') || '(ganz)', message }];
  });
}

/** The days a definition covers today: a fixed period, or the last N days up to today (Berlin). */
export function rangeOfDefinition(d: DefinitionT, today = todayBerlin()): Range {
  if (d.period.last_days !== undefined) return { from: addDays(today, -(d.period.last_days - 1)), to: today };
  return { from: d.period.from!, to: d.period.to! };
}

/** What the schema alone cannot say: one kind of period, its length, the number of points, and
 *  what the digital share (offline counts exist per month) allows. */
export function checkDefinition(d: DefinitionT, at = 'definition'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const p = d.period;
  const fixed = p.from !== undefined || p.to !== undefined;
  if (fixed && p.last_days !== undefined) issues.push({ field: `${at}.period`, message: 'entweder {from, to} oder {last_days}, nicht beides' });
  else if (!fixed && p.last_days === undefined) issues.push({ field: `${at}.period`, message: 'Zeitraum fehlt: {from, to} oder {last_days}' });
  else if (fixed && (p.from === undefined || p.to === undefined)) issues.push({ field: `${at}.period.${p.from === undefined ? 'from' : 'to'}`, message: 'fehlt' });
  else if (fixed && p.from! > p.to!) issues.push({ field: `${at}.period.from`, message: 'from liegt nach to' });
  else {
    const range = rangeOfDefinition(d);
    const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1;
    if (days > MAX_DAYS) issues.push({ field: `${at}.period.from`, message: `höchstens ${MAX_DAYS} Tage` });
    else if (periodsIn(range, d.interval as Interval).length > MAX_PERIODS) issues.push({ field: `${at}.interval`, message: `höchstens ${MAX_PERIODS} Zeitpunkte; größeres Intervall oder kürzeren Zeitraum wählen` });
  }
  if (d.metric === 'digital_share') {
    if (d.interval === 'day' || d.interval === 'week') issues.push({ field: `${at}.interval`, message: 'Digitalquote nur je month oder year (Offline-Zahlen gibt es je Monat)' });
    if (d.by) issues.push({ field: `${at}.by`, message: 'Digitalquote ohne Aufteilung' });
  }
  return issues;
}
