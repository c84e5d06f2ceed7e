// Verwaltung → Service-Analytik: every online service of a municipality in the chosen period —
// totals, the services with the most applications as a chart, and all services in a table with
// the change against the period before; each row leads to the service's page.
import { Link } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { usePeriod } from './period.ts';
import { ServicesChart } from './ServicesChart.tsx';
import { TenantChoice } from './TenantChoice.tsx';
import { Totals } from './Totals.tsx';
import type { Overview } from './types.ts';
import { useAnalyticsTenant } from './useAnalyticsTenant.ts';
import './analytics.css';

export const EMPTY = 'Noch keine Zahlen für diesen Zeitraum.';

export function OverviewPage() {
  const t = useAnalyticsTenant();
  const period = usePeriod();
  const overview = useApi<Overview>(t.tenant ? `${t.api}/services?${period.query}` : null);
  if (!t.tenant) {
    return (
      <Page title="Service-Analytik">
        <Alert kind="info">Sie sind noch keiner Kommune zugeordnet. Bitte wenden Sie sich an die Administration Ihrer Kommune.</Alert>
      </Page>
    );
  }
  return (
    <Page title="Service-Analytik" lead={<>Wie die Onlinedienste von {t.tenantName} genutzt werden: Aufrufe, Starts, Anträge und Bewertungen. <Link to={`/verwaltung/analytik/ansichten${t.carry}`}>Gespeicherte Ansichten</Link></>}>
      <TenantChoice choices={t.choices} tenant={t.tenant} onChange={t.chooseTenant} />
      <PeriodPicker key={`${period.choice.kind}/${period.range.from}/${period.range.to}`} choice={period.choice} range={period.range} onChange={period.set} />
      <Loaded resource={overview} loading="Zahlen werden geladen …" errorTitle="Die Zahlen konnten nicht geladen werden.">
        {(data) => (
          <div aria-busy={overview.loading || undefined}>
            <Totals data={data} />
            {data.items.length === 0 ? (
              <p className="ana-empty">{EMPTY}</p>
            ) : (
              <ServicesChart data={data} tenant={t.tenant} tenantName={t.tenantName} linkSearch={t.carry} />
            )}
          </div>
        )}
      </Loaded>
    </Page>
  );
}
