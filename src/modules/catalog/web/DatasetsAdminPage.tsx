// For publishers: the datasets of their organisations (drafts and private ones included), each
// with a link to the editor, and a way to start a new one. Writes go through the CKAN API, like
// every other client's (see DatasetEditor.tsx).
import { Link } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import { formatDateTime } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import type { Envelope, Package, SearchResult } from './types.ts';

export function DatasetsAdminPage() {
  const { user } = useSession();
  const orgs = (user?.memberships ?? []).filter((m) => m.role !== 'viewer').map((m) => m.tenantSlug);
  const fq = user?.isPlatformAdmin ? '' : `organization:(${orgs.join(' OR ') || 'keine'})`;
  const list = useApi<Envelope<SearchResult>>(`/api/3/action/package_search?rows=100&sort=metadata_modified+desc&include_private=true&include_drafts=true${fq ? `&fq=${encodeURIComponent(fq)}` : ''}`);
  if (!user) return null;
  const mayPublish = orgs.length > 0 || user.isPlatformAdmin;
  return (
    <Page
      title="Datensätze"
      lead="Offene Daten Ihrer Organisationen veröffentlichen und pflegen."
      actions={mayPublish ? <Link className="btn btn-primary" to="/verwaltung/datensaetze/neu">Neuen Datensatz anlegen</Link> : undefined}
    >
      {!mayPublish && <Alert kind="info">Veröffentlichen können Redaktion und Administration einer Kommune.</Alert>}
      <Loaded resource={list} loading="Datensätze werden geladen …" errorTitle="Die Datensätze konnten nicht geladen werden.">
        {({ result }) => (
          <Table
            caption={`Datensätze Ihrer Organisationen (${result.count}${result.count > result.results.length ? `, die ${result.results.length} zuletzt geänderten` : ''})`}
            rows={result.results}
            rowKey={(p: Package) => p.id}
            empty="Noch keine Datensätze."
            columns={[
              { header: 'Titel', rowHeader: true, cell: (p) => <Link to={`/daten/${p.name}`}>{p.title}</Link> },
              { header: 'Organisation', cell: (p) => p.organization.title },
              { header: 'Sichtbarkeit', cell: (p) => (p.private ? 'privat' : p.state === 'draft' ? 'Entwurf' : 'öffentlich') },
              { header: 'Ressourcen', numeric: true, cell: (p) => p.resources.length },
              { header: 'Geändert', cell: (p) => formatDateTime(p.metadata_modified + 'Z') },
              {
                header: 'Aktion',
                cell: (p) => (
                  <Link className="btn btn-secondary" to={`/verwaltung/datensaetze/${p.name}`}>
                    Bearbeiten<span className="visually-hidden">: {p.title}</span>
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
