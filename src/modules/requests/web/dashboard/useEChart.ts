// The dashboard charts' hook: the shared ECharts hook with the datastore's slim echarts/core build.
import { baseChartOption, useEChart as useSharedEChart, type ChartOption } from '../../../../web/useEChart.ts';

export type { ChartOption };
const load = () => import('../../../datastore/web/echarts.ts');

export function useEChart(option: ChartOption) {
  return useSharedEChart(option, load);
}

export { baseChartOption as baseOption };
