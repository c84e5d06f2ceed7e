// One dataset: description, metadata, resources with licence, and schema.org JSON-LD for
// search engines.
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { formatDate } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import type { Envelope, Package } from './types.ts';
import { QualityPanel } from './QualityPanel.tsx';
import { DatasetHistory } from './DatasetHistory.tsx';
import { EditDatasetLink, ResourceLink } from './ResourceLink.tsx';

// EU frequency codes in German (publications.europa.eu authority table "frequency").
const FREQUENCY: Record<string, string> = {
  CONT: 'laufend', UPDATE_CONT: 'laufend', HOURLY: 'stündlich', DAILY: 'täglich', WEEKLY: 'wöchentlich', BIWEEKLY: 'zweiwöchentlich',
  MONTHLY: 'monatlich', BIMONTHLY: 'zweimonatlich', QUARTERLY: 'vierteljährlich', ANNUAL: 'jährlich', BIENNIAL: 'zweijährlich',
  TRIENNIAL: 'dreijährlich', IRREG: 'unregelmäßig', NEVER: 'nie', UNKNOWN: 'unbekannt', OTHER: 'sonstiger',
};

function schemaOrg(p: Package) {
  return {
    '@context': 'https://schema.org', '@type': 'Dataset', name: p.title, description: p.notes || p.title,
    url: `${location.origin}/daten/${p.name}`, keywords: p.tags.map((t) => t.name), license: p.license_id ?? undefined,
    dateModified: p.metadata_modified + 'Z', creator: { '@type': 'GovernmentOrganization', name: p.organization.title },
    distribution: p.resources.map((r) => ({ '@type': 'DataDownload', name: r.name || r.format, encodingFormat: r.format, contentUrl: r.url })),
  };
}

export function DatasetPage() {
  const { name = '' } = useParams();
  const pkg = useApi<Envelope<Package>>(`/api/3/action/package_show?id=${encodeURIComponent(name)}`);
  return (
    <Loaded resource={pkg} loading="Datensatz wird geladen …" errorTitle="Der Datensatz konnte nicht geladen werden.">
      {({ result: p }) => {
        const extra = (k: string) => p.extras.find((e) => e.key === k)?.value;
        return (
          <Page title={p.title} lead={<Link to={`/organisationen/${p.organization.name}`}>{p.organization.title}</Link>} actions={<EditDatasetLink p={p} />}>
            <script type="application/ld+json">{JSON.stringify(schemaOrg(p))}</script>
            {p.notes && <p className="dataset-notes">{p.notes}</p>}
            <h2>Ressourcen</h2>
            <Table
              caption="Dateien und Schnittstellen dieses Datensatzes"
              rows={p.resources}
              rowKey={(r) => r.id}
              empty="Dieser Datensatz hat noch keine Ressourcen."
              columns={[
                { header: 'Name', rowHeader: true, cell: (r) => r.name || r.format || 'Ressource' },
                { header: 'Format', cell: (r) => r.format || '–' },
                { header: 'Herunterladen', cell: (r) => <ResourceLink r={r} /> },
                { header: 'Daten', cell: (r) => <Link to={`/daten/${p.name}/ressourcen/${r.id}`}>Ansehen<span className="visually-hidden">: {r.name || r.format}</span></Link> },
              ]}
            />
            <h2>Metadaten</h2>
            <dl className="metadata">
              <dt>Lizenz</dt>
              <dd>{p.license_url ? <a href={p.license_url}>{p.license_title}</a> : (p.license_title ?? 'keine Angabe')}</dd>
              <dt>Themen</dt>
              <dd>{p.groups.map((g) => g.title).join(', ') || '–'}</dd>
              <dt>Schlagwörter</dt>
              <dd>{p.tags.map((t) => t.name).join(', ') || '–'}</dd>
              <dt>Aktualisierungsrhythmus</dt>
              <dd>{FREQUENCY[extra('frequency')?.split('/').pop() ?? ''] ?? '–'}</dd>
              <dt>Zuletzt geändert</dt>
              <dd>{formatDate(p.metadata_modified + 'Z')}</dd>
              <dt>Räumlicher Bezug</dt>
              <dd>{extra('geocodingText') ? (JSON.parse(extra('geocodingText')!) as string[]).join(', ') : '–'}</dd>
              {p.url && (
                <>
                  <dt>Webseite</dt>
                  <dd><a href={p.url}>{p.url}</a></dd>
                </>
              )}
            </dl>
            <QualityPanel name={p.name} />
            <p>
              Maschinenlesbar: <a href={`/api/3/action/package_show?id=${p.name}`}>CKAN-API (JSON)</a>
              {' · DCAT-AP.de: '}
              <a href={`/dataset/${p.name}.ttl`} type="text/turtle">Turtle</a>
              {', '}
              <a href={`/dataset/${p.name}.rdf`} type="application/rdf+xml">RDF/XML</a>
              {', '}
              <a href={`/dataset/${p.name}.jsonld`} type="application/ld+json">JSON-LD</a>
            </p>
            <DatasetHistory name={p.name} />
          </Page>
        );
      }}
    </Loaded>
  );
}
