// Time to resolve per service: median and 90th percentile in hours. One city: its services side
// by side. A cooperation: one service at a time (chosen above the table), its cities side by
// side — eleven cities times five services would be an unreadable thicket of bars.
import { useId, useMemo, useState } from 'react';
import { numberDe } from '../../../../web/format.ts';
import { Table } from '../../../../web/ui/Table.tsx';
import { ChartBlock } from './ChartBlock.tsx';
import { baseOption } from './useEChart.ts';
import { formatHours, type Promises, type ResolutionRow } from './types.ts';

export function ResolutionChart({ data, cooperation, csvUrl, jsonUrl }: { data: Promises; cooperation: boolean; csvUrl: string; jsonUrl: string }) {
  const names = new Map(data.tenants.map((t) => [t.slug, t.name]));
  const cityName = (slug: string) => names.get(slug) ?? slug;
  const services = [...new Map(data.resolution.map((r) => [r.service_code, r.service_name])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'de'));
  const [chosen, setChosen] = useState('');
  const service = services.some(([code]) => code === chosen) ? chosen : (services[0]?.[0] ?? '');
  const selectId = useId();

  const rows = (cooperation ? data.resolution.filter((r) => r.service_code === service) : data.resolution)
    .slice()
    .sort((a, b) => (cooperation ? cityName(a.tenant).localeCompare(cityName(b.tenant), 'de') : a.service_name.localeCompare(b.service_name, 'de')));
  const label = (r: ResolutionRow) => (cooperation ? cityName(r.tenant) : r.service_name);

  const option = useMemo(() => ({
    ...baseOption,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatHours(v)} Std.` },
    grid: { left: 170, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'value', name: 'Stunden', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', inverse: true, data: rows.map(label) },
    series: [
      { name: 'Median', type: 'bar', data: rows.map((r) => r.median_hours) },
      { name: '90 % erledigt nach', type: 'bar', data: rows.map((r) => r.p90_hours) },
    ],
  }), [data, cooperation, service]); // rows and labels are derived from these

  const serviceName = services.find(([code]) => code === service)?.[1] ?? '';
  const note = rows.length === 0
    ? 'Im Zeitraum wurde noch kein Anliegen erledigt.'
    : `Dauer vom Eingang bis zur Erledigung in Stunden${cooperation ? ` für „${serviceName}“ je Kommune` : ' je Dienst'}: Median (die Hälfte war schneller erledigt) und 90-Prozent-Wert (neun von zehn waren schneller erledigt). Die Zahlen stehen in der Tabelle.`;

  const controls = cooperation && services.length > 0 && (
    <p className="promise-control">
      <label htmlFor={selectId}>Dienst</label>{' '}
      <select id={selectId} value={service} onChange={(e) => setChosen(e.target.value)}>
        {services.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
      </select>
    </p>
  );
  const table = (
    <Table<ResolutionRow>
      caption={cooperation ? `Erledigungsdauer in Stunden: ${serviceName}` : 'Erledigungsdauer je Dienst in Stunden'}
      rows={rows}
      rowKey={(r) => `${r.tenant}-${r.service_code}`}
      empty="Keine erledigten Anliegen im Zeitraum."
      columns={[
        { header: cooperation ? 'Kommune' : 'Dienst', rowHeader: true, cell: label },
        { header: 'Erledigt', numeric: true, cell: (r) => numberDe.format(r.resolved) },
        { header: 'Median', numeric: true, cell: (r) => formatHours(r.median_hours) },
        { header: '90 %', numeric: true, cell: (r) => formatHours(r.p90_hours) },
      ]}
    />
  );
  return <ChartBlock id="erledigungsdauer" title="Wie lange die Erledigung dauert" option={option} note={note} controls={controls} table={table} csvUrl={csvUrl} jsonUrl={jsonUrl} />;
}
