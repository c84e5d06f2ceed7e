// Which municipalities' requests this user may see: their memberships (readers too: the inbox is
// readable for every role), or every municipality for the platform administration. The chosen
// one lives in ?kommune= like on the other admin pages; the first one is the default.
import { useApi } from '../../../../web/useApi.ts';
import { useSession } from '../../../../web/session.tsx';
import type { Tenant } from '../../../../web/types.ts';
import type { Option } from '../../../../web/ui/Field.tsx';

export function useStaffTenants(chosen: string): { choices: Option[]; tenant: string; tenantName: string; mayEdit: (slug: string) => boolean } {
  const { user } = useSession();
  const all = useApi<{ items: Tenant[] }>(user?.isPlatformAdmin ? '/api/v1/tenants' : null);
  const mine = (user?.memberships ?? []).map((m) => ({ value: m.tenantSlug, label: m.tenantName }));
  const choices = user?.isPlatformAdmin
    ? (all.data?.items ?? []).map((t) => ({ value: t.slug, label: t.name })).sort((a, b) => a.label.localeCompare(b.label, 'de'))
    : mine;
  const tenant = chosen || choices[0]?.value || '';
  const tenantName = choices.find((c) => c.value === tenant)?.label ?? tenant;
  // Readers see cases but change nothing; the server refuses the same (403).
  const mayEdit = (slug: string) => !!user?.isPlatformAdmin || (user?.memberships ?? []).some((m) => m.tenantSlug === slug && m.role !== 'viewer');
  return { choices, tenant, tenantName, mayEdit };
}
