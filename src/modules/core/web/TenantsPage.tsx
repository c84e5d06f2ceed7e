// Tenants: everyone sees the list; platform admins create tenants; admins of a tenant (and
// platform admins) edit its name and website.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import type { Tenant, TenantCreate, TenantUpdate, User } from '../../../web/types.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { Field, SelectField } from '../../../web/ui/Field.tsx';
import { TENANT_TYPE_LABEL } from './labels.ts';

function canEdit(user: User, t: Tenant): boolean {
  return user.isPlatformAdmin || user.memberships.some((m) => m.tenantSlug === t.slug && m.role === 'admin');
}

const text = (d: FormData, k: string) => String(d.get(k) ?? '').trim();

export function TenantsPage() {
  const { user } = useSession();
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const [editing, setEditing] = useState<Tenant | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  if (!user) return null;

  return (
    <Page title="Kommunen" lead="Städte und Landkreise der Plattform mit ihren amtlichen Schlüsseln.">
      {notice && <Alert kind="success">{notice}</Alert>}
      <Loaded resource={tenants} loading="Kommunen werden geladen …" errorTitle="Die Kommunen konnten nicht geladen werden.">
        {({ items }) => {
          const names = new Map(items.map((t) => [t.slug, t.name]));
          const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name, 'de'));
          return (
            <>
              <Table
                caption={`Kommunen (${items.length})`}
                rows={sorted}
                rowKey={(t) => t.id}
                empty="Noch keine Kommunen angelegt."
                columns={[
                  {
                    header: 'Name und Kürzel',
                    rowHeader: true,
                    cell: (t) => (
                      <>
                        {t.name}
                        <span className="sub mono">{t.slug}</span>
                      </>
                    ),
                  },
                  { header: 'Art', cell: (t) => TENANT_TYPE_LABEL[t.type] },
                  { header: 'AGS', cell: (t) => <span className="mono">{t.ags}</span> },
                  { header: 'ARS', cell: (t) => <span className="mono">{t.ars}</span> },
                  { header: 'Gehört zu', cell: (t) => (t.parentSlug ? (names.get(t.parentSlug) ?? t.parentSlug) : '–') },
                  { header: 'Website', cell: (t) => (t.website ? <a href={t.website}>{t.website.replace(/^https?:\/\//, '')}</a> : '–') },
                  {
                    header: 'Aktionen',
                    cell: (t) =>
                      canEdit(user, t) ? (
                        <Button variant="secondary" onClick={() => { setNotice(undefined); setEditing(t); }}>
                          Bearbeiten<span className="visually-hidden"> {t.name}</span>
                        </Button>
                      ) : (
                        '–'
                      ),
                  },
                ]}
              />
              {editing && (
                <EditTenant
                  key={editing.id}
                  tenant={editing}
                  onClose={(msg) => {
                    setEditing(undefined);
                    if (msg) {
                      setNotice(msg);
                      tenants.reload();
                    }
                  }}
                />
              )}
              {user.isPlatformAdmin && <CreateTenant districts={items.filter((t) => t.type === 'district')} onCreated={tenants.reload} />}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

function EditTenant({ tenant, onClose }: { tenant: Tenant; onClose: (message?: string) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="kommune-bearbeiten-titel" className="panel">
      <h2 id="kommune-bearbeiten-titel" ref={heading} tabIndex={-1}>
        {tenant.name} bearbeiten
      </h2>
      <Form
        id="kommune-bearbeiten"
        submitLabel="Änderungen speichern"
        resetOnSuccess={false}
        secondary={
          <Button variant="secondary" onClick={() => onClose()}>
            Abbrechen
          </Button>
        }
        onSubmit={async (d) => {
          const body: TenantUpdate = { name: text(d, 'name'), website: text(d, 'website') || null };
          const t = await api<Tenant>('PATCH', `/api/v1/tenants/${encodeURIComponent(tenant.slug)}`, body);
          onClose(`Änderungen an „${t.name}“ gespeichert.`);
        }}
      >
        <Field name="name" label="Name" defaultValue={tenant.name} autoComplete="off" />
        <Field name="website" label="Website" type="url" optional defaultValue={tenant.website ?? ''} hint="Vollständige Adresse, z. B. https://www.giessen.de" />
      </Form>
    </section>
  );
}

function CreateTenant({ districts, onCreated }: { districts: Tenant[]; onCreated: () => void }) {
  return (
    <section aria-labelledby="kommune-anlegen-titel" className="panel">
      <h2 id="kommune-anlegen-titel">Kommune anlegen</h2>
      <Form
        id="kommune-anlegen"
        submitLabel="Kommune anlegen"
        onSubmit={async (d) => {
          const body: TenantCreate = {
            slug: text(d, 'slug'),
            name: text(d, 'name'),
            type: text(d, 'type') as TenantCreate['type'],
            ags: text(d, 'ags'),
            ars: text(d, 'ars'),
            parentSlug: text(d, 'parentSlug') || null,
            website: text(d, 'website') || null,
          };
          const t = await api<Tenant>('POST', '/api/v1/tenants', body);
          onCreated();
          return `Kommune „${t.name}“ angelegt.`;
        }}
      >
        <div className="form-grid">
          <Field name="name" label="Name" autoComplete="off" hint="z. B. Bad Homburg v. d. Höhe" />
          <Field name="slug" label="Kürzel" autoComplete="off" spellCheck={false} hint="Für Adressen: Kleinbuchstaben, Ziffern und Bindestriche, z. B. bad-homburg" />
          <SelectField
            name="type"
            label="Art"
            defaultValue="municipality"
            options={[
              { value: 'municipality', label: TENANT_TYPE_LABEL.municipality },
              { value: 'district', label: TENANT_TYPE_LABEL.district },
            ]}
          />
          <SelectField
            name="parentSlug"
            label="Gehört zu Landkreis"
            optional
            defaultValue=""
            options={[{ value: '', label: '– keiner (kreisfrei) –' }, ...districts.map((t) => ({ value: t.slug, label: t.name }))]}
          />
          <Field name="ags" label="AGS" inputMode="numeric" autoComplete="off" hint="Amtlicher Gemeindeschlüssel, 8 Ziffern" />
          <Field name="ars" label="ARS" inputMode="numeric" autoComplete="off" hint="Amtlicher Regionalschlüssel, 12 Ziffern" />
          <Field name="website" label="Website" type="url" optional hint="Vollständige Adresse mit https://" />
        </div>
      </Form>
    </section>
  );
}
