// Our datasets as DCAT-AP.de 2.0 triples, shaped to pass the official SHACL shapes of the
// profile "Spezifikation + Konventionen" (GovData). DCAT-AP 3.0 / HVD properties are added
// where they cost nothing (dcat:version, dcatap:hvdCategory, dcatap:applicableLegislation).
import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import type { DatasetRow, ResourceRow } from '../repo.ts';
import {
  checksumOf, frequencyIri, HVD_LEGISLATION, hvdIri, licence, mediaTypeIri, politicalGeocoding, themeIri,
} from '../vocab.ts';
import { fileType } from '../file-types.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;
type Prefix = keyof typeof NS;
const iri = (p: Prefix, local: string) => namedNode(NS[p] + local);
const DEU = namedNode('http://publications.europa.eu/resource/authority/language/DEU');
const de = (text: string) => literal(text, 'de');
const dateTime = (d: Date | string) => literal(new Date(d).toISOString(), iri('xsd', 'dateTime'));

/** Collects triples once each (a publisher of many datasets is described once); `add` skips
 *  missing objects so optional fields need no ifs. */
class Graph {
  readonly quads: Quad[] = [];
  private readonly seen = new Set<string>();
  add(s: Quad_Subject, p: [Prefix, string], o: Quad_Object | undefined | null): void {
    if (!o) return;
    const key = `${s.termType}${s.value}|${p[0]}:${p[1]}|${o.termType}${o.value}|${o.termType === 'Literal' ? o.language + o.datatype.value : ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(s, iri(p[0], p[1]), o));
  }
}

export type CatalogSettings = { baseUrl: string; contributorId: string };
export type Publisher = { iri: string; name: string; homepage?: string | null };

export const datasetIri = (base: string, id: string) => `${base}/dataset/${id}`;
export const distributionIri = (base: string, datasetId: string, id: string) => `${base}/dataset/${datasetId}/resource/${id}`;
export const organizationIri = (base: string, id: string) => `${base}/organization/${id}`;

/** The licence a distribution carries: its own, else the dataset's. */
const effectiveLicence = (d: DatasetRow, r: ResourceRow) => licence(r.license_id) ?? licence(d.license_id);

/** A dataset can be exported conformantly when every distribution has a dcat-ap.de licence
 *  (K31); the other mandatory properties always have a value. */
export function exportable(d: DatasetRow, resources: ResourceRow[]): boolean {
  return resources.every((r) => effectiveLicence(d, r));
}

function agent(g: Graph, p: Publisher): Quad_Subject {
  const s = namedNode(p.iri);
  g.add(s, ['rdf', 'type'], iri('foaf', 'Organization'));
  g.add(s, ['foaf', 'name'], de(p.name));
  if (p.homepage) g.add(s, ['foaf', 'homepage'], namedNode(p.homepage));
  return s;
}

/** Konvention 1 wants an e-mail or a contact URL: the given e-mail, else the municipality's
 *  website, else the publisher's page in this portal. */
function contactPoint(g: Graph, s: CatalogSettings, d: DatasetRow): Quad_Object {
  const c = blankNode();
  const person = d.maintainer ?? d.author;
  g.add(c, ['rdf', 'type'], iri('vcard', person ? 'Individual' : 'Organization'));
  g.add(c, ['vcard', 'fn'], literal(person ?? d.org_title));
  const email = d.maintainer_email ?? d.author_email;
  if (email) g.add(c, ['vcard', 'hasEmail'], namedNode(`mailto:${email}`));
  else g.add(c, ['vcard', 'hasURL'], namedNode(d.tenant_website ?? `${s.baseUrl}/organisationen/${d.org_name}`));
  return c;
}

function distribution(g: Graph, s: CatalogSettings, d: DatasetRow, r: ResourceRow): Quad_Object {
  const node = namedNode(distributionIri(s.baseUrl, d.id, r.id));
  g.add(node, ['rdf', 'type'], iri('dcat', 'Distribution'));
  g.add(node, ['dct', 'title'], de(r.name || r.format || d.title));
  if (r.description) g.add(node, ['dct', 'description'], de(r.description));
  g.add(node, ['dcat', 'accessURL'], namedNode(r.url));
  // A file (uploaded or with a file format) is its own download; an API or page is not.
  const format = fileType(r.format);
  const isService = !format || format.service || format.code === 'HTML';
  if (r.url_type === 'upload' || !isService) g.add(node, ['dcat', 'downloadURL'], namedNode(r.url));
  g.add(node, ['dct', 'format'], format ? namedNode(format.iri) : undefined);
  g.add(node, ['dcat', 'mediaType'], mediaTypeIri(r.mimetype) ? namedNode(mediaTypeIri(r.mimetype)!) : undefined);
  g.add(node, ['dct', 'license'], namedNode(effectiveLicence(d, r)!.id));
  if (r.size !== null && r.size >= 0) g.add(node, ['dcat', 'byteSize'], literal(String(r.size), iri('xsd', 'decimal')));
  const sum = checksumOf(r.hash);
  if (sum) {
    const c = blankNode();
    g.add(node, ['spdx', 'checksum'], c);
    g.add(c, ['rdf', 'type'], iri('spdx', 'Checksum'));
    g.add(c, ['spdx', 'algorithm'], namedNode(sum.algorithm));
    g.add(c, ['spdx', 'checksumValue'], literal(sum.value, iri('xsd', 'hexBinary')));
  }
  g.add(node, ['dct', 'issued'], dateTime(r.created));
  g.add(node, ['dct', 'modified'], r.last_modified ? dateTime(r.last_modified) : undefined);
  g.add(node, ['dct', 'language'], DEU);
  return node;
}

/** The triples of one dataset with its publisher and distributions. */
export function datasetTriples(g: Graph, s: CatalogSettings, d: DatasetRow, resources: ResourceRow[]): Quad_Subject {
  const node = namedNode(datasetIri(s.baseUrl, d.id));
  const geo = politicalGeocoding(d);
  g.add(node, ['rdf', 'type'], iri('dcat', 'Dataset'));
  g.add(node, ['dct', 'title'], de(d.title));
  g.add(node, ['dct', 'description'], de(d.notes.trim() || d.title));
  // A harvested dataset keeps its origin's identifier, so GovData's duplicate check and every
  // further harvester (including the origin itself: loop detection) recognise it.
  g.add(node, ['dct', 'identifier'], literal(d.extras.identifier?.trim() || node.value));
  g.add(node, ['dct', 'publisher'], agent(g, { iri: organizationIri(s.baseUrl, d.organization_id), name: d.org_title }));
  g.add(node, ['dcat', 'contactPoint'], contactPoint(g, s, d));
  g.add(node, ['dcatde', 'contributorID'], namedNode(d.extras.contributorID?.startsWith('http://dcat-ap.de/def/contributors/') ? d.extras.contributorID : s.contributorId));
  for (const t of d.tags) g.add(node, ['dcat', 'keyword'], de(t));
  for (const t of d.themes) g.add(node, ['dcat', 'theme'], namedNode(themeIri(t)));
  g.add(node, ['dcatde', 'politicalGeocodingURI'], namedNode(geo.uri));
  g.add(node, ['dcatde', 'politicalGeocodingLevelURI'], namedNode(geo.levelUri));
  g.add(node, ['dcatde', 'geocodingDescription'], de(d.tenant_name));
  g.add(node, ['dct', 'spatial'], namedNode(geo.uri));
  if (d.temporal_start || d.temporal_end) {
    const t = blankNode();
    g.add(node, ['dct', 'temporal'], t);
    g.add(t, ['rdf', 'type'], iri('dct', 'PeriodOfTime'));
    g.add(t, ['dcat', 'startDate'], d.temporal_start ? dateTime(d.temporal_start) : undefined);
    g.add(t, ['dcat', 'endDate'], d.temporal_end ? dateTime(d.temporal_end) : undefined);
  }
  g.add(node, ['dct', 'accrualPeriodicity'], d.frequency ? namedNode(frequencyIri(d.frequency)) : undefined);
  g.add(node, ['dct', 'issued'], dateTime(d.issued ?? d.metadata_created));
  g.add(node, ['dct', 'modified'], dateTime(d.modified ?? d.metadata_modified));
  g.add(node, ['dcat', 'landingPage'], namedNode(d.url ?? `${s.baseUrl}/daten/${d.name}`));
  g.add(node, ['dct', 'language'], DEU);
  if (d.version) {
    g.add(node, ['owl', 'versionInfo'], literal(d.version));
    g.add(node, ['dcat', 'version'], literal(d.version));
  }
  if (d.hvd_category) {
    g.add(node, ['dcatap', 'hvdCategory'], namedNode(hvdIri(d.hvd_category)));
    g.add(node, ['dcatap', 'applicableLegislation'], namedNode(HVD_LEGISLATION));
  }
  for (const r of resources) g.add(node, ['dcat', 'distribution'], distribution(g, s, d, r));
  return node;
}

export type CatalogPage = {
  catalogIri: string; title: string; description: string; publisher: Publisher; homepage: string;
  datasets: { row: DatasetRow; resources: ResourceRow[] }[];
  /** Hydra paging of this response; undefined for a single dataset. */
  paging?: { pageUrl: (page: number) => string; page: number; pageSize: number; total: number };
};

/** A catalogue page: the catalogue, its datasets, and Hydra paging with both the old
 *  (hydra:PagedCollection, nextPage …, as ckanext-dcat writes it) and the current
 *  (hydra:PartialCollectionView, next …) predicates, so every harvester finds its way. */
export function catalogQuads(s: CatalogSettings, c: CatalogPage): Quad[] {
  const g = new Graph();
  const cat = namedNode(c.catalogIri);
  g.add(cat, ['rdf', 'type'], iri('dcat', 'Catalog'));
  g.add(cat, ['dct', 'title'], de(c.title));
  g.add(cat, ['dct', 'description'], de(c.description));
  g.add(cat, ['dct', 'publisher'], agent(g, c.publisher));
  g.add(cat, ['foaf', 'homepage'], namedNode(c.homepage));
  g.add(cat, ['dct', 'language'], DEU);
  g.add(cat, ['dcat', 'themeTaxonomy'], namedNode('http://publications.europa.eu/resource/authority/data-theme'));
  const latest = c.datasets.reduce<Date | null>((m, { row }) => (!m || row.metadata_modified > m ? new Date(row.metadata_modified) : m), null);
  g.add(cat, ['dct', 'modified'], latest ? dateTime(latest) : undefined);
  for (const { row, resources } of c.datasets) g.add(cat, ['dcat', 'dataset'], datasetTriples(g, s, row, resources));
  if (c.paging) addPaging(g, c.paging);
  return g.quads;
}

function addPaging(g: Graph, p: NonNullable<CatalogPage['paging']>): void {
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  const node = namedNode(p.pageUrl(p.page));
  const int = (n: number) => literal(String(n), iri('xsd', 'integer'));
  g.add(node, ['rdf', 'type'], iri('hydra', 'PagedCollection'));
  g.add(node, ['rdf', 'type'], iri('hydra', 'PartialCollectionView'));
  g.add(node, ['hydra', 'totalItems'], int(p.total));
  g.add(node, ['hydra', 'itemsPerPage'], int(p.pageSize));
  const link = (oldName: string, newName: string, page: number) => {
    g.add(node, ['hydra', oldName], literal(p.pageUrl(page)));
    g.add(node, ['hydra', newName], namedNode(p.pageUrl(page)));
  };
  link('firstPage', 'first', 1);
  link('lastPage', 'last', last);
  if (p.page > 1) link('previousPage', 'previous', Math.min(p.page - 1, last));
  if (p.page < last) link('nextPage', 'next', p.page + 1);
}

export { Graph };
