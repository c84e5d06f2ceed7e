// What analytics charts add to the shared chart settings (src/web/useEChart.ts): line types with
// symbols on lines, so no series depends on colour, value formats, and bar charts of labelled values.
import { fmtDec2, fmtInt, fmtPct } from './format.ts';
import { baseChartOption, CHART_PALETTE } from '../../../web/useEChart.ts';
import type { ChartOption } from './useChart.ts';

export { CHART_PALETTE as PALETTE, baseChartOption as baseOption };

const LINE_TYPES = ['solid', 'dashed', 'dotted'] as const;
const SYMBOLS = ['circle', 'triangle', 'rect', 'diamond', 'pin', 'arrow'] as const;

/** The look of the n-th line: its own line type and symbol, so lines differ without colour. */
export function lineLook(n: number) {
  return { symbol: SYMBOLS[n % SYMBOLS.length], symbolSize: 9, lineStyle: { width: 3, type: LINE_TYPES[n % LINE_TYPES.length] } };
}

export type ValueKind = 'count' | 'percent' | 'mean';
/** Formats a value of the given kind for axes, tooltips and tables. */
export const formatValue = (kind: ValueKind, v: number | null | undefined) => (kind === 'percent' ? fmtPct(v) : kind === 'mean' ? fmtDec2(v) : fmtInt(v));

/** A horizontal bar chart of labelled values (categories top to bottom). */
export function barsOption(labels: string[], series: { name: string; values: (number | null)[] }[], kind: ValueKind, extra: ChartOption = {}): ChartOption {
  // Long names break into lines instead of taking the width of a phone's screen.
  const left = Math.min(170, 24 + Math.max(0, ...labels.map((l) => l.length)) * 6.5);
  return {
    ...baseChartOption,
    legend: { show: series.length > 1, top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => formatValue(kind, v) },
    grid: { left, right: 48, top: series.length > 1 ? 36 : 12, bottom: 32 },
    xAxis: { type: 'value', ...(kind === 'percent' ? { max: 100 } : {}), axisLabel: { formatter: (v: number) => formatValue(kind, v) } },
    yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: left - 14, overflow: 'break', lineHeight: 14 } },
    series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 28, data: s.values, label: { show: series.length === 1, position: 'right', formatter: (p: { value: number | null }) => formatValue(kind, p.value) } })),
    ...extra,
  };
}
