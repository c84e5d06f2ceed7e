// The dashboard charts' hook: the shared ECharts hook with the datastore's slim echarts/core build.
import { useEChart as useSharedEChart, type ChartOption } from '../../../../web/useEChart.ts';

export type { ChartOption };
const load = () => import('../../../datastore/web/echarts.ts');

export function useEChart(option: ChartOption) {
  return useSharedEChart(option, load);
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
