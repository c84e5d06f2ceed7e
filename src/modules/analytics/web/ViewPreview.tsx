// Runs a definition that is not saved yet on the own figures, through the service's series API.
// That API needs a service, so a view over all services shows its figures once it is saved.
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { fileSlug } from './csv.ts';
import { metricLabel, seriesLabel, valueKindOf } from './metrics.ts';
import { SeriesFigure } from './SeriesFigure.tsx';
import type { Series } from './types.ts';
import { rangeOfDefinition, type ViewBody } from './viewForm.ts';

export function ViewPreview({ api, body, names }: { api: string; body: ViewBody; names: Map<string, string> }) {
  const d = body.definition;
  const key = d.filters.service_key;
  const range = rangeOfDefinition(d);
  const q = new URLSearchParams({ metric: d.metric, interval: d.interval, from: range.from, to: range.to });
  for (const [k, v] of Object.entries({ online_service: d.filters.online_service, form_version: d.filters.form_version, by: d.by })) if (v) q.set(k, v);
  const series = useApi<Series>(key ? `${api}/services/${encodeURIComponent(key)}/series?${q}` : null);
  return (
    <section className="ana-preview" aria-labelledby="vorschau">
      <h2 id="vorschau">Vorschau{body.name ? `: ${body.name}` : ''}</h2>
      {!key ? (
        <Alert kind="info">Die Vorschau braucht einen Dienst im Filter. Über alle Dienste zusammen zeigt die Ansicht ihre Zahlen, sobald sie gespeichert ist.</Alert>
      ) : (
        <Loaded resource={series} loading="Vorschau wird berechnet …" errorTitle="Die Vorschau konnte nicht berechnet werden.">
          {(data) => (
            <SeriesFigure
              id="vorschau-diagramm" title="So sieht die Ansicht mit Ihren Zahlen aus" level={3} data={data} chart={d.chart} kind={valueKindOf(data.metric)}
              label={(s) => seriesLabel(data.metric, data.by, s, names)} what={metricLabel(data.metric)} filename={`vorschau-${fileSlug(body.name || 'ansicht')}.csv`}
            />
          )}
        </Loaded>
      )}
    </section>
  );
}
