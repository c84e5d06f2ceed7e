// Figures derived from summed counters — pure, shared by the service page, the overview, the
// peer comparison and the series: conversion, funnel with abandonment, method shares with failure
// rates, rating histogram and mean, digital share.
import { DURATION_BUCKETS } from '../connector/vocabulary.ts';

export type Sum = { metric: string; dimension: string; count: number };
export const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null);
export const round2 = (x: number) => Math.round(x * 100) / 100;

export function total(rows: Sum[], metric: string): number {
  let n = 0;
  for (const r of rows) if (r.metric === metric) n += r.count;
  return n;
}

/** Method × outcome counters ("eid:success") → per method: counts, share of all, failure rate. */
export function methods(rows: Sum[], metric: 'auth' | 'payment') {
  const by = new Map<string, { success: number; failure: number; abort: number }>();
  for (const r of rows) {
    if (r.metric !== metric) continue;
    const [method, outcome] = r.dimension.split(':') as [string, 'success' | 'failure' | 'abort'];
    const m = by.get(method) ?? by.set(method, { success: 0, failure: 0, abort: 0 }).get(method)!;
    m[outcome] += r.count;
  }
  const all = [...by.values()].reduce((n, m) => n + m.success + m.failure + m.abort, 0);
  return [...by].map(([method, m]) => {
    const n = m.success + m.failure + m.abort;
    return { method, ...m, share: pct(n, all), failure_rate: pct(m.failure + m.abort, n) };
  }).sort((a, b) => b.success + b.failure + b.abort - (a.success + a.failure + a.abort));
}

/** How many reached each step, and how many of those did not reach the next one (or did not submit
 *  after the last). */
export function funnel(rows: Sum[]) {
  const submissions = total(rows, 'submitted');
  const reached = new Map<number, number>();
  for (const r of rows) if (r.metric === 'step') reached.set(Number(r.dimension), (reached.get(Number(r.dimension)) ?? 0) + r.count);
  const steps = [...reached].map(([step, n]) => ({ step, reached: n })).sort((a, b) => a.step - b.step);
  return steps.map((s, i) => {
    const next = i + 1 < steps.length ? steps[i + 1]!.reached : submissions;
    const abandoned = Math.max(0, s.reached - next);
    return { ...s, abandoned, abandonment_rate: pct(abandoned, s.reached) };
  });
}

export function ratings(rows: Sum[]) {
  const hist = [1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 }));
  for (const r of rows) if (r.metric === 'rating') hist[Number(r.dimension) - 1]!.count += r.count;
  const n = hist.reduce((s, r) => s + r.count, 0);
  return { ratings: hist, rated: n, rating_mean: n ? round2(hist.reduce((s, r) => s + r.rating * r.count, 0) / n) : null };
}

export function durations(rows: Sum[]) {
  return DURATION_BUCKETS.map((bucket) => ({ bucket, count: rows.filter((r) => r.metric === 'duration' && r.dimension === bucket).reduce((n, r) => n + r.count, 0) }));
}

export function errors(rows: Sum[]) {
  const by = new Map<string, number>();
  for (const r of rows) if (r.metric === 'error') by.set(r.dimension, (by.get(r.dimension) ?? 0) + r.count);
  return [...by].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
}

/** Online submissions ÷ all applications, where the municipality entered its offline counts. */
export function digitalShare(online: number, offline: number | undefined) {
  return offline === undefined ? null : pct(online, online + offline);
}

/** The headline figures of one service (or any set of counters). */
export function headline(rows: Sum[]) {
  const starts = total(rows, 'start');
  const submissions = total(rows, 'submitted');
  const r = ratings(rows);
  return { views: total(rows, 'view'), starts, submissions, conversion: pct(submissions, starts), errors: total(rows, 'error'), rated: r.rated, rating_mean: r.rating_mean };
}

export function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : round2((v[mid - 1]! + v[mid]!) / 2);
}
