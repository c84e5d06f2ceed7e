// The parts of CKAN's package dict and package_search result the portal shows.
export type Resource = {
  id: string; name: string; description: string; url: string; format: string; size: number | null; license_title: string | null;
  license?: string | null; url_type?: string | null; mimetype?: string | null; hash?: string;
};
export type Package = {
  id: string; name: string; title: string; notes: string; license_id: string | null; license_title: string | null; license_url: string | null;
  url: string | null; metadata_modified: string; metadata_created: string; private: boolean; state: string;
  organization: { name: string; title: string; description?: string };
  maintainer?: string | null; maintainer_email?: string | null;
  tags: { name: string }[]; groups: { name: string; title: string }[]; resources: Resource[]; extras: { key: string; value: string }[];
};
export type FacetItem = { name: string; display_name: string; count: number };
export type SearchResult = { count: number; results: Package[]; search_facets: Record<string, { items: FacetItem[] }> };
export type Envelope<T> = { success: boolean; result: T };
