// The funnel of each form version side by side: the abandonment rate per step as grouped bars
// (one decal pattern per version) and one table per version with its starts and applications.
import { useMemo } from 'react';
import { baseOption } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import type { CsvTable } from './csv.ts';
import { fmtInt, fmtPct } from './format.ts';
import { FunnelTable } from './FunnelChart.tsx';
import type { ServiceMetrics } from './types.ts';

export function VersionFunnels({ data, slug }: { data: ServiceMetrics; slug: string }) {
  const versions = data.funnels_by_version;
  const steps = [...new Set(versions.flatMap((v) => v.funnel.map((s) => s.step)))].sort((a, b) => a - b);
  const option = useMemo(() => ({
    ...baseOption,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => fmtPct(v) },
    grid: { left: 64, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: steps.map((s) => `Schritt ${s}`) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtPct(v) } },
    series: versions.map((v) => ({ name: `Version ${v.form_version}`, type: 'bar', barMaxWidth: 40, data: steps.map((s) => v.funnel.find((f) => f.step === s)?.abandonment_rate ?? null) })),
  }), [data]); // versions and steps come from data
  const note = `Abbruchquote je Schritt für jede Formularversion (jede Version mit eigenem Muster): ${versions.map((v) => `Version ${v.form_version} mit ${fmtInt(v.starts)} Starts und ${fmtPct(v.conversion)} Konversion`).join('; ')}. Die Zahlen stehen in den Tabellen.`;
  const csv: CsvTable = {
    filename: `trichter-je-version-${slug}.csv`,
    headers: ['Formularversion', 'Starts', 'Anträge', 'Konversion (%)', 'Schritt', 'Erreicht', 'Abgebrochen', 'Abbruchquote (%)'],
    rows: versions.flatMap((v) => v.funnel.map((s) => [v.form_version, v.starts, v.submissions, v.conversion, s.step, s.reached, s.abandoned, s.abandonment_rate])),
  };
  const tables = (
    <div className="ana-versions">
      {versions.map((v) => (
        <FunnelTable key={v.form_version} steps={v.funnel} caption={`Version ${v.form_version}: ${fmtInt(v.starts)} Starts, ${fmtInt(v.submissions)} Anträge, Konversion ${fmtPct(v.conversion)}`} />
      ))}
    </div>
  );
  return (
    <ChartFigure
      id="versionen" title="Formularversionen im Vergleich" option={option} note={note} csv={csv} table={tables} stacked
      empty={versions.length === 0 && 'Noch keine Zahlen für diesen Zeitraum.'}
    />
  );
}
