// The publishers of the portal: /organisationen (all, with their number of public datasets) and
// /organisationen/{name} (description, newest datasets, search and DCAT-AP.de catalogue).
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { numberDe } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { CatalogLinks, DatasetList } from './DatasetList.tsx';
import type { Envelope, SearchResult } from './types.ts';

type Organization = { id: string; name: string; title: string; description: string; package_count?: number };

const count = (n: number) => (n === 1 ? '1 Datensatz' : `${numberDe.format(n)} Datensätze`);

export function OrganizationsPage() {
  const orgs = useApi<Envelope<Organization[]>>('/api/3/action/organization_list?all_fields=true');
  return (
    <Page title="Organisationen" lead="Die Kommunen und Ämter, die hier offene Daten veröffentlichen.">
      <Loaded resource={orgs} loading="Organisationen werden geladen …" errorTitle="Die Organisationen konnten nicht geladen werden.">
        {({ result }) => {
          const sorted = [...result].sort((a, b) => a.title.localeCompare(b.title, 'de'));
          const total = result.reduce((n, o) => n + (o.package_count ?? 0), 0);
          return (
            <Table
              caption={`${result.length} veröffentlichende Organisationen mit zusammen ${total === 1 ? 'einem Datensatz' : `${numberDe.format(total)} Datensätzen`}`}
              rows={sorted}
              rowKey={(o) => o.id}
              columns={[
                { header: 'Organisation', rowHeader: true, cell: (o) => <Link to={`/organisationen/${o.name}`}>{o.title}</Link> },
                { header: 'Öffentliche Datensätze', numeric: true, cell: (o) => numberDe.format(o.package_count ?? 0) },
                {
                  header: 'Suche',
                  cell: (o) => (o.package_count ? <Link to={`/daten?organisation=${o.name}`}>Datensätze durchsuchen<span className="visually-hidden"> von {o.title}</span></Link> : '–'),
                },
              ]}
            />
          );
        }}
      </Loaded>
    </Page>
  );
}

export function OrganizationPage() {
  const { name = '' } = useParams();
  const org = useApi<Envelope<Organization>>(`/api/3/action/organization_show?id=${encodeURIComponent(name)}`);
  const fq = encodeURIComponent(`organization:"${name.replace(/"/g, '')}"`);
  const datasets = useApi<Envelope<SearchResult>>(`/api/3/action/package_search?fq=${fq}&rows=10&sort=metadata_modified+desc`);
  return (
    <Loaded resource={org} loading="Organisation wird geladen …" errorTitle="Die Organisation konnte nicht geladen werden.">
      {({ result: o }) => (
        <Page title={o.title} lead={o.description || 'Veröffentlicht offene Daten auf dieser Plattform.'}>
          <Loaded resource={datasets} loading="Datensätze werden geladen …" errorTitle="Die Datensätze konnten nicht geladen werden.">
            {({ result: r }) => (
              <section aria-labelledby="org-datensaetze">
                <h2 id="org-datensaetze">{r.count === 0 ? 'Noch keine öffentlichen Datensätze' : r.count > r.results.length ? `Die neuesten ${r.results.length} von ${count(r.count)}` : count(r.count)}</h2>
                <DatasetList items={r.results} />
                {r.count > 0 && (
                  <p>
                    <Link to={`/daten?organisation=${o.name}`}>Alle {count(r.count)} von {o.title} durchsuchen</Link>
                  </p>
                )}
              </section>
            )}
          </Loaded>
          <section aria-labelledby="org-maschinenlesbar">
            <h2 id="org-maschinenlesbar">Maschinenlesbar</h2>
            <CatalogLinks base={`/organization/${o.name}/catalog`} label="DCAT-AP.de-Katalog dieser Organisation" />
            <p>
              CKAN-API: <a href={`/api/3/action/organization_show?id=${o.name}&include_datasets=true`}>organization_show</a>
            </p>
          </section>
        </Page>
      )}
    </Loaded>
  );
}
