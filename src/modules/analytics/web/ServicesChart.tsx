// Applications per service: the services with the most applications as bars, and the table of
// all services with their CSV below it (the table is too wide to stand beside the chart).
import { useMemo } from 'react';
import { barsOption } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { fmtInt, serviceLabel } from './format.ts';
import { servicesCsv, ServicesTable } from './ServicesTable.tsx';
import type { Overview } from './types.ts';

const TOP = 10;

export function ServicesChart({ data, tenant, tenantName, linkSearch }: { data: Overview; tenant: string; tenantName: string; linkSearch: string }) {
  const top = data.items.slice(0, TOP); // the API sorts by applications, most first
  const option = useMemo(() => barsOption(top.map(serviceLabel), [{ name: 'Anträge', values: top.map((i) => i.submissions) }], 'count'), [data]); // top follows data
  const rest = data.items.length - top.length;
  const note = `Anträge je Dienst, die ${fmtInt(top.length)} Dienste mit den meisten Anträgen${rest > 0 ? ` (${fmtInt(rest)} weitere in der Tabelle)` : ''}: zuoberst ${serviceLabel(top[0]!)} mit ${fmtInt(top[0]!.submissions)} Anträgen. Alle Zahlen stehen in der Tabelle darunter.`;
  return (
    <ChartFigure
      id="dienste"
      title="Anträge je Dienst"
      option={option}
      note={note}
      stacked
      table={<div className="ana-compact"><ServicesTable data={data} tenantName={tenantName} linkSearch={linkSearch} /></div>}
      csv={servicesCsv(data, tenant)}
    />
  );
}
