// On-time rate per target (Erste Reaktion, Rückmeldung, Erledigung, Gesetzliche Frist): for one
// city its targets as bars; for a cooperation the cities as rows with one bar per target, so the
// cities stand side by side. The table lists kept and missed deadlines behind every rate;
// for a cooperation one row per city, one column per target.
import { useMemo } from 'react';
import { numberDe } from '../../../../web/format.ts';
import { Table } from '../../../../web/ui/Table.tsx';
import { ChartBlock } from './ChartBlock.tsx';
import { baseOption } from './useEChart.ts';
import { clockLabel, clockRank, formatRate, type OnTimeRow, type Promises } from './types.ts';

export function OnTimeChart({ data, cooperation, csvUrl, jsonUrl }: { data: Promises; cooperation: boolean; csvUrl: string; jsonUrl: string }) {
  const names = new Map(data.tenants.map((t) => [t.slug, t.name]));
  const cityName = (slug: string) => names.get(slug) ?? slug;
  const rows = [...data.on_time].sort((a, b) => cityName(a.tenant).localeCompare(cityName(b.tenant), 'de') || clockRank(a.clock) - clockRank(b.clock));
  const clocks = [...new Set(rows.map((r) => r.clock))].sort((a, b) => clockRank(a) - clockRank(b));
  const cities = [...new Set(rows.map((r) => r.tenant))];

  const option = useMemo(() => {
    const percent = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } };
    const tooltip = { trigger: 'axis', valueFormatter: (v: number | null) => formatRate(v) };
    if (!cooperation) {
      return {
        ...baseOption, tooltip, legend: { show: false },
        grid: { left: 56, right: 24, top: 24, bottom: 40 },
        xAxis: { type: 'category', data: clocks.map(clockLabel) },
        yAxis: percent,
        series: [{ name: 'Eingehalten', type: 'bar', barMaxWidth: 64, label: { show: true, position: 'top', formatter: (p: { value: number | null }) => formatRate(p.value) }, data: clocks.map((c) => rows.find((r) => r.clock === c)?.rate ?? null) }],
      };
    }
    const rate = (city: string, clock: string) => rows.find((r) => r.tenant === city && r.clock === clock)?.rate ?? null;
    return {
      ...baseOption, tooltip,
      grid: { left: 130, right: 24, top: 48, bottom: 32 },
      xAxis: percent,
      yAxis: { type: 'category', inverse: true, data: cities.map(cityName) },
      series: clocks.map((c) => ({ name: clockLabel(c), type: 'bar', data: cities.map((city) => rate(city, c)) })),
    };
  }, [data, cooperation]); // everything else is derived from these

  const kept = rows.reduce((n, r) => n + r.kept, 0);
  const all = kept + rows.reduce((n, r) => n + r.missed, 0);
  const note = all === 0
    ? 'Im Zeitraum ist noch keine Frist fällig geworden.'
    : `Anteil der eingehaltenen Fristen in Prozent je Frist${cooperation ? ` und Kommune (${cities.length} Kommunen)` : ''}; insgesamt ${numberDe.format(kept)} von ${numberDe.format(all)} fälligen Fristen eingehalten. Die Zahlen stehen in der Tabelle.`;

  const table = cooperation ? (
    <Table<string>
      caption="Eingehaltene Fristen je Kommune"
      rows={cities}
      rowKey={(city) => city}
      empty="Keine fälligen Fristen im Zeitraum."
      columns={[
        { header: 'Kommune', rowHeader: true, cell: cityName },
        ...clocks.map((clock) => ({ header: clockLabel(clock), numeric: true, cell: (city: string) => <RateCell row={rows.find((r) => r.tenant === city && r.clock === clock)} /> })),
      ]}
    />
  ) : (
    <Table<OnTimeRow>
      caption="Eingehaltene und verpasste Fristen"
      rows={rows}
      rowKey={(r) => r.clock}
      empty="Keine fälligen Fristen im Zeitraum."
      columns={[
        { header: 'Frist', rowHeader: true, cell: (r) => clockLabel(r.clock) },
        { header: 'Eingehalten', numeric: true, cell: (r) => numberDe.format(r.kept) },
        { header: 'Verpasst', numeric: true, cell: (r) => numberDe.format(r.missed) },
        { header: 'Quote', numeric: true, cell: (r) => formatRate(r.rate) },
      ]}
    />
  );
  return <ChartBlock id="fristen" title="Eingehaltene Fristen" option={option} note={note} table={table} csvUrl={csvUrl} jsonUrl={jsonUrl} stacked={cooperation} />;
}

/** A city's rate for one target with the counts behind it ("61,9 %" over "13 von 21"). */
function RateCell({ row }: { row: OnTimeRow | undefined }) {
  if (!row) return <>–</>;
  if (row.kept + row.missed === 0) return <>–<span className="sub">keine fällig</span></>;
  return (
    <>
      {formatRate(row.rate)}
      <span className="sub">{numberDe.format(row.kept)} von {numberDe.format(row.kept + row.missed)}</span>
    </>
  );
}
