// A service's figures over time: the metric and the interval are chosen above the chart (kept in
// the URL as ?kennzahl= and ?intervall=), optionally one line per form version.
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { fileSlug } from './csv.ts';
import { INTERVAL_LABEL, INTERVALS, intervalAllowed, metricLabel, seriesLabel, TREND_METRICS, valueKindOf } from './metrics.ts';
import { defaultInterval } from './period.ts';
import { SeriesFigure } from './SeriesFigure.tsx';
import type { Interval, Range, Series } from './types.ts';

export function TrendChart({ api, serviceKey, serviceName, range }: { api: string; serviceKey: string; serviceName: string; range: Range }) {
  const search = useSearchState();
  const metric = TREND_METRICS.includes(search.get('kennzahl')) ? search.get('kennzahl') : 'submitted';
  const wanted = (INTERVALS as string[]).includes(search.get('intervall')) ? (search.get('intervall') as Interval) : defaultInterval(range);
  const interval: Interval = intervalAllowed(metric, wanted) ? wanted : 'month';
  const split = search.get('aufteilung') === 'version' && metric !== 'digital_share';
  const q = new URLSearchParams({ metric, interval, from: range.from, to: range.to, ...(split ? { by: 'form_version' } : {}) });
  const series = useApi<Series>(`${api}/services/${encodeURIComponent(serviceKey)}/series?${q}`);

  const controls = (
    <>
      <p>
        <label htmlFor="trend-kennzahl">Kennzahl</label>
        <select id="trend-kennzahl" value={metric} onChange={(e) => search.update({ kennzahl: e.target.value })}>
          {TREND_METRICS.map((m) => <option key={m} value={m}>{metricLabel(m)}</option>)}
        </select>
      </p>
      <p>
        <label htmlFor="trend-intervall">Intervall</label>
        <select id="trend-intervall" value={interval} onChange={(e) => search.update({ intervall: e.target.value })} aria-describedby={wanted !== interval ? 'trend-hinweis' : undefined}>
          {INTERVALS.map((i) => <option key={i} value={i} disabled={!intervalAllowed(metric, i)}>{INTERVAL_LABEL[i]}</option>)}
        </select>
      </p>
      <p className="checkbox">
        <input id="trend-version" type="checkbox" checked={split} disabled={metric === 'digital_share'} onChange={(e) => search.update({ aufteilung: e.target.checked ? 'version' : '' })} />
        <label htmlFor="trend-version">je Formularversion</label>
      </p>
      {wanted !== interval && <p className="hint" id="trend-hinweis">Die Digitalquote gibt es je Monat oder Jahr, weil Offline-Anträge monatlich gezählt werden.</p>}
    </>
  );
  return (
    <Loaded resource={series} loading="Zeitreihe wird geladen …" errorTitle="Die Zeitreihe konnte nicht geladen werden.">
      {(data) => (
        <SeriesFigure
          id="verlauf"
          title="Verlauf"
          data={data}
          chart={data.interval === 'year' ? 'bar' : 'line'}
          kind={valueKindOf(data.metric)}
          label={(s) => seriesLabel(data.metric, data.by, s)}
          what={`${metricLabel(data.metric)} von „${serviceName}“`}
          filename={`verlauf-${fileSlug(serviceName)}-${data.metric}-${data.interval}.csv`}
          controls={controls}
        />
      )}
    </Loaded>
  );
}
