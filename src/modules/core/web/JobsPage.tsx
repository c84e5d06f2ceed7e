// Background jobs: what runs, waits or failed (with a retry for failures), and the recurring
// schedules that enqueue them.
import { useState } from 'react';
import { api, errorMessage, query, type PageOf } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { isAdministrator, useSession } from '../../../web/session.tsx';
import type { Job, JobSchedule, Tenant } from '../../../web/types.ts';
import { formatDateTime, formatDuration } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import { Filters } from '../../../web/ui/Filters.tsx';
import { JOB_STATUS_LABEL } from './labels.ts';

const LIMIT = 50;
const STATUS_CLASS: Record<Job['status'], string> = { queued: 'info', running: 'info', succeeded: 'ok', failed: 'error', cancelled: 'off' };

export function JobsPage() {
  const { user } = useSession();
  const search = useSearchState();
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const status = search.get('status');
  const tenant = search.get('kommune');
  const allowed = user ? isAdministrator(user) : false;
  const jobs = useApi<PageOf<Job>>(allowed ? `/api/v1/jobs${query({ tenant, status, limit: LIMIT, offset: search.offset })}` : null);
  const schedules = useApi<{ items: JobSchedule[] }>(allowed ? '/api/v1/jobs/schedules' : null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const [retrying, setRetrying] = useState<number | undefined>();

  if (!user) return null;
  if (!allowed) {
    return (
      <Page title="Hintergrundaufgaben">
        <Alert kind="info">Hintergrundaufgaben sehen nur die Administration einer Kommune und die Plattform-Administration.</Alert>
      </Page>
    );
  }
  const all = [...(tenants.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const names = new Map(all.map((t) => [t.slug, t.name]));
  const tenantName = (slug: string | null) => (slug ? (names.get(slug) ?? slug) : 'Plattform');
  const tenantOptions = all
    .filter((t) => user.isPlatformAdmin || user.memberships.some((m) => m.tenantSlug === t.slug && m.role === 'admin'))
    .map((t) => ({ value: t.slug, label: t.name }));

  async function retry(job: Job) {
    setRetrying(job.id);
    try {
      await api<Job>('POST', `/api/v1/jobs/${job.id}/retry`);
      setNotice({ kind: 'success', text: `Job ${job.id} (${job.type}) wurde erneut eingeplant.` });
      jobs.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    } finally {
      setRetrying(undefined);
    }
  }

  return (
    <Page title="Hintergrundaufgaben" lead="Abrufe, Aktualisierungen, Fristen und Berichte laufen als Jobs im Hintergrund. Fehlgeschlagene Jobs lassen sich erneut starten.">
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <Filters
        label="Jobs filtern"
        filters={[
          {
            name: 'status',
            label: 'Status',
            value: status,
            options: [{ value: '', label: 'Alle' }, ...(Object.keys(JOB_STATUS_LABEL) as Job['status'][]).map((s) => ({ value: s, label: JOB_STATUS_LABEL[s] }))],
          },
          { name: 'kommune', label: 'Kommune', value: tenant, options: [{ value: '', label: 'Alle' }, ...tenantOptions] },
        ]}
        onApply={(v) => search.update({ status: v.status, kommune: v.kommune })}
      />
      <Loaded resource={jobs} loading="Jobs werden geladen …" errorTitle="Die Jobs konnten nicht geladen werden.">
        {(page) => (
          <>
            <Table
              caption="Jobs, neueste zuerst"
              rows={page.items}
              rowKey={(j) => j.id}
              empty={status || tenant ? 'Keine Jobs für diese Auswahl.' : 'Noch keine Jobs gelaufen.'}
              columns={[
                { header: 'Nr.', rowHeader: true, numeric: true, cell: (j) => j.id },
                { header: 'Typ', cell: (j) => <code>{j.type}</code> },
                { header: 'Kommune', cell: (j) => tenantName(j.tenantSlug) },
                { header: 'Status', cell: (j) => <span className={`badge badge-${STATUS_CLASS[j.status]}`}>{JOB_STATUS_LABEL[j.status]}</span> },
                { header: 'Versuche', numeric: true, cell: (j) => `${j.attempts} von ${j.maxAttempts}` },
                { header: 'Ausführung ab', cell: (j) => <time dateTime={j.runAt}>{formatDateTime(j.runAt)}</time> },
                { header: 'Letzter Fehler', cell: (j) => (j.lastError ? <span className="error-text">{j.lastError}</span> : '–') },
                {
                  header: 'Aktionen',
                  cell: (j) =>
                    j.status === 'failed' ? (
                      <Button variant="secondary" busy={retrying === j.id} onClick={() => void retry(j)}>
                        Erneut versuchen<span className="visually-hidden"> Job {j.id}</span>
                      </Button>
                    ) : (
                      '–'
                    ),
                },
              ]}
            />
            <Pager label="Seiten der Jobliste" total={page.total} limit={page.limit} offset={page.offset} onChange={(ab) => search.update({ ab })} />
          </>
        )}
      </Loaded>

      <section aria-labelledby="zeitplaene">
        <h2 id="zeitplaene">Wiederkehrende Aufgaben</h2>
        <Loaded resource={schedules} loading="Zeitpläne werden geladen …" errorTitle="Die Zeitpläne konnten nicht geladen werden.">
          {({ items }) => (
            <Table
              caption="Zeitpläne"
              rows={items}
              rowKey={(s) => s.name}
              empty="Keine wiederkehrenden Aufgaben eingerichtet."
              columns={[
                { header: 'Name', rowHeader: true, cell: (s) => s.name },
                { header: 'Typ', cell: (s) => <code>{s.type}</code> },
                { header: 'Kommune', cell: (s) => tenantName(s.tenantSlug) },
                { header: 'Rhythmus', cell: (s) => formatDuration(s.intervalSeconds) },
                { header: 'Nächster Lauf', cell: (s) => <time dateTime={s.nextRunAt}>{formatDateTime(s.nextRunAt)}</time> },
                { header: 'Zuletzt eingeplant', cell: (s) => formatDateTime(s.lastEnqueuedAt) },
                { header: 'Aktiv', cell: (s) => (s.enabled ? 'ja' : 'nein') },
              ]}
            />
          )}
        </Loaded>
      </section>
    </Page>
  );
}
