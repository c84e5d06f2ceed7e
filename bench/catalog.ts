// npm run bench -- catalog [datasets] [repetitions]
// Generates N datasets (default 100,000) over 10 tenants, then measures package_search through
// the real app (selective query, broad query, facets over everything, harvester paging) next to
// the bare SQL that answers the same question, measured in the same run.
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { seedTenants } from '../src/modules/core/seed/demo.ts';
import { freshDatabase } from '../test/helpers/db.ts';

const N = Number(process.argv[2] ?? 100_000);
const REPS = Number(process.argv[3] ?? 50);
const TENANTS = ['frankfurt', 'wiesbaden', 'darmstadt', 'offenbach', 'marburg', 'giessen', 'limburg', 'fulda', 'wetzlar', 'wetteraukreis'];

const fresh = await freshDatabase();
const db = fresh.db;
await seedTenants(db);

// Titles and descriptions from a small German vocabulary, so full text behaves like real data.
const t0 = performance.now();
await sql`
  WITH words AS (SELECT ARRAY['Parkhaus','Verkehr','Haushalt','Luftqualität','Baumkataster','Schulen','Wahlergebnisse','Bevölkerung',
                             'Radverkehr','Haltestellen','Baustellen','Abfall','Pegelstände','Kindertagesstätten','Spielplätze','Friedhöfe',
                             'Straßenreinigung','Denkmäler','Bebauungspläne','Gewerbe'] AS w,
                       ARRAY['agri','econ','educ','ener','envi','gove','heal','intr','just','regi','soci','tech','tran'] AS th,
                       ARRAY['http://dcat-ap.de/def/licenses/dl-by-de/2.0','http://dcat-ap.de/def/licenses/dl-zero-de/2.0','http://dcat-ap.de/def/licenses/cc-by/4.0'] AS li),
       orgs AS (SELECT array_agg(o.id ORDER BY o.name) AS ids, array_agg(o.tenant_id ORDER BY o.name) AS tids
                  FROM catalog_organizations o WHERE o.name = ANY(${TENANTS}))
  INSERT INTO catalog_datasets (tenant_id, organization_id, name, title, notes, license_id, tags, themes, frequency, metadata_modified, metadata_created)
  SELECT orgs.tids[1 + i % 10], orgs.ids[1 + i % 10], 'ds-' || i,
         w[1 + i % 20] || ' ' || w[1 + (i / 20) % 20] || ' ' || i,
         'Datensatz ' || i || ' über ' || w[1 + (i / 7) % 20] || ' und ' || w[1 + (i / 13) % 20] || ' in der Kommune.',
         li[1 + i % 3], ARRAY[w[1 + i % 20], w[1 + (i / 3) % 20]], ARRAY[th[1 + i % 13]], 'ANNUAL',
         now() - make_interval(mins => i), now() - make_interval(mins => i)
    FROM generate_series(1, ${N}) AS i, words, orgs`.execute(db);
await sql`
  INSERT INTO catalog_resources (dataset_id, tenant_id, position, name, url, format)
  SELECT d.id, d.tenant_id, 0, 'Daten', 'https://example.org/' || d.name || '.csv', (ARRAY['CSV','JSON','XLSX','GEOJSON'])[1 + abs(hashtext(d.name)) % 4]
    FROM catalog_datasets d`.execute(db);
// What the job catalog.facets.compact does every 30 s: fold the counter deltas of the bulk load.
await sql`SELECT catalog_facet_compact()`.execute(db);
await sql`ANALYZE`.execute(db);
console.log(`generated ${N.toLocaleString('en')} datasets with resources in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const app = await buildApp({ config: loadConfig({ DATABASE_URL: fresh.url, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }), db });
await app.ready();

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
async function time(fn: () => Promise<unknown>, prepare?: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const out: number[] = [];
  for (let i = 0; i < REPS; i++) {
    await prepare?.(); // not timed
    const s = performance.now();
    await fn();
    out.push(performance.now() - s);
  }
  return out;
}
async function api(qs: string) {
  const res = await app.inject({ url: `/api/3/action/package_search?${qs}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json().result as { count: number };
}

const facetList = encodeURIComponent('["organization","groups","tags","res_format","license_id"]');
// A write anywhere in the catalogue invalidates cached facet counts; this simulates one.
const change = async () => {
  await sql`UPDATE catalog_datasets SET title = title || '' WHERE name = 'ds-1'`.execute(db); // a real write (bumps version, adds deltas)
};
// Bare SQL for the same facets: five aggregations over the (filtered) public datasets.
const facetsSql = (where = sql`true`) => sql`WITH f AS MATERIALIZED (SELECT * FROM catalog_datasets d WHERE d.state = 'active' AND NOT d.private AND ${where})
  SELECT (SELECT json_object_agg(name, n) FROM (SELECT o.name, count(*) n FROM f JOIN catalog_organizations o ON o.id = f.organization_id GROUP BY 1) a),
      (SELECT json_object_agg(t, n) FROM (SELECT t, count(*) n FROM f, unnest(themes) t GROUP BY 1) b),
      (SELECT json_object_agg(t, n) FROM (SELECT t, count(*) n FROM f, unnest(tags) t GROUP BY 1 ORDER BY 2 DESC LIMIT 50) c),
      (SELECT json_object_agg(x, n) FROM (SELECT x, count(*) n FROM f, unnest(formats) x GROUP BY 1) e),
      (SELECT json_object_agg(license_id, n) FROM (SELECT license_id, count(*) n FROM f GROUP BY 1) g)`.execute(db);
const csvOnly = () => facetsSql(sql`d.formats @> ARRAY['CSV']`);
const cases: { name: string; qs: string; baseline: () => Promise<unknown>; prepare?: () => Promise<unknown> }[] = [
  {
    name: 'selective: q=Parkhaus fq=organization:giessen',
    qs: `q=Parkhaus&fq=${encodeURIComponent('organization:giessen')}`,
    baseline: () => sql`SELECT d.* FROM catalog_datasets d JOIN catalog_organizations o ON o.id = d.organization_id
      WHERE d.search @@ plainto_tsquery('german', 'Parkhaus') AND o.name = 'giessen' AND d.state = 'active' AND NOT d.private
      ORDER BY ts_rank(d.search, plainto_tsquery('german', 'Parkhaus')) DESC LIMIT 10`.execute(db),
  },
  {
    name: 'broad: q=Verkehr (every dataset mentioning it)',
    qs: 'q=Verkehr',
    baseline: () => sql`SELECT d.*, count(*) OVER () FROM catalog_datasets d WHERE d.search @@ plainto_tsquery('german', 'Verkehr')
      AND d.state = 'active' AND NOT d.private ORDER BY ts_rank(d.search, plainto_tsquery('german', 'Verkehr')) DESC LIMIT 10`.execute(db),
  },
  // Unfiltered: answered from the trigger-maintained counters, so a change costs nothing.
  { name: 'facets over everything (5 fields), rows=0, catalogue just changed', qs: `rows=0&facet.field=${facetList}`, baseline: () => facetsSql(), prepare: change },
  // Filtered: counted over the matching datasets and cached per catalogue version.
  { name: 'facets over a broad filter (fq=res_format:CSV, ~25 %), cold: catalogue just changed', qs: `rows=0&fq=res_format:CSV&facet.field=${facetList}`, baseline: csvOnly, prepare: change },
  { name: 'facets over a broad filter (fq=res_format:CSV), warm: no change since last call', qs: `rows=0&fq=res_format:CSV&facet.field=${facetList}`, baseline: csvOnly },
  {
    name: 'harvester page: rows=100 sort=id asc fq=metadata_modified:[… TO *] organization:x',
    qs: `rows=100&start=200&sort=id+asc&fq=${encodeURIComponent('metadata_modified:[2020-01-01T00:00:00Z TO *] organization:fulda')}`,
    baseline: () => sql`SELECT d.*, (SELECT json_agg(r) FROM catalog_resources r WHERE r.dataset_id = d.id) FROM catalog_datasets d
      JOIN catalog_organizations o ON o.id = d.organization_id WHERE o.name = 'fulda' AND d.metadata_modified >= '2020-01-01'
      AND d.state = 'active' AND NOT d.private ORDER BY d.id LIMIT 100 OFFSET 200`.execute(db),
  },
];

console.log(`\n${REPS} sequential calls each, through app.inject (whole CKAN action incl. JSON), baseline = bare SQL for the same answer\n`);
console.log('| query | hits | p50 ms | p99 ms | bare SQL p50 ms | ratio p50 |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const c of cases) {
  const hits = (await api(c.qs)).count;
  const ours = await time(() => api(c.qs), c.prepare);
  const base = await time(c.baseline);
  console.log(`| ${c.name} | ${hits.toLocaleString('en')} | ${pct(ours, 50).toFixed(1)} | ${pct(ours, 99).toFixed(1)} | ${pct(base, 50).toFixed(1)} | ${(pct(ours, 50) / pct(base, 50)).toFixed(2)}× |`);
}

// DCAT-AP.de export rate: a harvester walking one municipality's catalogue page by page
// (10 % of all datasets), next to the bare SQL reading the same pages and to CKAN JSON paging.
const PAGES = Math.min(100, Math.ceil(N / 10 / 100));
async function walk(fetchPage: (page: number) => Promise<number>, pages: number): Promise<{ rate: number; perPage: number }> {
  await fetchPage(1); // warm up
  let n = 0;
  const s = performance.now();
  for (let p = 1; p <= pages; p++) n += await fetchPage(p);
  const ms = performance.now() - s;
  return { rate: n / (ms / 1000), perPage: ms / pages };
}
async function dcatPage(format: string, page: number) {
  const res = await app.inject({ url: `/organization/frankfurt/catalog.${format}?page=${page}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  // Datasets in the page, counted in the text of each serialisation.
  return (res.body.match(/ a dcat:Dataset[;.]|"http:\/\/www\.w3\.org\/ns\/dcat#Dataset"|"dcat:Dataset"/g) ?? []).length;
}
const sqlPage = async (page: number) => {
  const rows = await sql<{ id: string }>`SELECT d.*, o.name, t.slug FROM catalog_datasets d JOIN catalog_organizations o ON o.id = d.organization_id
    JOIN core_tenants t ON t.id = d.tenant_id WHERE o.name = 'frankfurt' AND d.state = 'active' AND NOT d.private
    ORDER BY d.metadata_modified DESC, d.id LIMIT 100 OFFSET ${(page - 1) * 100}`.execute(db);
  await sql`SELECT * FROM catalog_resources WHERE dataset_id = ANY(${rows.rows.map((r) => r.id)}::uuid[])`.execute(db);
  return rows.rows.length;
};
const ckanPage = async (page: number) => (await api(`rows=100&start=${(page - 1) * 100}&sort=id+asc&fq=organization:frankfurt`)) && 100;
const baseline = await walk(sqlPage, PAGES);
console.log(`\nDCAT-AP.de export: ${PAGES} pages of 100 datasets of one municipality, sequential, through app.inject\n`);
console.log('| export | datasets/s | ms per page | vs. bare SQL of the same pages |');
console.log('|---|---:|---:|---:|');
console.log(`| bare SQL (baseline: page rows + resources) | ${Math.round(baseline.rate).toLocaleString('en')} | ${baseline.perPage.toFixed(1)} | 1.00× |`);
const ckan = await walk(ckanPage, PAGES);
console.log(`| CKAN package_search JSON (rows=100) | ${Math.round(ckan.rate).toLocaleString('en')} | ${ckan.perPage.toFixed(1)} | ${(ckan.rate / baseline.rate).toFixed(2)}× |`);
for (const format of ['ttl', 'rdf', 'jsonld']) {
  const r = await walk((p) => dcatPage(format, p), format === 'ttl' ? PAGES : Math.min(PAGES, 20));
  console.log(`| DCAT-AP.de ${format} | ${Math.round(r.rate).toLocaleString('en')} | ${r.perPage.toFixed(1)} | ${(r.rate / baseline.rate).toFixed(2)}× |`);
}
await app.close();
await fresh.drop();
