// For publishers: the datasets of their organisations (drafts and private ones included) and a
// form to publish a new one. Writes go through the CKAN API, like every other client's.
import { Link } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import { formatDateTime } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { CheckboxGroup, Field, SelectField } from '../../../web/ui/Field.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { ckanAction } from './ckan.ts';
import type { Envelope, Package, SearchResult } from './types.ts';

// The licences publishers choose most; every dcat-ap.de licence is accepted through the API.
const LICENCES = [
  { value: 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0', label: 'Datenlizenz Deutschland – Zero – 2.0' },
  { value: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0', label: 'Datenlizenz Deutschland Namensnennung 2.0' },
  { value: 'http://dcat-ap.de/def/licenses/cc-by/4.0', label: 'Creative Commons Namensnennung 4.0 (CC BY 4.0)' },
  { value: 'http://dcat-ap.de/def/licenses/cc-zero', label: 'Creative Commons Zero (CC0)' },
];
const THEMES = [
  ['tran', 'Verkehr'], ['envi', 'Umwelt'], ['soci', 'Bevölkerung und Gesellschaft'], ['gove', 'Regierung und öffentlicher Sektor'],
  ['econ', 'Wirtschaft und Finanzen'], ['educ', 'Bildung, Kultur und Sport'], ['heal', 'Gesundheit'], ['ener', 'Energie'],
  ['regi', 'Regionen und Städte'], ['just', 'Justiz, Rechtssystem und öffentliche Sicherheit'], ['agri', 'Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel'],
  ['tech', 'Wissenschaft und Technologie'], ['intr', 'Internationale Themen'],
].map(([value, label]) => ({ value: value!, label: label! }));

/** "Parkhäuser in Gießen" → "parkhaeuser-in-giessen": CKAN names are lower-case ASCII. */
export function slugify(title: string): string {
  return title.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

export function DatasetsAdminPage() {
  const { user } = useSession();
  const orgs = (user?.memberships ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.tenantSlug, label: m.tenantName }));
  const fq = user?.isPlatformAdmin ? '' : `organization:(${orgs.map((o) => o.value).join(' OR ') || 'keine'})`;
  const list = useApi<Envelope<SearchResult>>(`/api/3/action/package_search?rows=50&sort=metadata_modified+desc&include_private=true&include_drafts=true${fq ? `&fq=${encodeURIComponent(fq)}` : ''}`);
  if (!user) return null;
  return (
    <Page title="Datensätze" lead="Offene Daten Ihrer Organisationen veröffentlichen und pflegen.">
      <Loaded resource={list} loading="Datensätze werden geladen …" errorTitle="Die Datensätze konnten nicht geladen werden.">
        {({ result }) => (
          <Table
            caption={`Datensätze Ihrer Organisationen (${result.count})`}
            rows={result.results}
            rowKey={(p: Package) => p.id}
            empty="Noch keine Datensätze."
            columns={[
              { header: 'Titel', rowHeader: true, cell: (p) => <Link to={`/daten/${p.name}`}>{p.title}</Link> },
              { header: 'Organisation', cell: (p) => p.organization.title },
              { header: 'Sichtbarkeit', cell: (p) => (p.private ? 'privat' : p.state === 'draft' ? 'Entwurf' : 'öffentlich') },
              { header: 'Geändert', cell: (p) => formatDateTime(p.metadata_modified + 'Z') },
            ]}
          />
        )}
      </Loaded>
      <section aria-labelledby="datensatz-neu-titel" className="panel">
        <h2 id="datensatz-neu-titel">Neuen Datensatz veröffentlichen</h2>
        {orgs.length === 0 && !user.isPlatformAdmin ? (
          <Alert kind="info">Veröffentlichen können Redaktion und Administration einer Kommune.</Alert>
        ) : (
          <Form
            id="datensatz-neu"
            submitLabel="Veröffentlichen"
            onSubmit={async (d) => {
              const title = String(d.get('title') ?? '').trim();
              const url = String(d.get('resource_url') ?? '').trim();
              const p = await ckanAction<Package>('package_create', {
                name: String(d.get('name') ?? '').trim() || slugify(title),
                title, notes: String(d.get('notes') ?? ''), owner_org: String(d.get('owner_org') ?? ''),
                license_id: String(d.get('license_id') ?? ''),
                groups: d.getAll('groups').map((name) => ({ name: String(name) })),
                tag_string: String(d.get('tags') ?? ''),
                resources: url ? [{ url, format: String(d.get('resource_format') ?? ''), name: String(d.get('resource_format') ?? '') || 'Daten' }] : [],
              });
              list.reload();
              return `Datensatz „${p.title}“ ist veröffentlicht (${location.origin}/daten/${p.name}).`;
            }}
          >
            <div className="form-grid">
              <Field name="title" label="Titel" />
              <Field name="name" label="Kurzname in der Adresse" optional hint="Kleinbuchstaben, Ziffern, - und _; leer lassen, um ihn aus dem Titel zu bilden." />
              <SelectField name="owner_org" label="Organisation" options={user.isPlatformAdmin && orgs.length === 0 ? [{ value: '', label: '– Organisation wählen –' }] : orgs} />
              <SelectField name="license_id" label="Lizenz" options={LICENCES} />
            </div>
            <Field name="notes" label="Beschreibung" optional />
            <Field name="tags" label="Schlagwörter" optional hint="Durch Kommas getrennt, z. B. Verkehr, Parken" />
            <CheckboxGroup name="groups" label="Themen" hint="Die Themen der EU, unter denen der Datensatz gefunden wird." options={THEMES} />
            <div className="form-grid">
              <Field name="resource_url" label="Adresse der Daten (URL)" type="url" optional hint="z. B. https://www.stadt.de/daten.csv" />
              <Field name="resource_format" label="Format" optional hint="z. B. CSV, JSON, GeoJSON" />
            </div>
          </Form>
        )}
      </section>
    </Page>
  );
}
