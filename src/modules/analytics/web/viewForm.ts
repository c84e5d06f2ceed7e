// Saved views as a form and in words: the builder's fields ↔ the API's view body, and what a
// definition means ("Anträge je Woche, letzte 90 Tage, nur Bewohnerparkausweis").
import { fmtInt } from './format.ts';
import { INTERVAL_LABEL, metricLabel, SPLIT_LABEL } from './metrics.ts';
import { addDays, todayBerlin } from './period.ts';
import type { ChartKind, Definition, Interval, Range, Split, Visibility } from './types.ts';

export const VISIBILITY_LABEL: Record<Visibility, string> = {
  private: 'Nur ich (privat)',
  tenant: 'Alle in meiner Kommune',
  cooperation: 'Meine Kommune und die Partner der Kooperation',
};
export const CHART_LABEL: Record<ChartKind, string> = { line: 'Liniendiagramm', bar: 'Balkendiagramm', table: 'Nur Tabelle' };
export const BUILDER_METRICS = ['submitted', 'start', 'view', 'conversion', 'rating_mean', 'digital_share', 'step', 'auth', 'payment', 'error', 'duration', 'rating', 'view.device', 'view.channel', 'submitted.device', 'submitted.channel'];

export type ViewBody = { name: string; description: string; visibility: Visibility; definition: Definition };

/** The builder's form data as the API's body; empty optional fields are left out. */
export function bodyOf(d: FormData): ViewBody {
  const get = (k: string) => String(d.get(k) ?? '').trim();
  const period = get('period_kind') === 'fixed'
    ? { from: get('definition.period.from'), to: get('definition.period.to') }
    : { last_days: Number(get('definition.period.last_days')) };
  const filters: Definition['filters'] = {};
  for (const k of ['service_key', 'online_service', 'form_version'] as const) if (get(`definition.filters.${k}`)) filters[k] = get(`definition.filters.${k}`);
  const by = get('definition.by') as Split | '';
  return {
    name: get('name'),
    description: get('description'),
    visibility: (get('visibility') || 'private') as Visibility,
    definition: { metric: get('definition.metric'), interval: get('definition.interval') as Interval, period, filters, ...(by ? { by } : {}), chart: (get('definition.chart') || 'line') as ChartKind },
  };
}

/** The days a definition covers today. */
export function rangeOfDefinition(d: Definition, today = todayBerlin()): Range {
  if (d.period.last_days !== undefined) return { from: addDays(today, -(d.period.last_days - 1)), to: today };
  return { from: d.period.from ?? today, to: d.period.to ?? today };
}

export function periodWords(d: Definition): string {
  if (d.period.last_days !== undefined) return `die letzten ${fmtInt(d.period.last_days)} Tage bis heute`;
  const day = (s?: string) => (s ? s.split('-').reverse().join('.') : '?');
  return `${day(d.period.from)} bis ${day(d.period.to)}`;
}

/** The definition in words, as label and value pairs. */
export function describe(d: Definition, serviceName: (key: string) => string): [string, string][] {
  const f = d.filters ?? {};
  const filters = [
    f.service_key && `Dienst: ${serviceName(f.service_key)}`,
    f.online_service && `Onlinedienst: ${f.online_service}`,
    f.form_version && `Formularversion: ${f.form_version}`,
  ].filter(Boolean).join('; ');
  return [
    ['Kennzahl', metricLabel(d.metric)],
    ['Intervall', INTERVAL_LABEL[d.interval]],
    ['Zeitraum', periodWords(d)],
    ['Filter', filters || 'alle Dienste'],
    ['Aufgeteilt nach', d.by ? SPLIT_LABEL[d.by] : 'nicht aufgeteilt'],
    ['Darstellung', CHART_LABEL[d.chart]],
  ];
}
