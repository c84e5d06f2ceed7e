// The audit log: who changed what, when, with the record before and after the change.
import { query, type PageOf } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { adminTenantSlugs, isAdministrator, useSession } from '../../../web/session.tsx';
import type { AuditEntry, Tenant } from '../../../web/types.ts';
import { formatDateTime } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import { Filters } from '../../../web/ui/Filters.tsx';

const LIMIT = 50;

// Readable names for the actions the core module records; unknown ones are shown as they are.
const ACTION_LABEL: Record<string, string> = {
  'user.create': 'Benutzer angelegt',
  'user.update': 'Benutzer geändert',
  'user.locked': 'Konto gesperrt',
  'membership.set': 'Rolle vergeben',
  'membership.delete': 'Rolle entzogen',
  'tenant.create': 'Kommune angelegt',
  'tenant.update': 'Kommune geändert',
  'cooperation.create': 'Kooperation angelegt',
  'cooperation.update': 'Kooperation geändert',
  'token.create': 'API-Token erstellt',
  'token.revoke': 'API-Token widerrufen',
  'department.create': 'Organisationseinheit angelegt',
  'department.update': 'Organisationseinheit geändert',
  'job.retry': 'Job erneut eingeplant',
};
const VIA_LABEL: Record<string, string> = { session: 'Anmeldung', token: 'API-Token', system: 'System' };
const ENTITY_LABEL: Record<string, string> = {
  user: 'Benutzer',
  tenant: 'Kommune',
  cooperation: 'Kooperation',
  department: 'Organisationseinheit',
  token: 'API-Token',
  api_token: 'API-Token',
  job: 'Job',
};

function json(value: unknown): string {
  return value === null || value === undefined ? '–' : JSON.stringify(value, null, 2);
}

/** UUIDs are long; the first block identifies a record well enough on screen (full id in the title). */
function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? `${id.slice(0, 8)}…` : id;
}

export function AuditPage() {
  const { user } = useSession();
  const search = useSearchState();
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const tenant = search.get('kommune');
  const allowed = user ? isAdministrator(user) : false;
  const log = useApi<PageOf<AuditEntry>>(allowed ? `/api/v1/audit${query({ tenant, limit: LIMIT, offset: search.offset })}` : null);

  if (!user) return null;
  if (!allowed) {
    return (
      <Page title="Protokoll">
        <Alert kind="info">Das Protokoll sehen nur die Administration einer Kommune und die Plattform-Administration.</Alert>
      </Page>
    );
  }
  const mine = adminTenantSlugs(user);
  const all = [...(tenants.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const names = new Map(all.map((t) => [t.slug, t.name]));
  const options = all.filter((t) => user.isPlatformAdmin || mine.includes(t.slug)).map((t) => ({ value: t.slug, label: t.name }));

  return (
    <Page title="Protokoll" lead="Jede Änderung an Kommunen, Konten, Rechten und Tokens wird hier mit Zeitpunkt, Urheber und Inhalt festgehalten.">
      <Filters
        label="Protokoll filtern"
        filters={[{ name: 'kommune', label: 'Kommune', value: tenant, options: [{ value: '', label: user.isPlatformAdmin ? 'Alle Kommunen' : 'Alle eigenen Kommunen' }, ...options] }]}
        onApply={(v) => search.update({ kommune: v.kommune })}
      />
      <Loaded resource={log} loading="Protokoll wird geladen …" errorTitle="Das Protokoll konnte nicht geladen werden.">
        {(page) => (
          <>
            <Table
              caption={tenant ? `Protokoll für ${names.get(tenant) ?? tenant}` : 'Protokoll, neueste Einträge zuerst'}
              rows={page.items}
              rowKey={(e) => e.id}
              empty="Keine Einträge für diese Auswahl."
              columns={[
                { header: 'Zeitpunkt', rowHeader: true, cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
                { header: 'Wer', cell: (e) => <>{e.actor}{e.via && <span className="muted"> ({VIA_LABEL[e.via] ?? e.via})</span>}</> },
                { header: 'Kommune', cell: (e) => (e.tenantSlug ? (names.get(e.tenantSlug) ?? e.tenantSlug) : 'Plattform') },
                { header: 'Aktion', cell: (e) => <span title={e.action}>{ACTION_LABEL[e.action] ?? e.action}</span> },
                { header: 'Objekt', cell: (e) => <>{ENTITY_LABEL[e.entityType] ?? e.entityType}{e.entityId && <code className="id" title={e.entityId}> {shortId(e.entityId)}</code>}</> },
                {
                  header: 'Inhalt',
                  cell: (e) =>
                    e.before === null && e.after === null ? (
                      '–'
                    ) : (
                      <details>
                        <summary>Vorher/Nachher</summary>
                        <div className="diff">
                          {e.before !== null && e.before !== undefined && (
                            <div>
                              <p className="diff-title">Vorher</p>
                              <pre tabIndex={0}>{json(e.before)}</pre>
                            </div>
                          )}
                          {e.after !== null && e.after !== undefined && (
                            <div>
                              <p className="diff-title">Nachher</p>
                              <pre tabIndex={0}>{json(e.after)}</pre>
                            </div>
                          )}
                        </div>
                      </details>
                    ),
                },
              ]}
            />
            <Pager label="Seiten des Protokolls" total={page.total} limit={page.limit} offset={page.offset} onChange={(ab) => search.update({ ab })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
