// A time series as chart (lines or bars) with the table of the same numbers — one row per period,
// one column per series — and its CSV. Used by a service's trend and by saved views.
import { useMemo, type ReactNode } from 'react';
import { Table } from '../../../web/ui/Table.tsx';
import { baseOption, formatValue, lineLook, type ValueKind } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import type { CsvTable } from './csv.ts';
import { dayLabel, periodLabel } from './format.ts';
import { INTERVAL_LABEL } from './metrics.ts';
import type { ChartKind, Series } from './types.ts';

type Props = {
  id: string;
  title: string;
  level?: 2 | 3;
  data: Series;
  chart: ChartKind;
  kind: ValueKind;
  label: (series: string) => string;
  what: string;
  filename: string;
  controls?: ReactNode;
};

type Row = { period: string; values: (number | null)[] };

export function SeriesFigure({ id, title, level, data, chart, kind, label, what, filename, controls }: Props) {
  const rows: Row[] = useMemo(() => {
    const periods = [...new Set(data.points.map((p) => p.period))];
    const at = new Map(data.points.map((p) => [`${p.series}\u0000${p.period}`, p.value]));
    return periods.map((period) => ({ period, values: data.series.map((s) => at.get(`${s}\u0000${period}`) ?? null) }));
  }, [data]);
  const names = data.series.map(label);
  const option = useMemo(() => (chart === 'table' ? undefined : {
    ...baseOption,
    legend: { show: names.length > 1, top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => formatValue(kind, v) },
    // Room for the legend above the plot: about four entries per line on a full-width chart.
    grid: { left: 64, right: 24, top: names.length > 1 ? 16 + 24 * Math.ceil(names.length / 4) : 16, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => periodLabel(r.period)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: kind === 'count' ? 1 : undefined, ...(kind === 'percent' ? { max: 100 } : {}), axisLabel: { formatter: (v: number) => formatValue(kind, v) } },
    series: names.map((name, n) => ({
      name, type: chart, connectNulls: false, barMaxWidth: 32, ...(chart === 'line' ? lineLook(n) : {}),
      data: rows.map((r) => r.values[n]),
    })),
  }), [rows, chart, kind, names.join('\u0000')]); // names are derived from data, as rows are
  const values = rows.flatMap((r) => r.values).filter((v): v is number => v !== null);
  const empty = values.length === 0 || (kind === 'count' && values.every((v) => v === 0));
  const looks = chart === 'line' && names.length > 1 ? ' Jede Linie hat ihre eigene Strichart und ihr eigenes Symbol.' : '';
  const split = data.by === 'form_version' ? ' je Formularversion' : '';
  const note = `${what}${split} je ${INTERVAL_LABEL[data.interval]} vom ${dayLabel(data.period.from)} bis ${dayLabel(data.period.to)}${names.length > 1 ? `, aufgeteilt: ${names.join(', ')}` : ''}.${looks} Die Zahlen stehen in der Tabelle.`;
  const csv: CsvTable = { filename, headers: ['Zeitraum', ...names], rows: rows.map((r) => [periodLabel(r.period), ...r.values]) };
  const table = (
    <Table<Row>
      caption={`${what}${split} je ${INTERVAL_LABEL[data.interval]}`}
      rows={rows}
      rowKey={(r) => r.period}
      columns={[
        { header: 'Zeitraum', rowHeader: true, cell: (r) => <span className="ana-nowrap">{periodLabel(r.period)}</span> },
        ...names.map((name, n) => ({ header: name, numeric: true, cell: (r: Row) => formatValue(kind, r.values[n]) })),
      ]}
    />
  );
  // More than two series: chart and table each get the full width.
  return <ChartFigure id={id} title={title} level={level} option={option} note={note} controls={controls} table={table} csv={csv} stacked={names.length > 2} empty={empty && 'Noch keine Zahlen für diesen Zeitraum.'} />;
}
