// The datastore's slim ECharts build plus mark lines (the peer median), loaded lazily with the
// first chart of an analytics page.
import { use } from 'echarts/core';
import { MarkLineComponent } from 'echarts/components';

use([MarkLineComponent]);

export { init } from '../../datastore/web/echarts.ts';
