// /kooperationen/{slug}: a cooperation of municipalities, its members with their number of
// public datasets, the newest datasets of all members, and the shared search and catalogue.
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import { numberDe } from '../../../web/format.ts';
import type { Cooperation } from '../../../web/types.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { CatalogLinks, DatasetList } from './DatasetList.tsx';
import type { Envelope, SearchResult } from './types.ts';

export function CooperationPage() {
  const { slug = '' } = useParams();
  const coop = useApi<Cooperation>(`/api/v1/cooperations/${encodeURIComponent(slug)}`);
  const params = new URLSearchParams({ fq: `cooperation:"${slug.replace(/"/g, '')}"`, rows: '10', sort: 'metadata_modified desc', 'facet.field': '["tenant"]', 'facet.limit': '-1' });
  const datasets = useApi<Envelope<SearchResult>>(`/api/3/action/package_search?${params}`);
  const { user } = useSession();
  const schemas = useApi<{ items: { name: string; title: string; version: string; valid: number }[] }>(`/api/v1/cooperations/${encodeURIComponent(slug)}/schemas`);
  return (
    <Loaded resource={coop} loading="Kooperation wird geladen …" errorTitle="Die Kooperation konnte nicht geladen werden.">
      {(c) => (
        <Page title={c.name} lead={c.description || 'Kommunen, die zusammenarbeiten und ihre Daten gemeinsam anbieten.'}>
          <Loaded resource={datasets} loading="Datensätze werden geladen …" errorTitle="Die Datensätze konnten nicht geladen werden.">
            {({ result: r }) => {
              const perTenant = new Map((r.search_facets.tenant?.items ?? []).map((i) => [i.name, i.count]));
              const members = [...c.members].sort((a, b) => a.name.localeCompare(b.name, 'de'));
              return (
                <>
                  <Table
                    caption={`Mitglieder (${c.members.length})`}
                    rows={members}
                    rowKey={(m) => m.slug}
                    empty="Noch keine Mitglieder."
                    columns={[
                      { header: 'Kommune', rowHeader: true, cell: (m) => <Link to={`/organisationen/${m.slug}`}>{m.name}</Link> },
                      { header: 'Öffentliche Datensätze', numeric: true, cell: (m) => numberDe.format(perTenant.get(m.slug) ?? 0) },
                    ]}
                  />
                  <section aria-labelledby="koop-datensaetze">
                    <h2 id="koop-datensaetze">
                      {r.count === 0
                        ? 'Noch keine öffentlichen Datensätze'
                        : r.count > r.results.length
                          ? `Die neuesten ${r.results.length} von ${numberDe.format(r.count)} Datensätzen der Mitglieder`
                          : `Datensätze der Mitglieder (${r.count})`}
                    </h2>
                    <DatasetList items={r.results} />
                    {r.count > 0 && (
                      <p>
                        <Link to={`/daten?kooperation=${c.slug}`}>Alle {numberDe.format(r.count)} Datensätze der Kooperation durchsuchen</Link>
                      </p>
                    )}
                  </section>
                </>
              );
            }}
          </Loaded>
          <section aria-labelledby="koop-schemas">
            <h2 id="koop-schemas">Gemeinsame Datenschemas</h2>
            <Loaded resource={schemas} loading="Schemas werden geladen …" errorTitle="Die Schemas konnten nicht geladen werden.">
              {(s) => (s.items.length === 0 ? <p>Noch keine gemeinsamen Schemas.</p> : (
                <ul>
                  {s.items.map((x) => (
                    <li key={x.name}>
                      <Link to={`/kooperationen/${c.slug}/schemas/${x.name}`}>{x.title}</Link> (Version {x.version}, {x.valid === 1 ? '1 passende Ressource' : `${numberDe.format(x.valid)} passende Ressourcen`})
                    </li>
                  ))}
                </ul>
              ))}
            </Loaded>
            {user && (user.isPlatformAdmin || user.memberships.some((m) => m.role === 'admin' && c.members.some((x) => x.slug === m.tenantSlug))) && (
              <p>
                <Link to={`/kooperationen/${c.slug}/schema-anlegen`}>Neues gemeinsames Schema anlegen</Link>
              </p>
            )}
          </section>
          <section aria-labelledby="koop-serviceversprechen">
            <h2 id="koop-serviceversprechen">Serviceversprechen</h2>
            <p>
              <Link to={`/kooperationen/${c.slug}/serviceversprechen`}>Wie zuverlässig die Mitglieder Anliegen in den zugesagten Fristen bearbeiten – im Vergleich</Link>
            </p>
          </section>
          <section aria-labelledby="koop-maschinenlesbar">
            <h2 id="koop-maschinenlesbar">Maschinenlesbar</h2>
            <CatalogLinks base={`/cooperation/${c.slug}/catalog`} label="Gemeinsamer DCAT-AP.de-Katalog aller Mitglieder" />
          </section>
        </Page>
      )}
    </Loaded>
  );
}
