// The analytics charts' hook: the shared ECharts hook with this module's build (bars, lines and
// mark lines for medians).
import { useEChart, type ChartOption } from '../../../web/useEChart.ts';

export type { ChartOption };
const load = () => import('./echarts.ts');

export function useChart(option: ChartOption) {
  return useEChart(option, load);
}
