// Changing what an existing account may do in a tenant: set a role, or end the membership.
import { api } from '../../../web/api.ts';
import type { Role, User } from '../../../web/types.ts';
import { Form } from '../../../web/ui/Form.tsx';
import { SelectField, type Option } from '../../../web/ui/Field.tsx';
import { ROLE_LABEL, ROLE_OPTIONS } from './labels.ts';

const REMOVE = 'entfernen';

export function AssignRole({ users, tenants, defaultTenant, onChanged }: { users: User[]; tenants: Option[]; defaultTenant: string; onChanged: () => void }) {
  if (users.length === 0 || tenants.length === 0) return null;
  const userOptions = users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  return (
    <section aria-labelledby="rolle-zuweisen-titel" className="panel">
      <h2 id="rolle-zuweisen-titel">Rolle zuweisen</h2>
      <p>Gibt einem Konto eine Rolle in einer Kommune, ändert sie oder beendet die Mitgliedschaft.</p>
      <Form
        id="rolle-zuweisen"
        submitLabel="Rolle speichern"
        resetOnSuccess={false}
        onSubmit={async (d) => {
          const userId = String(d.get('userId'));
          const slug = String(d.get('tenantSlug'));
          const role = String(d.get('role'));
          const path = `/api/v1/users/${encodeURIComponent(userId)}/memberships/${encodeURIComponent(slug)}`;
          const u = role === REMOVE ? await api<User>('DELETE', path) : await api<User>('PUT', path, { role: role as Role });
          onChanged();
          const tenantName = tenants.find((t) => t.value === slug)?.label ?? slug;
          return role === REMOVE ? `${u.name} ist nicht mehr Mitglied von ${tenantName}.` : `${u.name}: ${ROLE_LABEL[role as Role]} in ${tenantName}.`;
        }}
      >
        <div className="form-grid">
          <SelectField key={`u-${userOptions.length}`} name="userId" label="Konto" options={userOptions} />
          <SelectField key={`t-${tenants.length}-${defaultTenant}`} name="tenantSlug" label="Kommune" defaultValue={defaultTenant} options={tenants} />
          <SelectField name="role" label="Rolle" defaultValue="viewer" options={[...ROLE_OPTIONS, { value: REMOVE, label: 'keine (Mitgliedschaft beenden)' }]} />
        </div>
      </Form>
    </section>
  );
}
