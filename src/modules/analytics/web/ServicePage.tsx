// Verwaltung → Service-Analytik → one service: headline figures, trend, funnel (also per form
// version), authentication and payment methods, errors, durations, ratings, comments (owners
// only) and the comparison with other municipalities — each chart with its table and CSV.
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { CommentsSection } from './CommentsSection.tsx';
import { CountsChart } from './CountsChart.tsx';
import { fileSlug } from './csv.ts';
import { DURATION_LABEL, ERROR_LABEL, fmtDec2, serviceLabel } from './format.ts';
import { FunnelChart } from './FunnelChart.tsx';
import { Headline } from './Headline.tsx';
import { MethodsChart } from './MethodsChart.tsx';
import { PeersChart } from './PeersChart.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { usePeriod } from './period.ts';
import { TrendChart } from './TrendChart.tsx';
import type { ServiceMetrics } from './types.ts';
import { useAnalyticsTenant } from './useAnalyticsTenant.ts';
import { VersionFunnels } from './VersionFunnels.tsx';
import './analytics.css';

const CONTENTS = [
  ['verlauf', 'Verlauf'], ['trichter', 'Schritte und Abbrüche'], ['versionen', 'Formularversionen'], ['anmeldung', 'Anmeldeverfahren'],
  ['zahlung', 'Zahlarten'], ['fehler', 'Fehler'], ['dauer', 'Ausfülldauer'], ['bewertungen', 'Bewertungen'], ['rueckmeldungen', 'Rückmeldungen'], ['vergleich', 'Vergleich'],
];

export function ServicePage() {
  const { serviceKey = '' } = useParams();
  const t = useAnalyticsTenant();
  const period = usePeriod();
  const metrics = useApi<ServiceMetrics>(t.tenant ? `${t.api}/services/${encodeURIComponent(serviceKey)}?${period.query}` : null);
  const name = metrics.data ? serviceLabel(metrics.data) : `Dienst ${serviceKey}`;
  const slug = `${t.tenant}-${fileSlug(name)}-${period.range.from}-${period.range.to}`;
  return (
    <Page title={name} lead={<>Onlinedienst von {t.tenantName}, Leistungsschlüssel <span className="mono">{serviceKey}</span>. <Link to={`/verwaltung/analytik${t.carry}`}>Zur Übersicht aller Dienste</Link></>}>
      <PeriodPicker key={`${period.choice.kind}/${period.range.from}/${period.range.to}`} choice={period.choice} range={period.range} onChange={period.set} />
      <nav aria-label="Auf dieser Seite" className="ana-toolbar">
        <span>Auf dieser Seite:</span>
        {CONTENTS.map(([id, label]) => <a key={id} href={`#${id}`}>{label}</a>)}
      </nav>
      <Loaded resource={metrics} loading="Zahlen werden geladen …" errorTitle="Die Zahlen konnten nicht geladen werden.">
        {(data) => (
          <div aria-busy={metrics.loading || undefined}>
            <Headline data={data} />
            <TrendChart api={t.api} serviceKey={serviceKey} serviceName={name} range={period.range} />
            <FunnelChart data={data} slug={slug} />
            <VersionFunnels data={data} slug={slug} />
            <MethodsChart rows={data.auth} kind="auth" slug={slug} />
            <MethodsChart rows={data.payment} kind="payment" slug={slug} />
            <CountsChart id="fehler" title="Fehler" category="Fehlerart" what="Fehler" filename={`fehler-${slug}.csv`}
              rows={data.errors.map((e) => ({ key: e.kind, label: ERROR_LABEL[e.kind] ?? e.kind, count: e.count }))}
              emptyText="In diesem Zeitraum wurden keine Fehler gezählt." />
            <CountsChart id="dauer" title="Ausfülldauer" category="Dauer" what="Abgeschlossene Formulare" filename={`dauer-${slug}.csv`}
              rows={data.durations.map((d) => ({ key: d.bucket, label: DURATION_LABEL[d.bucket] ?? d.bucket, count: d.count }))} />
            <CountsChart id="bewertungen" title={`Bewertungen (Ø ${fmtDec2(data.rating_mean)} von 5)`} category="Bewertung" what="Bewertungen" filename={`bewertungen-${slug}.csv`}
              rows={data.ratings.map((r) => ({ key: String(r.rating), label: r.rating === 1 ? '1 Stern' : `${r.rating} Sterne`, count: r.count }))}
              extra={`Im Mittel ${fmtDec2(data.rating_mean)} von 5 Sternen.`} />
          </div>
        )}
      </Loaded>
      {t.tenant && <CommentsSection api={t.api} serviceKey={serviceKey} range={period.range} />}
      {t.tenant && <PeersChart api={t.api} serviceKey={serviceKey} slug={slug} range={period.range} />}
    </Page>
  );
}
