// Verwaltung → Service-Analytik → Gespeicherte Ansichten: the views of the municipality (and,
// with the toggle, those partners share with the cooperation), copying a partner's view, and the
// builder with a preview for a new one.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, errorMessage } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { TenantChoice } from './TenantChoice.tsx';
import type { SavedView } from './types.ts';
import { useAnalyticsTenant } from './useAnalyticsTenant.ts';
import { useServiceNames } from './useServiceNames.ts';
import { ViewBuilder } from './ViewBuilder.tsx';
import type { ViewBody } from './viewForm.ts';
import { ViewPreview } from './ViewPreview.tsx';
import { ViewsTable } from './ViewsTable.tsx';
import './analytics.css';

export function ViewsPage() {
  const t = useAnalyticsTenant();
  const search = useSearchState();
  const navigate = useNavigate();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const shared = search.get('geteilt') === '1';
  const views = useApi<{ items: SavedView[] }>(t.tenant ? `${t.api}/views${shared ? '?shared=1' : ''}` : null);
  const services = useServiceNames(t.tenant ? t.api : null);
  const [preview, setPreview] = useState<ViewBody>();
  const [copying, setCopying] = useState('');
  const [copyError, setCopyError] = useState('');

  const save = async (body: ViewBody) => {
    const v = await api<SavedView>('POST', `${t.api}/views`, body);
    views.reload();
    setPreview(undefined);
    return `Ansicht „${v.name}“ gespeichert.`;
  };
  const copy = async (v: SavedView) => {
    setCopying(v.id);
    setCopyError('');
    try {
      const c = await api<SavedView>('POST', `${t.api}/views/${v.id}/copy`, {});
      navigate(`/verwaltung/analytik/ansichten/${c.id}${t.carry}`);
    } catch (err) {
      setCopyError(`„${v.name}“ konnte nicht kopiert werden: ${errorMessage(err)}`);
    } finally {
      setCopying('');
    }
  };

  return (
    <Page title="Gespeicherte Ansichten" lead={<>Eigene Auswertungen, gespeichert als Definition: wer eine Ansicht öffnet, sieht die aktuellen Zahlen seiner Kommune. <Link to={`/verwaltung/analytik${t.carry}`}>Zur Übersicht aller Dienste</Link></>}>
      <TenantChoice choices={t.choices} tenant={t.tenant} onChange={t.chooseTenant} />
      <div className="ana-toolbar checkbox">
        <input id="geteilte-ansichten" type="checkbox" checked={shared} onChange={(e) => search.update({ geteilt: e.target.checked ? '1' : '' })} />
        <label htmlFor="geteilte-ansichten">Auch Ansichten zeigen, die Partnerkommunen mit der Kooperation teilen</label>
      </div>
      {notice && <Alert kind="success">{notice}</Alert>}
      {copyError && <Alert kind="error">{copyError}</Alert>}
      <Loaded resource={views} loading="Ansichten werden geladen …" errorTitle="Die Ansichten konnten nicht geladen werden.">
        {(data) => <ViewsTable views={data.items} linkSearch={t.carry} mayCopy={t.editable} copying={copying} onCopy={(v) => void copy(v)} />}
      </Loaded>
      <section aria-labelledby="neue-ansicht">
        <h2 id="neue-ansicht">Neue Ansicht</h2>
        {t.editable ? (
          <ViewBuilder id="ansicht-neu" services={services.options} submitLabel="Ansicht speichern" onSubmit={save} onPreview={setPreview} />
        ) : (
          <Alert kind="info">Ansichten anlegen können Redaktion und Administration Ihrer Kommune.</Alert>
        )}
      </section>
      {preview && <ViewPreview api={t.api} body={preview} names={services.names} />}
    </Page>
  );
}
