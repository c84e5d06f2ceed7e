// /serviceversprechen/{kommune}: how well one municipality keeps its service promises.
import { Link, useParams } from 'react-router';
import { useApi } from '../../../../web/useApi.ts';
import type { Tenant } from '../../../../web/types.ts';
import { Page } from '../../../../web/ui/Page.tsx';
import { PromisesDashboard } from './PromisesDashboard.tsx';

export function TenantPromisesPage() {
  const { kommune = '' } = useParams();
  // The name for the heading; the figures load on their own, so a slow list delays nothing.
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const name = tenants.data?.items.find((t) => t.slug === kommune)?.name ?? kommune;
  return (
    <Page
      title={`Serviceversprechen: ${name}`}
      lead={<>Wie zuverlässig {name} Anliegen von Bürgerinnen und Bürgern in den zugesagten Fristen bearbeitet. <Link to={`/anliegen/melden?kommune=${encodeURIComponent(kommune)}`}>Anliegen melden</Link></>}
    >
      <PromisesDashboard scope={{ kind: 'tenant', slug: kommune }} />
    </Page>
  );
}
