// Users: platform admins see everyone, tenant admins the users of the tenants they administer
// (the API wants ?tenant= for them, so one of their tenants is always selected).
import { useState } from 'react';
import { api, errorMessage, query, type PageOf } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { adminTenantSlugs, isAdministrator, useSession } from '../../../web/session.tsx';
import type { Role, Tenant, User, UserCreate } from '../../../web/types.ts';
import { formatDateTime } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import { Filters } from '../../../web/ui/Filters.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { Field, SelectField, type Option } from '../../../web/ui/Field.tsx';
import { ROLE_LABEL, ROLE_OPTIONS } from './labels.ts';
import { AssignRole } from './AssignRole.tsx';

const LIMIT = 50;

function status(u: User): string {
  if (u.disabled) return 'Deaktiviert';
  if (u.lockedUntil) return `Gesperrt bis ${formatDateTime(u.lockedUntil)}`;
  return 'Aktiv';
}

export function UsersPage() {
  const { user } = useSession();
  const search = useSearchState();
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const mine = user ? adminTenantSlugs(user) : [];
  const platform = user?.isPlatformAdmin ?? false;
  const tenant = search.get('kommune', platform ? '' : (mine[0] ?? ''));
  const users = useApi<PageOf<User>>(user && isAdministrator(user) ? `/api/v1/users${query({ tenant, limit: LIMIT, offset: search.offset })}` : null);

  if (!user) return null;
  if (!isAdministrator(user)) {
    return (
      <Page title="Benutzer">
        <Alert kind="info">Benutzer verwalten nur die Administration einer Kommune und die Plattform-Administration.</Alert>
      </Page>
    );
  }

  const all = [...(tenants.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const manageable: Option[] = all.filter((t) => platform || mine.includes(t.slug)).map((t) => ({ value: t.slug, label: t.name }));

  async function toggleDisabled(u: User) {
    const verb = u.disabled ? 'aktivieren' : 'deaktivieren';
    if (!window.confirm(`Konto von ${u.name} wirklich ${verb}?`)) return;
    try {
      await api<User>('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled });
      setNotice({ kind: 'success', text: `Konto von ${u.name} ${u.disabled ? 'aktiviert' : 'deaktiviert'}.` });
      users.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  }

  return (
    <Page title="Benutzer" lead="Konten und ihre Rollen je Kommune: Administration, Redaktion oder Lesen.">
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <Filters
        label="Benutzer filtern"
        filters={[{ name: 'kommune', label: 'Kommune', value: tenant, options: platform ? [{ value: '', label: 'Alle Kommunen' }, ...manageable] : manageable }]}
        onApply={(v) => search.update({ kommune: v.kommune })}
      />
      <Loaded resource={users} loading="Benutzer werden geladen …" errorTitle="Die Benutzer konnten nicht geladen werden.">
        {(page) => (
          <>
            <Table
              caption={tenant ? `Benutzer von ${all.find((t) => t.slug === tenant)?.name ?? tenant}` : 'Alle Benutzer'}
              rows={page.items}
              rowKey={(u) => u.id}
              empty="Keine Benutzer gefunden."
              columns={[
                { header: 'Name', rowHeader: true, cell: (u) => u.name },
                { header: 'E-Mail-Adresse', cell: (u) => u.email },
                {
                  header: 'Rollen',
                  cell: (u) => (
                    <ul className="plain-list">
                      {u.isPlatformAdmin && <li>Plattform-Administration</li>}
                      {u.memberships.map((m) => (
                        <li key={m.tenantSlug}>
                          {m.tenantName}: {ROLE_LABEL[m.role]}
                        </li>
                      ))}
                      {!u.isPlatformAdmin && u.memberships.length === 0 && <li>keine</li>}
                    </ul>
                  ),
                },
                { header: 'Status', cell: (u) => <span className={`badge badge-${u.disabled ? 'off' : u.lockedUntil ? 'warn' : 'ok'}`}>{status(u)}</span> },
                { header: 'Letzte Anmeldung', cell: (u) => formatDateTime(u.lastLoginAt) },
                {
                  header: 'Aktionen',
                  cell: (u) =>
                    u.id === user.id ? (
                      'Ihr Konto'
                    ) : (
                      <Button variant={u.disabled ? 'secondary' : 'danger'} onClick={() => void toggleDisabled(u)}>
                        {u.disabled ? 'Aktivieren' : 'Deaktivieren'}
                        <span className="visually-hidden"> {u.name}</span>
                      </Button>
                    ),
                },
              ]}
            />
            <Pager label="Seiten der Benutzerliste" total={page.total} limit={page.limit} offset={page.offset} onChange={(ab) => search.update({ ab })} />
            <AssignRole users={page.items.filter((u) => u.id !== user.id)} tenants={manageable} defaultTenant={tenant || manageable[0]?.value || ''} onChanged={users.reload} />
          </>
        )}
      </Loaded>
      <CreateUser tenants={manageable} platform={platform} defaultTenant={tenant || manageable[0]?.value || ''} onCreated={users.reload} />
    </Page>
  );
}

function CreateUser({ tenants, platform, defaultTenant, onCreated }: { tenants: Option[]; platform: boolean; defaultTenant: string; onCreated: () => void }) {
  // Platform admins may create an account without any tenant (e.g. for a colleague in operations).
  const options = platform ? [{ value: '', label: '– keine Kommune –' }, ...tenants] : tenants;
  return (
    <section aria-labelledby="benutzer-anlegen-titel" className="panel">
      <h2 id="benutzer-anlegen-titel">Benutzer anlegen</h2>
      <Form
        id="benutzer-anlegen"
        submitLabel="Benutzer anlegen"
        onSubmit={async (d) => {
          const tenantSlug = String(d.get('memberships.0.tenantSlug') ?? '');
          const body: UserCreate = {
            name: String(d.get('name') ?? '').trim(),
            email: String(d.get('email') ?? '').trim(),
            password: String(d.get('password') ?? ''),
            memberships: tenantSlug ? [{ tenantSlug, role: String(d.get('memberships.0.role')) as Role }] : [],
          };
          const u = await api<User>('POST', '/api/v1/users', body);
          onCreated();
          return `Benutzer „${u.name}“ (${u.email}) angelegt. Teilen Sie das Startpasswort auf sicherem Weg mit.`;
        }}
      >
        <div className="form-grid">
          <Field name="name" label="Name" autoComplete="off" />
          <Field name="email" label="E-Mail-Adresse" type="email" autoComplete="off" spellCheck={false} />
          <Field name="password" label="Startpasswort" type="password" autoComplete="new-password" hint="Mindestens 12 Zeichen. Die Person kann es nach der Anmeldung ändern." />
          {/* key: the tenant list arrives after the first render */}
          <SelectField key={`t-${tenants.length}-${defaultTenant}`} name="memberships.0.tenantSlug" label="Kommune" defaultValue={defaultTenant} options={options} />
          <SelectField name="memberships.0.role" label="Rolle in der Kommune" defaultValue="editor" options={ROLE_OPTIONS} />
        </div>
      </Form>
    </section>
  );
}
