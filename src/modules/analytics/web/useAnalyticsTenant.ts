// The municipality whose figures a page shows: ?kommune= like the other staff pages (the first
// membership by default, every municipality for the platform administration), the API base of
// its analytics, and the query that links carry to keep municipality and period.
import { useLocation } from 'react-router';
import { useSearchState } from '../../../web/useSearchState.ts';
import { useStaffTenants } from '../../requests/web/staff/useStaffTenants.ts';

const CARRIED = ['kommune', 'zeitraum', 'von', 'bis'];

export function useAnalyticsTenant() {
  const search = useSearchState();
  const { choices, tenant, tenantName, mayEdit } = useStaffTenants(search.get('kommune'));
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const kept = new URLSearchParams([...params].filter(([k]) => CARRIED.includes(k)));
  const carry = kept.toString() ? `?${kept.toString()}` : '';
  return {
    choices, tenant, tenantName, editable: mayEdit(tenant),
    api: `/api/v1/tenants/${encodeURIComponent(tenant)}/analytics`,
    /** "?kommune=…&zeitraum=…" for links to the other analytics pages. */
    carry,
    chooseTenant: (slug: string) => search.update({ kommune: slug }),
  };
}
