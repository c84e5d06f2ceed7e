// Draws one ECharts option into a box. ECharts itself (the datastore's slim echarts/core build)
// is imported only when a chart is shown, so the pages without charts stay small. The chart is
// redrawn when the option changes and follows the box's width on resize.
import { useEffect, useRef, useState } from 'react';

export type ChartOption = Record<string, unknown>;
type Chart = { setOption(o: ChartOption, notMerge?: boolean): void; resize(): void; dispose(): void };

export function useEChart(option: ChartOption) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  // The newest option, for a chart that finishes loading after the option changed.
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let disposed = false;
    const onResize = () => chart.current?.resize();
    import('../../../datastore/web/echarts.ts').then(
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
    // Created once; option changes are applied below without recreating the canvas.
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return { box, failed };
}

/** Settings every dashboard chart shares: no animation (calmer, and screenshots are stable),
 *  the aria description (set per chart in ChartBlock), decal patterns on bars so series differ
 *  by more than colour, and a palette with enough contrast. */
export const baseOption: ChartOption = {
  aria: { enabled: true, decal: { show: true } },
  animation: false,
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  textStyle: { fontFamily: 'inherit' },
  // Darker than ECharts' default palette: every series has at least 3:1 contrast to the white
  // background (WCAG 1.4.11), which the default light green and yellow miss.
  color: ['#1f5fa8', '#b34700', '#3a3f44', '#7b3f98', '#0f7a5c', '#a3195b'],
};
