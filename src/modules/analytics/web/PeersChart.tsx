// The same service in other municipalities — the cooperation's members or all of the same size
// class — as applications per 1,000 inhabitants against the group's median (a dashed line). The
// own municipality is named "(eigene Kommune)" and drawn with its own pattern and a frame, not
// only another colour. Members without figures or with too few cases are in the table. The
// comparison covers whole completed months (the API snaps the page's period to them).
import { useMemo, type ReactNode } from 'react';
import { ApiError } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { barsOption, PALETTE } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { dayLabel, fmtDec2 } from './format.ts';
import { PeersTable, peersCsv } from './PeersTable.tsx';
import type { PeerGroup, Peers, Range } from './types.ts';

const GROUPS: { value: string; group: PeerGroup; label: string }[] = [
  { value: '', group: 'cooperation', label: 'Kommunen der Kooperation' },
  { value: 'groesse', group: 'size_class', label: 'Kommunen gleicher Größenklasse' },
];
export const selfName = (name: string) => `${name} (eigene Kommune)`;

export function PeersChart({ api, serviceKey, slug, range }: { api: string; serviceKey: string; slug: string; range: Range }) {
  const search = useSearchState();
  const choice = GROUPS.find((g) => g.value === search.get('vergleich')) ?? GROUPS[0]!;
  const peers = useApi<Peers>(`${api}/services/${encodeURIComponent(serviceKey)}/peers?group=${choice.group}&from=${range.from}&to=${range.to}`);
  const controls = (
    <p>
      <label htmlFor="vergleich-gruppe">Vergleichen mit</label>
      <select id="vergleich-gruppe" value={choice.value} onChange={(e) => search.update({ vergleich: e.target.value })}>
        {GROUPS.map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
      </select>
    </p>
  );
  const refused = peers.error instanceof ApiError && peers.error.status === 400 ? peers.error : undefined;
  if (refused) {
    return (
      <section aria-labelledby="vergleich">
        <h2 id="vergleich">Vergleich mit anderen Kommunen</h2>
        <div className="ana-controls">{controls}</div>
        <Alert kind="info">{refused.problem.errors?.map((e) => e.message).join(' ') || refused.message}</Alert>
      </section>
    );
  }
  return (
    <Loaded resource={peers} loading="Vergleich wird geladen …" errorTitle="Der Vergleich konnte nicht geladen werden.">
      {(data) => <PeersFigure data={data} slug={slug} controls={controls} />}
    </Loaded>
  );
}

function PeersFigure({ data, slug, controls }: { data: Peers; slug: string; controls: ReactNode }) {
  const shown = data.items.filter((i) => i.submissions_per_1000 !== null);
  const option = useMemo(() => {
    const base = barsOption(shown.map((i) => (i.self ? selfName(i.name) : i.name)), [{ name: 'Anträge je 1.000 Einwohner', values: shown.map((i) => i.submissions_per_1000) }], 'mean');
    const [series] = base.series as Record<string, unknown>[];
    const median = data.median.submissions_per_1000;
    return {
      ...base,
      grid: { ...(base.grid as object), right: 64, top: 28 },
      series: [{
        ...series,
        // The own bar: dense dots and a dark frame, besides a second colour.
        data: shown.map((i) => (i.self
          ? { value: i.submissions_per_1000, itemStyle: { color: PALETTE[1], borderColor: '#1b1b1b', borderWidth: 3, decal: { symbol: 'circle', symbolSize: 0.6, dashArrayX: 5, dashArrayY: 5, color: 'rgba(255,255,255,0.7)' } } }
          : i.submissions_per_1000)),
        markLine: median === null ? undefined : {
          symbol: 'none', silent: true,
          lineStyle: { type: 'dashed', width: 2, color: '#1b1b1b' },
          label: { formatter: `Median ${fmtDec2(median)}`, position: 'start', fontWeight: 'bold' },
          data: [{ xAxis: median }],
        },
      }],
    };
  }, [data]); // shown comes from data
  const self = data.items.find((i) => i.self);
  const missing = data.items.length - shown.length;
  const note = `Anträge je 1.000 Einwohner in ${data.group.label} (${data.group.members} Kommunen) vom ${dayLabel(data.period.from)} bis ${dayLabel(data.period.to)}; die gestrichelte Linie ist der Median der Gruppe (${fmtDec2(data.median.submissions_per_1000)}).${self ? ` ${selfName(self.name)}: ${fmtDec2(self.submissions_per_1000)}.` : ''}${missing ? ` ${missing} Kommunen ohne vergleichbare Zahl stehen nur in der Tabelle.` : ''} Verglichen werden ganze abgeschlossene Monate; die Zahlen der anderen Kommunen sind die der offenen Daten, mit denselben gesperrten Feldern. Die Zahlen stehen in der Tabelle.`;
  return (
    <ChartFigure
      id="vergleich" title="Vergleich mit anderen Kommunen" option={option} note={note} controls={controls} stacked
      table={<div className="ana-compact"><PeersTable data={data} /></div>} csv={peersCsv(data, slug)}
      empty={shown.length === 0 && 'Noch keine vergleichbaren Zahlen für diesen Zeitraum.'}
    />
  );
}
