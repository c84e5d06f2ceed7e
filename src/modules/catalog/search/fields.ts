// What each Solr field name means in our tables, for q and fq. Values only ever reach SQL as
// parameters. Field names follow CKAN's Solr schema (organization, tags, groups, res_format,
// license_id, metadata_modified, extras_*) plus `tenant` and `cooperation` for cooperations.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { licenceIri } from '../vocab.ts';

type Opts = { prefix: boolean; phrase: boolean };
// The search query is built over catalog_datasets d, catalog_organizations o, core_tenants t.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EB = ExpressionBuilder<any, any>;

const likePrefix = (v: string) => v.replace(/[%_\\]/g, '\\$&') + '%';
const eq = (column: string, transform: (v: string) => unknown = (v) => v) => (v: string, o: Opts) =>
  o.prefix ? sql<SqlBool>`${sql.ref(column)}::text LIKE ${likePrefix(v)}` : sql<SqlBool>`${sql.ref(column)} = ${transform(v)}`;

/** Free text in German: words (stemmed), "phrases" and prefix* matching. */
export function textMatch(value: string, o: Opts): Expression<SqlBool> {
  if (o.phrase) return sql<SqlBool>`d.search @@ phraseto_tsquery('german', ${value})`;
  if (o.prefix) {
    // Only letters and digits reach to_tsquery's syntax; the rest would be operators.
    const word = value.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(/\s+/)[0] ?? '';
    if (!word) return sql<SqlBool>`true`;
    return sql<SqlBool>`(d.search @@ to_tsquery('german', ${word + ':*'}) OR d.search @@ to_tsquery('simple', ${word.toLowerCase() + ':*'}))`;
  }
  return sql<SqlBool>`d.search @@ plainto_tsquery('german', ${value})`;
}

export const FIELDS: Record<string, (v: string, o: Opts) => Expression<SqlBool>> = {
  text: textMatch,
  title: (v, o) => (o.prefix ? sql<SqlBool>`d.title ILIKE ${likePrefix(v)}` : sql<SqlBool>`to_tsvector('german', d.title) @@ ${o.phrase ? sql`phraseto_tsquery('german', ${v})` : sql`plainto_tsquery('german', ${v})`}`),
  notes: (v) => sql<SqlBool>`to_tsvector('german', d.notes) @@ plainto_tsquery('german', ${v})`,
  name: eq('d.name'),
  id: eq('d.id', (v) => sql`${v}::text`),
  organization: eq('o.name'),
  owner_org: (v) => sql<SqlBool>`d.organization_id::text = ${v}`,
  tenant: eq('t.slug'),
  cooperation: (v) => sql<SqlBool>`EXISTS (SELECT 1 FROM core_cooperation_members cm JOIN core_cooperations c ON c.id = cm.cooperation_id WHERE cm.tenant_id = d.tenant_id AND c.slug = ${v})`,
  tags: (v, o) => (o.prefix ? sql<SqlBool>`EXISTS (SELECT 1 FROM unnest(d.tags) x WHERE x LIKE ${likePrefix(v)})` : sql<SqlBool>`${v} = ANY(d.tags)`),
  groups: (v) => sql<SqlBool>`${v.toLowerCase()} = ANY(d.themes)`,
  res_format: (v) => sql<SqlBool>`d.formats @> ARRAY[${v.toUpperCase()}]::text[]`,
  license_id: (v) => sql<SqlBool>`d.license_id = ${licenceIri(v) ?? v}`,
  hvd_category: (v) => sql<SqlBool>`d.hvd_category = ${v.split('/').pop() ?? v}`,
  frequency: (v) => sql<SqlBool>`d.frequency = ${(v.split('/').pop() ?? v).toUpperCase()}`,
  state: eq('d.state'),
  private: (v) => sql<SqlBool>`d.private = ${v.toLowerCase() === 'true'}`,
  dataset_type: (v) => (v === 'dataset' ? sql<SqlBool>`true` : sql<SqlBool>`false`),
  type: (v) => (v === 'dataset' ? sql<SqlBool>`true` : sql<SqlBool>`false`),
};

/** extras_<key>:value matches a stored extra exactly. */
export function extrasField(field: string): ((v: string) => Expression<SqlBool>) | undefined {
  if (!field.startsWith('extras_')) return undefined;
  const key = field.slice('extras_'.length);
  return (v) => sql<SqlBool>`d.extras ->> ${key} = ${v}`;
}

/** Solr date math as harvesters send it: ISO dates, NOW, NOW-1DAY, NOW/DAY-7DAYS. */
export function solrDate(v: string): string {
  const m = /^NOW(\/DAY)?(?:([+-])(\d+)(YEAR|MONTH|DAY|HOUR|MINUTE)S?)?$/.exec(v);
  if (!m) {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid date in range: ${v}`);
    return d.toISOString();
  }
  const d = new Date();
  if (m[1]) d.setUTCHours(0, 0, 0, 0);
  if (m[2]) {
    const n = Number(m[3]) * (m[2] === '-' ? -1 : 1);
    const unit = m[4]!;
    if (unit === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + n);
    else if (unit === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
    else d.setTime(d.getTime() + n * { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000 }[unit as 'DAY' | 'HOUR' | 'MINUTE']);
  }
  return d.toISOString();
}

const range = (column: string, cast: 'timestamptz' | 'integer') => (from: string | null, to: string | null, fi: boolean, ti: boolean) => {
  const val = (v: string) => (cast === 'timestamptz' ? sql`${solrDate(v)}::timestamptz` : sql`${Number(v)}::integer`);
  const parts = [
    from === null ? sql`true` : sql`${sql.raw(column)} ${sql.raw(fi ? '>=' : '>')} ${val(from)}`,
    to === null ? sql`true` : sql`${sql.raw(column)} ${sql.raw(ti ? '<=' : '<')} ${val(to)}`,
  ];
  return sql<SqlBool>`(${parts[0]} AND ${parts[1]})`;
};

export const RANGES = {
  metadata_modified: range('d.metadata_modified', 'timestamptz'),
  metadata_created: range('d.metadata_created', 'timestamptz'),
  issued: range('d.issued', 'timestamptz'),
  modified: range('d.modified', 'timestamptz'),
  temporal_start: range('d.temporal_start', 'timestamptz'),
  temporal_end: range('d.temporal_end', 'timestamptz'),
  num_tags: range('cardinality(d.tags)', 'integer'),
  num_resources: range('(SELECT count(*) FROM catalog_resources r WHERE r.dataset_id = d.id)', 'integer'),
};

export type { EB };
