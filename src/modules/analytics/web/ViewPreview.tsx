// Runs a definition that is not saved yet on the own figures (POST …/views/preview), so the
// builder shows what the view will look like — also over all services.
import { useEffect, useState } from 'react';
import { api as request } from '../../../web/api.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { fileSlug } from './csv.ts';
import { metricLabel, seriesLabel, valueKindOf } from './metrics.ts';
import { SeriesFigure } from './SeriesFigure.tsx';
import type { Series } from './types.ts';
import type { ViewBody } from './viewForm.ts';

function usePreview(path: string, body: ViewBody) {
  const [state, setState] = useState<{ data: Series | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [version, setVersion] = useState(0);
  const definition = JSON.stringify(body.definition);
  useEffect(() => {
    const ctrl = new AbortController();
    setState({ data: undefined, error: undefined, loading: true });
    request<Series>('POST', path, { definition: JSON.parse(definition) }, ctrl.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => { if (!ctrl.signal.aborted) setState({ data: undefined, error, loading: false }); },
    );
    return () => ctrl.abort();
  }, [path, definition, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

export function ViewPreview({ api, body, names }: { api: string; body: ViewBody; names: Map<string, string> }) {
  const d = body.definition;
  const series = usePreview(`${api}/views/preview`, body);
  return (
    <section className="ana-preview" aria-labelledby="vorschau">
      <h2 id="vorschau">Vorschau{body.name ? `: ${body.name}` : ''}</h2>
      <Loaded resource={series} loading="Vorschau wird berechnet …" errorTitle="Die Vorschau konnte nicht berechnet werden.">
        {(data) => (
          <SeriesFigure
            id="vorschau-diagramm" title="So sieht die Ansicht mit Ihren Zahlen aus" level={3} data={data} chart={d.chart} kind={valueKindOf(data.metric)}
            label={(s) => seriesLabel(data.metric, data.by, s, names)} what={metricLabel(data.metric)} filename={`vorschau-${fileSlug(body.name || 'ansicht')}.csv`}
          />
        )}
      </Loaded>
    </section>
  );
}
