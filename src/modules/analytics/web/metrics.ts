// The metrics of time series and saved views in German, and how their values read.
import type { ValueKind } from './chartStyle.ts';
import { dimensionLabel } from './format.ts';
import type { Interval, Split } from './types.ts';

export const METRIC_LABEL: Record<string, string> = {
  view: 'Aufrufe',
  start: 'Starts',
  submitted: 'Anträge',
  conversion: 'Konversion',
  rating_mean: 'Bewertung Ø',
  digital_share: 'Digitalquote',
  step: 'Erreichte Schritte',
  auth: 'Anmeldungen',
  payment: 'Zahlungen',
  error: 'Fehler',
  duration: 'Ausfülldauer (Anzahl)',
  rating: 'Bewertungen (Anzahl)',
  'view.device': 'Aufrufe je Gerät',
  'view.channel': 'Aufrufe je Kanal',
  'start.device': 'Starts je Gerät',
  'submitted.device': 'Anträge je Gerät',
  'submitted.channel': 'Anträge je Kanal',
};
export const metricLabel = (m: string) => METRIC_LABEL[m] ?? m;

/** What the service page's trend offers. */
export const TREND_METRICS = ['view', 'start', 'submitted', 'conversion', 'rating_mean', 'digital_share'];

export const INTERVAL_LABEL: Record<Interval, string> = { day: 'Tag', week: 'Woche', month: 'Monat', year: 'Jahr' };
export const INTERVALS = Object.keys(INTERVAL_LABEL) as Interval[];
export const SPLIT_LABEL: Record<Split, string> = {
  service: 'Dienst',
  form_version: 'Formularversion',
  online_service: 'Onlinedienst',
  dimension: 'Merkmal (z. B. Verfahren und Ergebnis, Gerät)',
};

export const valueKindOf = (metric: string): ValueKind => (metric === 'conversion' || metric === 'digital_share' ? 'percent' : metric === 'rating_mean' ? 'mean' : 'count');

/** The digital share exists per month and year only (offline counts are monthly). */
export const intervalAllowed = (metric: string, interval: Interval) => metric !== 'digital_share' || interval === 'month' || interval === 'year';

/** The name of one series of a split: a version, a service's name, a method and outcome. */
export function seriesLabel(metric: string, by: Split | null | undefined, series: string, serviceNames: Map<string, string> = new Map()): string {
  if (!by || series === '') return metricLabel(metric);
  if (by === 'form_version') return `Version ${series}`;
  if (by === 'service') return serviceNames.get(series) ?? `Dienst ${series}`;
  if (by === 'dimension') return dimensionLabel(metric, series);
  return series;
}
