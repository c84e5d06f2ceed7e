// The step funnel of a service: how many reached each step of the form and how many left there
// (did not reach the next step, or did not submit after the last one).
import { useMemo } from 'react';
import { Table } from '../../../web/ui/Table.tsx';
import { baseOption } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import type { CsvTable } from './csv.ts';
import { fmtInt, fmtPct } from './format.ts';
import type { FunnelStep, ServiceMetrics } from './types.ts';

export function FunnelTable({ steps, caption }: { steps: FunnelStep[]; caption: string }) {
  return (
    <Table<FunnelStep>
      caption={caption}
      rows={steps}
      rowKey={(s) => s.step}
      columns={[
        { header: 'Schritt', rowHeader: true, cell: (s) => <span className="ana-nowrap">Schritt {s.step}</span> },
        { header: 'Erreicht', numeric: true, cell: (s) => fmtInt(s.reached) },
        { header: 'Abge\u00ADbrochen', numeric: true, cell: (s) => fmtInt(s.abandoned) },
        { header: 'Abbruch\u00ADquote', numeric: true, cell: (s) => fmtPct(s.abandonment_rate) },
      ]}
    />
  );
}

export function FunnelChart({ data, slug }: { data: ServiceMetrics; slug: string }) {
  const steps = data.funnel;
  const option = useMemo(() => ({
    ...baseOption,
    legend: { show: false },
    grid: { left: 64, right: 24, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: [...steps.map((s) => `Schritt ${s.step}`), 'Abgesendet'] },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmtInt(v) } },
    series: [{
      name: 'Erreicht', type: 'bar', barMaxWidth: 56,
      label: { show: true, position: 'top', formatter: (p: { value: number }) => fmtInt(p.value) },
      data: [...steps.map((s) => s.reached), data.submissions],
    }],
  }), [data]); // steps come from data
  const worst = steps.reduce<FunnelStep | undefined>((w, s) => (s.abandoned > (w?.abandoned ?? -1) ? s : w), undefined);
  const note = `Wie viele jeden Schritt des Formulars erreicht haben, und zuletzt wie viele abgesendet haben: ${fmtInt(data.starts)} Starts, ${fmtInt(data.submissions)} Anträge.${worst ? ` Die meisten brechen bei Schritt ${worst.step} ab (${fmtInt(worst.abandoned)}, ${fmtPct(worst.abandonment_rate)}).` : ''} Die Zahlen stehen in der Tabelle.`;
  const csv: CsvTable = {
    filename: `trichter-${slug}.csv`,
    headers: ['Schritt', 'Erreicht', 'Abgebrochen', 'Abbruchquote (%)'],
    rows: steps.map((s) => [s.step, s.reached, s.abandoned, s.abandonment_rate]),
  };
  return (
    <ChartFigure
      id="trichter" title="Schritte und Abbrüche" option={option} note={note} csv={csv}
      table={<FunnelTable steps={steps} caption="Erreichte Schritte und Abbrüche" />}
      empty={steps.length === 0 && 'Noch keine Zahlen für diesen Zeitraum.'}
    />
  );
}
