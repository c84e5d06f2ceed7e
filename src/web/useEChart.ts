// Draws one ECharts option into a box. ECharts is imported (by `load`, a module's own slim
// echarts/core build) only when a chart is shown, so pages without charts stay small. The chart
// follows option changes without a new canvas and the box's width on resize. `data-ready` on the
// box tells tests that the chart is drawn.
import { useEffect, useRef, useState } from 'react';

export type ChartOption = Record<string, unknown>;

/** Darker than ECharts' default palette: every colour has at least 3:1 contrast to the white
 *  background (WCAG 1.4.11), which the default light green and yellow miss. */
export const CHART_PALETTE = ['#1f5fa8', '#b34700', '#3a3f44', '#7b3f98', '#0f7a5c', '#a3195b'];

/** Settings every chart shares: no animation (calmer, and screenshots are stable), the aria
 *  description (set per chart), decal patterns on bars so series differ by more than colour. */
export const baseChartOption: ChartOption = {
  aria: { enabled: true, decal: { show: true } },
  animation: false,
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  textStyle: { fontFamily: 'inherit' },
  color: CHART_PALETTE,
};
type Chart = { setOption(o: ChartOption, notMerge?: boolean): void; resize(): void; dispose(): void };
type EChartsModule = { init(el: HTMLElement, theme?: unknown, opts?: { renderer: 'canvas' }): unknown };

export function useEChart(option: ChartOption, load: () => Promise<EChartsModule>) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  // The newest option, for a chart that finishes loading after the option changed.
  const latest = useRef(option);
  latest.current = option;
  const loader = useRef(load);
  useEffect(() => {
    let disposed = false;
    const onResize = () => chart.current?.resize();
    loader.current().then(
      (echarts) => {
        if (disposed || !box.current) return;
        chart.current = echarts.init(box.current, undefined, { renderer: 'canvas' }) as Chart;
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
    // Created once; option changes are applied below without recreating the canvas.
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return { box, failed };
}
