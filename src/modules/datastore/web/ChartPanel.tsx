// An automatic chart of a datastore table: a time or date column on the x axis with up to three
// numeric columns as lines, else the first text column as categories with the first numeric
// column as bars. ECharts is loaded only when a chart is shown. The data stays in the table below.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../web/api.ts';
import { GraphicSection } from './GraphicSection.tsx';
import type { DsField, SearchResult } from './types.ts';

const MAX_ROWS = 5000;
const NUMERIC = new Set(['int', 'numeric']);
const KEYLIKE = /(^|[ _-])(nr|id|nummer|code|schl(ü|ue)ssel|ags|ars|plz|bezirk|jahr|year)$/i;

type Plan = { kind: 'line' | 'bar'; x: DsField; ys: DsField[] };

export function chartPlan(fields: DsField[]): Plan | undefined {
  // Numbers that are keys (district numbers, years, postcodes) make poor y values.
  const numbers = fields.filter((f) => NUMERIC.has(f.type) && f.id !== '_id' && !f.info?.geo && !KEYLIKE.test(f.id));
  if (!numbers.length) return undefined;
  const time = fields.find((f) => f.type === 'timestamp' || f.type === 'date');
  if (time) return { kind: 'line', x: time, ys: numbers.slice(0, 3) };
  const category = fields.find((f) => f.type === 'text');
  return category ? { kind: 'bar', x: category, ys: numbers.slice(0, 1) } : undefined;
}

export function ChartPanel({ resourceId, fields }: { resourceId: string; fields: DsField[] }) {
  const plan = chartPlan(fields);
  const box = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('Diagramm wird erstellt …');
  useEffect(() => {
    if (!plan || !box.current) return;
    let disposed = false;
    let chart: { dispose(): void } | undefined;
    (async () => {
      const params = new URLSearchParams({
        resource_id: resourceId, limit: String(MAX_ROWS), include_total: 'true',
        fields: [plan.x.id, ...plan.ys.map((y) => y.id)].join(','), sort: `"${plan.x.id}" asc`,
      });
      const { result } = await api<{ result: SearchResult }>('GET', `/api/3/action/datastore_search?${params}`);
      const echarts = await import('./echarts.ts');
      if (disposed || !box.current) return;
      const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
      chart = c;
      const xs = result.records.map((r) => String(r[plan.x.id] ?? ''));
      c.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 64, right: 24, top: 40, bottom: 48 },
        xAxis: { type: 'category', data: xs, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value' },
        series: plan.ys.map((y) => ({ name: y.info?.label ?? y.id, type: plan.kind, showSymbol: false, data: result.records.map((r) => (r[y.id] === null ? null : Number(r[y.id]))) })),
      });
      const shown = result.records.length;
      const total = result.total ?? shown;
      setNote(`${plan.kind === 'line' ? 'Verlauf' : 'Werte'} von ${plan.ys.map((y) => y.id).join(', ')} nach ${plan.x.id}${total > shown ? ` – die ersten ${shown.toLocaleString('de-DE')} von ${total.toLocaleString('de-DE')} Zeilen` : ''}. Alle Werte stehen in der Tabelle.`);
    })().catch(() => setNote('Das Diagramm konnte nicht erstellt werden; die Daten stehen in der Tabelle.'));
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [resourceId, fields]); // plan is derived from fields
  if (!plan) return null;
  return <GraphicSection id="diagramm" title="Diagramm" canvasClass="chart-canvas" canvasRef={box} note={note} />;
}
