// Requests received and resolved per month as two lines (solid with circles, dashed with
// triangles, so they differ without colour). A cooperation shows the sum of its cities, or one
// city chosen above the table. Months without requests count 0 instead of vanishing.
import { useId, useMemo, useState } from 'react';
import { numberDe } from '../../../../web/format.ts';
import { Table } from '../../../../web/ui/Table.tsx';
import { ChartBlock } from './ChartBlock.tsx';
import { baseOption } from './useEChart.ts';
import { formatMonth, monthsOf, type Promises } from './types.ts';

type MonthRow = { month: string; received: number; resolved: number };
const ALL = '';

export function VolumeChart({ data, cooperation, csvUrl, jsonUrl }: { data: Promises; cooperation: boolean; csvUrl: string; jsonUrl: string }) {
  const [city, setCity] = useState(ALL);
  const selectId = useId();
  const cities = [...data.tenants].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const rows: MonthRow[] = useMemo(() => {
    const per = new Map(monthsOf(data.period).map((m) => [m, { month: m, received: 0, resolved: 0 }]));
    for (const v of data.volume) {
      if (city !== ALL && v.tenant !== city) continue;
      const row = per.get(v.month) ?? { month: v.month, received: 0, resolved: 0 };
      row.received += v.received;
      row.resolved += v.resolved;
      per.set(v.month, row);
    }
    return [...per.values()].sort((a, b) => a.month.localeCompare(b.month));
  }, [data, city]);

  const option = useMemo(() => ({
    ...baseOption,
    grid: { left: 56, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => formatMonth(r.month)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, name: 'Anliegen', nameLocation: 'middle', nameGap: 40 },
    series: [
      { name: 'Eingegangen', type: 'line', symbol: 'circle', symbolSize: 8, lineStyle: { width: 3 }, data: rows.map((r) => r.received) },
      { name: 'Davon erledigt', type: 'line', symbol: 'triangle', symbolSize: 10, lineStyle: { width: 3, type: 'dashed' }, data: rows.map((r) => r.resolved) },
    ],
  }), [rows]);

  const received = rows.reduce((n, r) => n + r.received, 0);
  const resolved = rows.reduce((n, r) => n + r.resolved, 0);
  const whose = !cooperation ? '' : city === ALL ? ' aller Kommunen der Kooperation zusammen' : ` von ${cities.find((c) => c.slug === city)?.name ?? city}`;
  const note = `Eingegangene Anliegen je Monat${whose} (durchgezogene Linie, Kreise) und wie viele davon inzwischen erledigt sind (gestrichelte Linie, Dreiecke): ${numberDe.format(received)} eingegangen, ${numberDe.format(resolved)} erledigt. Die Zahlen stehen in der Tabelle.`;

  const controls = cooperation && (
    <p className="promise-control">
      <label htmlFor={selectId}>Kommune</label>{' '}
      <select id={selectId} value={city} onChange={(e) => setCity(e.target.value)}>
        <option value={ALL}>Alle zusammen</option>
        {cities.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
      </select>
    </p>
  );
  const table = (
    <Table<MonthRow>
      caption={`Anliegen je Monat${whose}`}
      rows={rows}
      rowKey={(r) => r.month}
      columns={[
        { header: 'Monat', rowHeader: true, cell: (r) => formatMonth(r.month) },
        { header: 'Eingegangen', numeric: true, cell: (r) => numberDe.format(r.received) },
        { header: 'Davon erledigt', numeric: true, cell: (r) => numberDe.format(r.resolved) },
      ]}
    />
  );
  return <ChartBlock id="eingaenge" title="Anliegen je Monat" option={option} note={note} controls={controls} table={table} csvUrl={csvUrl} jsonUrl={jsonUrl} />;
}
