// Verwaltung → Service-Analytik → one saved view: its definition in words, run on the figures of
// the own municipality (chart or table as defined, the table always, CSV), and — depending on
// the rights — change, delete, or copy a partner's view into the own municipality.
import { Fragment } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { fileSlug } from './csv.ts';
import { metricLabel, seriesLabel, valueKindOf } from './metrics.ts';
import { SeriesFigure } from './SeriesFigure.tsx';
import type { SavedView, ViewData } from './types.ts';
import { useAnalyticsTenant } from './useAnalyticsTenant.ts';
import { useServiceNames } from './useServiceNames.ts';
import { ViewActions } from './ViewActions.tsx';
import { describe, VISIBILITY_LABEL } from './viewForm.ts';
import './analytics.css';

export function ViewPage() {
  const { id = '' } = useParams();
  const t = useAnalyticsTenant();
  const base = t.tenant ? `${t.api}/views/${encodeURIComponent(id)}` : null;
  const view = useApi<SavedView>(base);
  const data = useApi<ViewData>(base && `${base}/data`);
  const services = useServiceNames(t.tenant ? t.api : null);
  const back = <Link to={`/verwaltung/analytik/ansichten${t.carry}`}>Zu allen gespeicherten Ansichten</Link>;
  const reload = () => {
    view.reload();
    data.reload();
  };
  return (
    <Page title={view.data?.name ?? 'Gespeicherte Ansicht'} lead={<>{view.data?.description ? `${view.data.description} ` : ''}{back}</>}>
      <Loaded resource={view} loading="Ansicht wird geladen …" errorTitle="Die Ansicht konnte nicht geladen werden.">
        {(v) => (
          <>
            <dl className="facts ana-definition">
              {describe(v.definition, services.nameOf).map(([k, val]) => (
                <Fragment key={k}><dt>{k}</dt><dd>{val}</dd></Fragment>
              ))}
              <dt>Sichtbar für</dt>
              <dd>{VISIBILITY_LABEL[v.visibility]}</dd>
              <dt>Angelegt von</dt>
              <dd>{v.own ? (v.mine ? 'Ihnen' : v.tenant_name) : `${v.tenant_name} (Partnerkommune) – gezeigt werden die Zahlen von ${t.tenantName}`}</dd>
            </dl>
            <Loaded resource={data} loading="Zahlen werden berechnet …" errorTitle="Die Zahlen der Ansicht konnten nicht berechnet werden.">
              {(d) => (
                <>
                  <SeriesFigure
                    id="ansicht" title={`Zahlen von ${t.tenantName}`} data={d} chart={v.definition.chart} kind={valueKindOf(d.metric)}
                    label={(s) => seriesLabel(d.metric, d.by, s, services.names)} what={metricLabel(d.metric)} filename={`ansicht-${fileSlug(v.name)}-${t.tenant}.csv`}
                  />
                  <p className="hint">
                    Für Programme: <a href={`${base}/data.csv`} download>Rohdaten als CSV (Komma-getrennt, Punkt als Dezimalzeichen)<span className="visually-hidden"> – {v.name}</span></a>
                    {' · '}
                    <a href={`${base}/data`}>JSON<span className="visually-hidden"> – {v.name}</span></a>
                  </p>
                </>
              )}
            </Loaded>
            <ViewActions view={v} api={t.api} editable={t.editable} services={services.options} carry={t.carry} onChanged={reload} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
