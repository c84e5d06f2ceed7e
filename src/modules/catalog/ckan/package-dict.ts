// Our datasets as CKAN package dicts: the fields CKAN clients read, DCAT-AP.de fields in
// `extras` as GovData's CKAN (ckanext-dcatde) carries them, licences as dcat-ap.de IRIs,
// groups as lower-case EU theme codes.
import type { DatasetRow, ResourceRow } from '../repo.ts';
import type { DatasetInput, ResourceInput } from './package-input.ts';
import { frequencyIri, HVD_LEGISLATION, hvdIri, licence, politicalGeocoding, THEMES } from '../vocab.ts';
export { politicalGeocoding };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
// CKAN prints timestamps without zone (UTC); clients parse them that way.
const ckanTime = (d: Date | string) => new Date(d).toISOString().replace('Z', '');

export function presentResource(r: ResourceRow) {
  const lic = licence(r.license_id);
  return {
    id: r.id, package_id: r.dataset_id, name: r.name, description: r.description, url: r.url, format: r.format,
    mimetype: r.mimetype, size: r.size, hash: r.hash ?? '', license: r.license_id, license_title: lic?.title ?? null,
    url_type: r.url_type, position: r.position, state: 'active', created: ckanTime(r.created),
    last_modified: r.last_modified ? ckanTime(r.last_modified) : null,
  };
}

export function presentOrganization(o: { id: string; name: string; title: string; description: string; created_at: Date | string; package_count?: number }) {
  return {
    id: o.id, name: o.name, title: o.title, display_name: o.title, description: o.description, type: 'organization',
    is_organization: true, state: 'active', approval_status: 'approved', image_url: '', image_display_url: '',
    created: ckanTime(o.created_at), ...(o.package_count !== undefined && { package_count: o.package_count }),
  };
}

export function presentGroup(code: string, count?: number) {
  return {
    id: code, name: code, title: THEMES[code] ?? code, display_name: THEMES[code] ?? code, description: '', type: 'group',
    is_organization: false, state: 'active', approval_status: 'approved', image_url: '', image_display_url: '',
    ...(count !== undefined && { package_count: count }),
  };
}

/** The extras the server derives from the tenant, the organisation and the HVD category. */
export function derivedExtras(d: DatasetRow): Record<string, string | null> {
  const geo = politicalGeocoding(d);
  return {
    politicalGeocodingURI: JSON.stringify([geo.uri]),
    politicalGeocodingLevelURI: geo.levelUri,
    geocodingText: JSON.stringify([d.tenant_name]),
    publisher_name: d.org_title,
    temporal_start: iso(d.temporal_start),
    temporal_end: iso(d.temporal_end),
    issued: iso(d.issued),
    modified: iso(d.modified),
    frequency: d.frequency ? frequencyIri(d.frequency) : null,
    hvd_category: d.hvd_category ? hvdIri(d.hvd_category) : null,
    applicable_legislation: d.hvd_category ? HVD_LEGISLATION : null,
  };
}

export function presentPackage(d: DatasetRow, resources: ResourceRow[]) {
  const lic = licence(d.license_id);
  const derived = derivedExtras(d);
  // Given extras win over derived ones (a publisher may state a finer geocoding).
  const extras = { ...Object.fromEntries(Object.entries(derived).filter(([, v]) => v !== null)), ...d.extras } as Record<string, string>;
  return {
    id: d.id, name: d.name, title: d.title, notes: d.notes, type: 'dataset', state: d.state, private: d.private,
    license_id: d.license_id, license_title: lic?.title ?? null, license_url: lic?.url ?? null, isopen: lic?.odConformance === 'approved',
    url: d.url, version: d.version, author: d.author, author_email: d.author_email, maintainer: d.maintainer, maintainer_email: d.maintainer_email,
    owner_org: d.organization_id, creator_user_id: d.creator_user_id,
    organization: presentOrganization({ id: d.organization_id, name: d.org_name, title: d.org_title, description: d.org_description, created_at: d.org_created }),
    metadata_created: ckanTime(d.metadata_created), metadata_modified: ckanTime(d.metadata_modified),
    num_tags: d.tags.length, tags: d.tags.map((t) => ({ name: t, display_name: t, state: 'active', vocabulary_id: null })),
    groups: d.themes.map((g) => presentGroup(g)),
    num_resources: resources.length, resources: resources.map(presentResource),
    extras: Object.entries(extras).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
  };
}
export type PackageDict = ReturnType<typeof presentPackage>;

/** The stored dataset as input, the base that package_patch applies changes to. */
export function toInput(d: DatasetRow, resources: ResourceRow[]): DatasetInput {
  const res: ResourceInput[] = resources.map((r) => ({
    id: r.id, name: r.name, description: r.description, url: r.url, format: r.format, mimetype: r.mimetype, size: r.size, hash: r.hash,
    license_id: r.license_id, url_type: r.url_type, last_modified: iso(r.last_modified),
  }));
  return {
    name: d.name, title: d.title, notes: d.notes, owner_org: d.org_name, private: d.private, state: d.state === 'draft' ? 'draft' : 'active',
    license_id: d.license_id, url: d.url, version: d.version, author: d.author, author_email: d.author_email, maintainer: d.maintainer,
    maintainer_email: d.maintainer_email, tags: d.tags, themes: d.themes, frequency: d.frequency, temporal_start: iso(d.temporal_start),
    temporal_end: iso(d.temporal_end), issued: iso(d.issued), modified: iso(d.modified), hvd_category: d.hvd_category, extras: d.extras, resources: res,
  };
}
