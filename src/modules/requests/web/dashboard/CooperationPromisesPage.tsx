// /kooperationen/{slug}/serviceversprechen: the cities of a cooperation side by side.
import { Link, useParams } from 'react-router';
import { useApi } from '../../../../web/useApi.ts';
import type { Cooperation } from '../../../../web/types.ts';
import { Page } from '../../../../web/ui/Page.tsx';
import { PromisesDashboard } from './PromisesDashboard.tsx';

export function CooperationPromisesPage() {
  const { slug = '' } = useParams();
  const coop = useApi<Cooperation>(`/api/v1/cooperations/${encodeURIComponent(slug)}`);
  const name = coop.data?.name ?? slug;
  return (
    <Page
      title={`Serviceversprechen: ${name}`}
      lead={<>Wie zuverlässig die Kommunen der Kooperation Anliegen in den zugesagten Fristen bearbeiten – im Vergleich. <Link to={`/kooperationen/${encodeURIComponent(slug)}`}>Zur Kooperation</Link></>}
    >
      <PromisesDashboard scope={{ kind: 'cooperation', slug }} />
    </Page>
  );
}
