// Verwaltung → Anliegen → one case (/verwaltung/anliegen/:number; the staff e-mails link here, see
// notify/settings.ts staffCaseUrl): what was reported and where, who handles it, the whole
// timeline, and the work on it — state changes, notes, assignment, duplicates. After each change
// the case is loaded again, so the page always shows the server's state and allowed moves.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../../web/api.ts';
import { useApi } from '../../../../web/useApi.ts';
import { Alert } from '../../../../web/ui/Alert.tsx';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { Page } from '../../../../web/ui/Page.tsx';
import type { ServicesForForm } from '../types.ts';
import { AssignForm } from './AssignForm.tsx';
import { CaseDetails } from './CaseDetails.tsx';
import { Duplicates } from './Duplicates.tsx';
import { NoteForm } from './NoteForm.tsx';
import { Timeline } from './Timeline.tsx';
import { TransitionPanel } from './TransitionPanel.tsx';
import { useStaffTenants } from './useStaffTenants.ts';
import type { Case, Department } from './types.ts';
import './staff.css';

export function CasePage() {
  const { number = '' } = useParams();
  const found = useApi<Case>(`/api/v1/requests/${encodeURIComponent(number)}`);
  const tenant = found.data?.tenant;
  const { mayEdit } = useStaffTenants(tenant ?? '');
  const departments = useApi<{ items: Department[] }>(tenant ? `/api/v1/tenants/${encodeURIComponent(tenant)}/departments` : null);
  const services = useApi<ServicesForForm>(tenant ? `/api/v1/requests/services?tenant=${encodeURIComponent(tenant)}` : null);
  const [notice, setNotice] = useState<string | undefined>();
  const [changes, setChanges] = useState(0);
  const back = <Link to={`/verwaltung/anliegen${tenant ? `?kommune=${encodeURIComponent(tenant)}` : ''}`}>Zurück zum Posteingang</Link>;

  const status = found.error instanceof ApiError ? found.error.status : 0;
  if (status === 404 || status === 400 || status === 403) {
    return (
      <Page title="Anliegen nicht gefunden">
        <Alert kind="warning">{status === 403 ? `Vorgang ${number} gehört zu einer Kommune, für die Sie nicht arbeiten.` : `Einen Vorgang ${number} gibt es nicht.`}</Alert>
        <p>{back}</p>
      </Page>
    );
  }
  const changed = (message?: string) => {
    setNotice(message);
    setChanges((n) => n + 1);
    found.reload();
  };
  const departmentOptions = (departments.data?.items ?? []).map((d) => ({ value: d.slug, label: d.name }));

  return (
    <Loaded resource={found} loading="Anliegen wird geladen …" errorTitle="Das Anliegen konnte nicht geladen werden.">
      {(c) => {
        const editable = mayEdit(c.tenant);
        return (
          <Page title={`Anliegen ${c.number}`} lead={`${c.service_name} · ${c.state_label}`}>
            <p className="case-back">{back}</p>
            {notice && <Alert kind="success">{notice}</Alert>}
            <div className="case-layout">
              <div className="case-main">
                <CaseDetails c={c} service={services.data?.services.find((s) => s.code === c.service_code)} />
                <section aria-labelledby="verlauf">
                  <h2 id="verlauf">Verlauf</h2>
                  <Timeline events={c.events} departmentNames={new Map(departmentOptions.map((o) => [o.value, o.label]))} />
                </section>
              </div>
              <div className="case-side">
                {editable ? (
                  <section aria-labelledby="bearbeiten" className="panel case-work">
                    <h2 id="bearbeiten">Bearbeiten</h2>
                    <TransitionPanel number={c.number} nextStates={c.next_states} onDone={changed} onRefused={() => found.reload()} />
                    <NoteForm number={c.number} onDone={() => changed()} />
                    <AssignForm c={c} departments={departmentOptions} onDone={() => changed()} />
                  </section>
                ) : (
                  <Alert kind="info">Sie können diesen Vorgang lesen, aber nicht bearbeiten (Rolle „Lesen“).</Alert>
                )}
                <section aria-labelledby="duplikate" className="panel">
                  <h2 id="duplikate">Mögliche Duplikate</h2>
                  <Duplicates key={changes} number={c.number} editable={editable} onMerged={(into) => changed(`Als Duplikat geschlossen; weiter unter ${into}.`)} />
                </section>
              </div>
            </div>
          </Page>
        );
      }}
    </Loaded>
  );
}
