// Draws one ECharts option into a box. ECharts is imported only when a chart is shown; the chart
// follows option changes without a new canvas and the box's width on resize. `data-ready` on the
// box tells tests (and nothing else) that the chart is drawn.
import { useEffect, useRef, useState } from 'react';

export type ChartOption = Record<string, unknown>;
type Chart = { setOption(o: ChartOption, notMerge?: boolean): void; resize(): void; dispose(): void };

export function useChart(option: ChartOption) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let disposed = false;
    const onResize = () => chart.current?.resize();
    import('./echarts.ts').then(
      (echarts) => {
        if (disposed || !box.current) return;
        chart.current = echarts.init(box.current, undefined, { renderer: 'canvas' }) as unknown as Chart;
        chart.current.setOption(latest.current, true);
        box.current.dataset.ready = 'true';
        window.addEventListener('resize', onResize);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return { box, failed };
}
