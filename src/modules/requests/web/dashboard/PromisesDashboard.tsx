// The body of both Serviceversprechen pages: period, then the three figures, each with its
// table and open-data links that carry the same scope and period as the page.
import { useApi } from '../../../../web/useApi.ts';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { OnTimeChart } from './OnTimeChart.tsx';
import { ResolutionChart } from './ResolutionChart.tsx';
import { VolumeChart } from './VolumeChart.tsx';
import { PeriodForm, usePeriod } from './PeriodForm.tsx';
import { promiseQuery, type PromiseScope, type Promises } from './types.ts';
import './dashboard.css';

const API = '/api/v1/requests/service-promises';

export function PromisesDashboard({ scope }: { scope: PromiseScope }) {
  const period = usePeriod();
  const query = promiseQuery(scope, period.api);
  const figures = useApi<Promises>(`${API}?${query}`);
  const cooperation = scope.kind === 'cooperation';
  const links = (table: string) => ({ csvUrl: `${API}/${table}.csv?${query}`, jsonUrl: `${API}?${query}` });
  return (
    <>
      <PeriodForm key={`${period.von}/${period.bis}`} von={period.von} bis={period.bis} shown={figures.data?.period} onChange={period.set} />
      <Loaded resource={figures} loading="Zahlen werden geladen …" errorTitle="Die Zahlen konnten nicht geladen werden.">
        {(data) => (
          <div aria-busy={figures.loading || undefined}>
            <OnTimeChart data={data} cooperation={cooperation} {...links('on_time')} />
            <ResolutionChart data={data} cooperation={cooperation} {...links('resolution')} />
            <VolumeChart data={data} cooperation={cooperation} {...links('volume')} />
          </div>
        )}
      </Loaded>
      <section aria-labelledby="serviceversprechen-erklaerung">
        <h2 id="serviceversprechen-erklaerung">So wird gezählt</h2>
        <ul>
          <li><strong>Erste Reaktion:</strong> bis das Anliegen bestätigt oder beantwortet ist.</li>
          <li><strong>Rückmeldung:</strong> die längste Zeit ohne Nachricht an die Meldenden.</li>
          <li><strong>Erledigung:</strong> bis das Anliegen erledigt ist; Wartezeiten auf Rückfragen zählen nicht mit.</li>
          <li><strong>Gesetzliche Frist:</strong> Fristen nach § 31 VwVfG, in Kalendertagen.</li>
        </ul>
        <p>
          Als verpasst zählt eine Frist, die überschritten wurde oder noch läuft, obwohl sie schon abgelaufen ist. Zusammengeführte Doppelmeldungen
          zählen nicht. Die Zahlen enthalten keine einzelnen Anliegen und keine persönlichen Daten.
        </p>
      </section>
    </>
  );
}
