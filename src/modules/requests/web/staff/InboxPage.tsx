// Verwaltung → Anliegen: a municipality's requests, due soonest first, with SLA badges, filters in
// the URL (?kommune, status, abteilung, dienst, bearbeitung, ab), paging, and bulk assignment of
// ticked rows. Reading is for every member of the municipality; changes for editors and up.
import { useState } from 'react';
import { Link } from 'react-router';
import { query } from '../../../../web/api.ts';
import { formatDateTime } from '../../../../web/format.ts';
import { useApi } from '../../../../web/useApi.ts';
import { useSearchState } from '../../../../web/useSearchState.ts';
import { Alert } from '../../../../web/ui/Alert.tsx';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { Page } from '../../../../web/ui/Page.tsx';
import { Pager } from '../../../../web/ui/Pager.tsx';
import { Table } from '../../../../web/ui/Table.tsx';
import type { Option } from '../../../../web/ui/Field.tsx';
import { BulkAssign } from './BulkAssign.tsx';
import { InboxFilters } from './InboxFilters.tsx';
import { PRIORITY_LABELS, STATE_FILTER_OPTIONS } from './labels.ts';
import { SlaBadge } from './SlaBadge.tsx';
import { useStaffTenants } from './useStaffTenants.ts';
import type { Department, Inbox, InboxItem } from './types.ts';
import './staff.css';

const PAGE = 25;

// "offen" is the default view: what still needs work. "alle" switches the state filter off.
const STATES: Option[] = STATE_FILTER_OPTIONS.map((o) => (o.value === '' ? { value: 'alle', label: 'Alle' } : o.value === 'open' ? { value: 'offen', label: o.label } : o));
const apiState = (s: string) => (s === 'alle' ? undefined : s === 'offen' ? 'open' : s);

export function InboxPage() {
  const search = useSearchState();
  const { choices, tenant, tenantName, mayEdit } = useStaffTenants(search.get('kommune'));
  const status = search.get('status', 'offen');
  const filter = { abteilung: search.get('abteilung'), dienst: search.get('dienst'), bearbeitung: search.get('bearbeitung') };
  const slug = encodeURIComponent(tenant);
  const inbox = useApi<Inbox>(tenant
    ? `/api/v1/tenants/${slug}/requests${query({ state: apiState(status), department: filter.abteilung, service: filter.dienst, assignee: filter.bearbeitung, limit: PAGE, offset: search.offset })}`
    : null);
  const departments = useApi<{ items: Department[] }>(tenant ? `/api/v1/tenants/${slug}/departments` : null);
  const services = useApi<{ services: { code: string; name: string }[] }>(tenant ? `/api/v1/requests/services?tenant=${slug}` : null);
  const [selected, setSelected] = useState<string[]>([]);

  const departmentOptions = (departments.data?.items ?? []).map((d) => ({ value: d.slug, label: d.name }));
  const serviceOptions = (services.data?.services ?? []).map((s) => ({ value: s.code, label: s.name }));
  const rows = inbox.data?.items ?? [];
  const knownAssignees = [...new Map(rows.filter((r) => r.assignee).map((r) => [r.assignee!, { value: r.assignee!, label: r.assignee_name ?? r.assignee! }])).values()];
  const editable = mayEdit(tenant);

  const toggle = (n: string, on: boolean) => setSelected((s) => (on ? [...new Set([...s, n])] : s.filter((x) => x !== n)));
  const pageNumbers = rows.map((r) => r.number);
  const allOnPage = pageNumbers.length > 0 && pageNumbers.every((n) => selected.includes(n));

  if (!tenant) {
    return (
      <Page title="Anliegen">
        <Alert kind="info">Sie sind noch keiner Kommune zugeordnet. Bitte wenden Sie sich an die Administration Ihrer Kommune.</Alert>
      </Page>
    );
  }
  return (
    <Page title="Anliegen" lead={`Meldungen und Anfragen an ${tenantName}, die fälligsten zuerst.`}>
      <InboxFilters
        values={{ kommune: tenant, status, ...filter }}
        tenants={choices}
        states={STATES}
        departments={departmentOptions}
        services={serviceOptions}
        knownAssignees={knownAssignees}
        onApply={(v) => {
          setSelected([]);
          search.update({ kommune: v.kommune, status: v.status, abteilung: v.abteilung, dienst: v.dienst, bearbeitung: v.bearbeitung });
        }}
      />
      <Loaded resource={inbox} loading="Anliegen werden geladen …" errorTitle="Die Anliegen konnten nicht geladen werden.">
        {(data) => (
          <>
            {editable && data.items.length > 0 && (
              <div className="checkbox select-page">
                <input id="alle-auswaehlen" type="checkbox" checked={allOnPage} onChange={(e) => setSelected((s) => (e.target.checked ? [...new Set([...s, ...pageNumbers])] : s.filter((n) => !pageNumbers.includes(n))))} />
                <label htmlFor="alle-auswaehlen">Alle Anliegen dieser Seite auswählen</label>
              </div>
            )}
            <div className="staff-inbox">
              <Table<InboxItem>
                caption={`Anliegen von ${tenantName} (${data.total})`}
                rows={data.items}
                rowKey={(r) => r.number}
                empty="Keine Anliegen zu diesen Filtern."
                columns={[
                  ...(editable ? [{
                    header: 'Auswahl',
                    cell: (r: InboxItem) => (
                      <input type="checkbox" aria-label={`${r.number} auswählen`} checked={selected.includes(r.number)} onChange={(e) => toggle(r.number, e.target.checked)} />
                    ),
                  }] : []),
                  {
                    header: 'Vorgang', rowHeader: true,
                    cell: (r) => (
                      <>
                        <Link to={`/verwaltung/anliegen/${r.number}`}>{r.number}</Link>
                        <span className="sub">{r.service_name}</span>
                        <span className="sub inbox-description">{r.description}</span>
                        <span className="sub">eingegangen {formatDateTime(r.requested_at)}</span>
                      </>
                    ),
                  },
                  { header: 'Frist', cell: (r) => <SlaBadge state={r.state} expectedAt={r.expected_at} /> },
                  { header: 'Status', cell: (r) => r.state_label },
                  { header: 'Abteilung', cell: (r) => r.department_name ?? '–' },
                  { header: 'Bearbeitung', cell: (r) => r.assignee_name ?? r.assignee ?? '–' },
                  { header: 'Priorität', cell: (r) => PRIORITY_LABELS[r.priority] ?? r.priority },
                ]}
              />
            </div>
            <Pager total={data.total} limit={PAGE} offset={search.offset} onChange={(ab) => search.update({ ab })} label="Seiten der Anliegen" />
          </>
        )}
      </Loaded>
      {editable && <BulkAssign tenant={tenant} selected={selected} departments={departmentOptions} onDone={() => { setSelected([]); inbox.reload(); }} />}
    </Page>
  );
}
