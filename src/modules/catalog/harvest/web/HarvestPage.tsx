// Verwaltung → Harvesting: the harvest sources of a municipality, a form to add one, "Jetzt
// ernten", and the runs of a source with their log (HarvestRuns.tsx). Only editors and
// administrators of the municipality get here (the API enforces the same).
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../../../web/api.ts';
import { useApi } from '../../../../web/useApi.ts';
import { useSearchState } from '../../../../web/useSearchState.ts';
import { useSession } from '../../../../web/session.tsx';
import { formatDateTime } from '../../../../web/format.ts';
import type { Tenant } from '../../../../web/types.ts';
import { Page } from '../../../../web/ui/Page.tsx';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { Table } from '../../../../web/ui/Table.tsx';
import { Form } from '../../../../web/ui/Form.tsx';
import { Field, SelectField } from '../../../../web/ui/Field.tsx';
import { Alert } from '../../../../web/ui/Alert.tsx';
import { Button } from '../../../../web/ui/Button.tsx';
import { Filters } from '../../../../web/ui/Filters.tsx';
import type { HarvestSourceT } from '../contract.ts';
import { HarvestRuns, RunStatusBadge } from './HarvestRuns.tsx';

const TYPES = [
  { value: 'dcat', label: 'DCAT-AP-Katalog (RDF/XML oder Turtle)' },
  { value: 'ckan', label: 'CKAN-Portal' },
];
const INTERVALS = [
  { value: '', label: 'nur von Hand' },
  { value: '60', label: 'stündlich' },
  { value: '1440', label: 'täglich' },
  { value: '10080', label: 'wöchentlich' },
];
const intervalLabel = (m: number | null) => INTERVALS.find((i) => i.value === String(m ?? ''))?.label ?? `alle ${m} Minuten`;

export function HarvestPage() {
  const { user } = useSession();
  const search = useSearchState();
  const tenants = useApi<{ items: Tenant[] }>(user?.isPlatformAdmin ? '/api/v1/tenants' : null);
  const mine = (user?.memberships ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.tenantSlug, label: m.tenantName }));
  const choices = user?.isPlatformAdmin ? (tenants.data?.items ?? []).map((t) => ({ value: t.slug, label: t.name })).sort((a, b) => a.label.localeCompare(b.label, 'de')) : mine;
  const tenant = search.get('kommune') || choices[0]?.value || '';
  const selected = search.get('quelle');
  const sources = useApi<{ items: HarvestSourceT[] }>(tenant ? `/api/v1/tenants/${tenant}/harvest-sources` : null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [watch, setWatch] = useState<{ id: string; since: number } | undefined>();
  const [tick, setTick] = useState(0);
  const reloadSources = sources.reload;

  // After "Jetzt ernten": refresh until that source's newest run has finished.
  const watched = watch && sources.data?.items.find((s) => s.id === watch.id);
  const settled = !!watched?.lastRun && watched.lastRun.status !== 'running' && Date.parse(watched.lastRun.startedAt) >= watch!.since - 5000;
  useEffect(() => {
    if (!watch || settled) return;
    const timer = setInterval(() => {
      reloadSources();
      setTick((n) => n + 1);
    }, 1500);
    return () => clearInterval(timer);
  }, [watch, settled, reloadSources]);
  useEffect(() => {
    if (watch && settled && watched?.lastRun) {
      setNotice({ kind: watched.lastRun.status === 'failed' ? 'error' : 'success', text: `Lauf von „${watched.name}“ beendet: ${watched.lastRun.message}` });
      setWatch(undefined);
    }
  }, [watch, settled, watched]);

  if (!user) return null;
  if (choices.length === 0 && !user.isPlatformAdmin) {
    return (
      <Page title="Harvesting">
        <Alert kind="info">Harvesting-Quellen verwalten Redaktion und Administration einer Kommune.</Alert>
      </Page>
    );
  }

  async function harvestNow(s: HarvestSourceT) {
    setBusy(s.id);
    try {
      const r = await api<{ jobId: number }>('POST', `/api/v1/harvest-sources/${s.id}/run`, {});
      setNotice({ kind: 'success', text: `Lauf für „${s.name}“ ist eingeplant (Auftrag ${r.jobId}). Die Tabelle aktualisiert sich, bis er beendet ist.` });
      setWatch({ id: s.id, since: Date.now() });
      search.update({ quelle: s.id, lauf: undefined });
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(s: HarvestSourceT) {
    if (!window.confirm(`Quelle „${s.name}“ löschen? Ihre geernteten Datensätze werden als gelöscht markiert.`)) return;
    try {
      await api('DELETE', `/api/v1/harvest-sources/${s.id}`);
      setNotice({ kind: 'success', text: `Quelle „${s.name}“ wurde gelöscht.` });
      search.update({ quelle: undefined, lauf: undefined });
      sources.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  }

  const tenantName = choices.find((c) => c.value === tenant)?.label ?? tenant;
  const current = sources.data?.items.find((s) => s.id === selected);
  return (
    <Page title="Harvesting" lead="Datensätze anderer Portale (CKAN) und DCAT-AP-Kataloge regelmäßig in den eigenen Katalog übernehmen.">
      {choices.length > 1 && (
        <Filters
          label="Kommune wählen"
          filters={[{ name: 'kommune', label: 'Kommune', value: tenant, options: choices }]}
          onApply={(v) => search.update({ kommune: v.kommune, quelle: undefined, lauf: undefined, stufe: undefined })}
        />
      )}
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <Loaded resource={sources} loading="Quellen werden geladen …" errorTitle="Die Quellen konnten nicht geladen werden.">
        {({ items }) => (
          <Table
            caption={`Harvesting-Quellen von ${tenantName}`}
            rows={items}
            rowKey={(s) => s.id}
            empty="Noch keine Quellen. Legen Sie unten die erste an."
            columns={[
              { header: 'Name', rowHeader: true, cell: (s) => <Link to={`?kommune=${tenant}&quelle=${s.id}`}>{s.name}</Link> },
              { header: 'Art', cell: (s) => (s.type === 'ckan' ? <><span style={{ whiteSpace: 'nowrap' }}>CKAN</span>{s.organization && <><br />Organisation {s.organization}</>}</> : <span style={{ whiteSpace: 'nowrap' }}>DCAT-AP</span>) },
              { header: 'Adresse', cell: (s) => <code style={{ overflowWrap: 'anywhere' }}>{s.url}</code> },
              { header: 'Rhythmus', cell: (s) => (s.enabled ? intervalLabel(s.intervalMinutes) : 'ausgeschaltet') },
              {
                header: 'Letzter Lauf',
                cell: (s) => (s.lastRun ? <><RunStatusBadge status={s.lastRun.status} /> {formatDateTime(s.lastRun.startedAt)}</> : 'noch keiner'),
              },
              {
                header: 'Aktionen',
                cell: (s) => (
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
                    <Button variant="secondary" busy={busy === s.id || watch?.id === s.id} onClick={() => void harvestNow(s)}>
                      {watch?.id === s.id ? 'Wird geerntet …' : 'Jetzt ernten'}
                      <span className="visually-hidden"> für „{s.name}“</span>
                    </Button>
                    <Button variant="link" onClick={() => void remove(s)}>
                      Löschen<span className="visually-hidden"> „{s.name}“</span>
                    </Button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {current && <HarvestRuns key={current.id} source={current} refresh={tick} />}

      <section aria-labelledby="quelle-neu-titel" className="panel">
        <h2 id="quelle-neu-titel">Neue Quelle</h2>
        <Form
          id="quelle-neu"
          submitLabel="Quelle anlegen"
          onSubmit={async (d) => {
            const interval = String(d.get('intervalMinutes') ?? '');
            const organization = String(d.get('organization') ?? '').trim();
            const s = await api<HarvestSourceT>('POST', `/api/v1/tenants/${tenant}/harvest-sources`, {
              name: String(d.get('name') ?? ''), type: String(d.get('type') ?? ''), url: String(d.get('url') ?? '').trim(),
              intervalMinutes: interval ? Number(interval) : null, ...(organization && { organization }),
            });
            sources.reload();
            return `Quelle „${s.name}“ ist angelegt. Mit „Jetzt ernten“ holen Sie die Datensätze sofort.`;
          }}
        >
          <div className="form-grid">
            <Field name="name" label="Name" hint="z. B. Geoportal des Landkreises" />
            <SelectField name="type" label="Art der Quelle" options={TYPES} />
          </div>
          <Field name="url" label="Adresse" type="url" hint="DCAT: die erste Seite des Katalogs (z. B. https://portal.example/catalog.ttl); CKAN: die Adresse des Portals." />
          <div className="form-grid">
            <Field name="organization" label="CKAN-Organisation" optional hint="Nur bei CKAN: nur die Datensätze dieser Organisation übernehmen." />
            <SelectField name="intervalMinutes" label="Rhythmus" options={INTERVALS} />
          </div>
        </Form>
      </section>
    </Page>
  );
}
