// npm run bench -- datastore-read [rows] [reps]
// Reads over a big datastore table (default 1,000,000 rows of German text, numbers and dates),
// through the real app (app.inject), each next to the bare SQL doing the same in the same run:
// full-text search `q` before and after the search index job ran, a filtered and sorted page,
// and a facet. Also times the index build (the job) itself. The table is made with
// INSERT … SELECT generate_series into a version table and served by the datastore's own swap.
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createJobRunner } from '../src/server/platform.ts';
import { seedTenants } from '../src/modules/core/seed/demo.ts';
import { finishVersion, swapInVersion } from '../src/modules/datastore/push/tables-sql.ts';
import { versionName } from '../src/modules/datastore/repo.ts';
import type { Field } from '../src/modules/datastore/tables.ts';
import { freshDatabase } from '../test/helpers/db.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const REPS = Number(process.argv[3] ?? 20);
const fresh = await freshDatabase();
const db = fresh.db;
const tenants = await seedTenants(db);
// A long query timeout, so that `q` before the index (a sequential scan) finishes and is measured.
const config = loadConfig({ DATABASE_URL: fresh.url, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', DATASTORE_SQL_TIMEOUT_MS: '600000' });
const jobs = createJobRunner(config, db, () => undefined);
const app = await buildApp({ config, db, jobs });
await app.ready();

// ---- the table: a register of municipal facilities with free-text remarks
const WORDS = ['Rathaus', 'Schule', 'Grundschule', 'Gymnasium', 'Bibliothek', 'Stadtbücherei', 'Schwimmbad', 'Hallenbad', 'Kindergarten', 'Kita', 'Friedhof', 'Sporthalle', 'Museum', 'Theater',
  'Feuerwehr', 'Bürgerbüro', 'Jugendzentrum', 'Seniorenheim', 'Spielplatz', 'Parkhaus', 'Bahnhof', 'Marktplatz', 'Brücke', 'Straße', 'Gehweg', 'Radweg', 'Beleuchtung', 'Heizung',
  'Dach', 'Fenster', 'Fassade', 'Keller', 'Aufzug', 'Treppe', 'Toilette', 'Wasserschaden', 'Schimmel', 'Graffiti', 'Sanierung', 'Renovierung', 'Barrierefreiheit', 'Brandschutz',
  'Photovoltaik', 'Wärmepumpe', 'Dämmung', 'Prüfung', 'Wartung', 'Reinigung', 'Öffnungszeiten', 'geschlossen', 'geöffnet', 'barrierefrei', 'saniert', 'geprüft', 'dringend',
  'Mängel', 'Gutachten', 'Ausschreibung', 'Vergabe', 'Fördermittel', 'Haushalt', 'Investition', 'Schäden', 'Hochwasser', 'Starkregen', 'Sturm', 'Hitze', 'Lärm', 'Müll'];
const CITIES = ['Gießen', 'Frankfurt am Main', 'Wiesbaden', 'Darmstadt', 'Offenbach', 'Marburg', 'Limburg', 'Fulda', 'Wetzlar'];
const KINDS = ['Bildung', 'Kultur', 'Sport', 'Verwaltung', 'Soziales', 'Verkehr', 'Sicherheit', 'Grünflächen'];
const arr = (xs: string[]) => sql.raw(`(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])`);
const fields: Field[] = [
  { id: 'Bezeichnung', type: 'text' }, { id: 'Stadt', type: 'text' }, { id: 'Kategorie', type: 'text' }, { id: 'Bemerkung', type: 'text' },
  { id: 'Kosten', type: 'numeric' }, { id: 'Anzahl', type: 'int' }, { id: 'Datum', type: 'date' },
];
const giessen = tenants.get('giessen')!;
const org = await db.selectFrom('catalog_organizations').select('id').where('name', '=', 'giessen').executeTakeFirstOrThrow();
const ds = await db.insertInto('catalog_datasets').values({ tenant_id: giessen, organization_id: org.id, name: 'bench-read', title: 'Bench', extras: '{}' }).returning('id').executeTakeFirstOrThrow();
const res = await db.insertInto('catalog_resources').values({ dataset_id: ds.id, tenant_id: giessen, position: 0, url: 'https://example.org/x.csv', format: 'CSV' }).returning('id').executeTakeFirstOrThrow();
const t0 = performance.now();
const table = versionName(res.id, 1);
const w = (k: number) => sql`${arr(WORDS)}[1 + ((i * ${sql.raw(String(k))}) % ${sql.raw(String(WORDS.length))})]`;
await sql`CREATE TABLE ${sql.table(`datastore_data.${table}`)} AS SELECT i::bigint AS _id,
  ${w(7919)} || ' ' || ${arr(CITIES)}[1 + (i % ${sql.raw(String(CITIES.length))})] || ' ' || (i % 500) AS "Bezeichnung",
  ${arr(CITIES)}[1 + (i % ${sql.raw(String(CITIES.length))})] AS "Stadt",
  ${arr(KINDS)}[1 + ((i / 7) % ${sql.raw(String(KINDS.length))})] AS "Kategorie",
  CASE WHEN i % 4 = 0 THEN NULL ELSE ${w(104729)} || ' ' || ${w(1299709)} || ' ' || ${w(15485863)} || ' und ' || ${w(32452843)} END AS "Bemerkung",
  round(((i * 7919) % 1000000) / 100.0, 2) AS "Kosten", ((i * 31) % 5000)::bigint AS "Anzahl", DATE '2020-01-01' + (i % 2000)::int AS "Datum"
  FROM generate_series(1::bigint, ${sql.raw(String(N))}) i`.execute(db);
// Made a version table as a retype makes one (CREATE TABLE AS, then key), served by the swap.
await db.transaction().execute(async (trx) => {
  await finishVersion(trx, table, { primaryKey: [] });
  await swapInVersion(trx, { resourceId: res.id, tenantId: giessen, tableName: table, fields, primaryKey: [], version: 1, source: 'load', rowCount: N });
});
await sql`VACUUM ANALYZE ${sql.table(`datastore_data.${table}`)}`.execute(db);
console.log(`table of ${N.toLocaleString('en')} rows made and served in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---- timing
type Stat = { p50: number; p99: number };
async function time(fn: () => Promise<unknown>, reps: number, warm = true): Promise<Stat> {
  if (warm) await fn();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    await fn();
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  return { p50: xs[Math.floor((xs.length - 1) / 2)]!, p99: xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)]! };
}
const ok = async (url: string) => {
  const r = await app.inject({ url });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r;
};
const rows: string[] = [];
async function measure(name: string, ours: () => Promise<unknown>, base: () => Promise<unknown>, reps = REPS, warm = true) {
  const a = await time(ours, reps, warm);
  const b = await time(base, reps, warm);
  rows.push(`| ${name} | ${reps} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${(a.p50 / b.p50).toFixed(2)}× |`);
}

const view = sql.table(`datastore.${res.id}`);
// The bare SQL of `q`: the same document expression the API (and the index) uses.
const doc = sql`to_tsvector('german'::regconfig, coalesce("Bezeichnung", '') || ' ' || coalesce("Stadt", '') || ' ' || coalesce("Kategorie", '') || ' ' || coalesce("Bemerkung", '') || ' ' || coalesce("Kosten"::text, '') || ' ' || coalesce("Anzahl"::text, '') || ' ' || coalesce(datastore_search_text("Datum"), ''))`;
const tsq = (q: string) => sql`plainto_tsquery('german'::regconfig, ${q})`;
const searchUrl = (q: string) => `/api/3/action/datastore_search?resource_id=${res.id}&q=${encodeURIComponent(q)}&limit=100`;
const searchBase = (q: string) => () => sql`SELECT *, count(*) OVER () FROM ${view} WHERE ${doc} @@ ${tsq(q)} ORDER BY ts_rank(${doc}, ${tsq(q)}) DESC, _id LIMIT 100`.execute(db);
// A rare pair of words and a common word: ranking recomputes the document of every hit.
const QS = ['Hochwasser 17', 'Sanierung'];
const hits = new Map<string, number>();
// Before the index every call scans the whole table (seconds): two calls each, no warm-up.
for (const q of QS) {
  const r = await time(() => ok(searchUrl(q)).then((x) => hits.set(q, Number(x.json().result.total))), 2, false);
  const b = await time(searchBase(q), 2, false);
  rows.push(`| datastore_search q="${q}" (${hits.get(q)!.toLocaleString('en')} hits, ranked, 100 rows + total), before the index | 2 | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${(r.p50 / b.p50).toFixed(2)}× |`);
}
const b0 = performance.now();
await jobs.runOnce();
const buildS = (performance.now() - b0) / 1000;
const job = await db.selectFrom('core_jobs').select(['status', 'result']).where('type', '=', 'datastore.search-index').executeTakeFirstOrThrow();
const size = await sql<{ s: string }>`SELECT pg_size_pretty(pg_indexes_size(${`datastore_data."${table}"`}::regclass)) AS s`.execute(db);
for (const q of QS) await measure(`datastore_search q="${q}", after the index`, () => ok(searchUrl(q)), searchBase(q));

const filters = encodeURIComponent(JSON.stringify({ Stadt: 'Gießen', Kategorie: 'Sport' }));
await measure('datastore_search: filter Stadt + Kategorie, sort Kosten desc, 100 rows at offset 1,000 (with total)',
  () => ok(`/api/3/action/datastore_search?resource_id=${res.id}&filters=${filters}&sort=${encodeURIComponent('Kosten desc')}&limit=100&offset=1000`),
  () => sql`SELECT *, count(*) OVER () FROM ${view} WHERE "Stadt" = 'Gießen' AND "Kategorie" = 'Sport' ORDER BY "Kosten" DESC, _id LIMIT 100 OFFSET 1000`.execute(db));
await measure(`facet over all rows: /rows.json?_facet=Kategorie&_size=1`,
  () => ok(`/api/v1/resources/${res.id}/rows.json?_facet=Kategorie&_size=1`),
  () => sql`SELECT "Kategorie", count(*) FROM ${view} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 31`.execute(db));
await measure(`facet under a filter: /rows.json?Stadt=Gießen&_facet=Kategorie&_size=1`,
  () => ok(`/api/v1/resources/${res.id}/rows.json?Stadt=${encodeURIComponent('Gießen')}&_facet=Kategorie&_size=1`),
  () => sql`SELECT "Kategorie", count(*) FROM ${view} WHERE "Stadt" = 'Gießen' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 31`.execute(db));

console.log(`\nsearch index job: ${job.status} in ${buildS.toFixed(1)} s (${JSON.stringify(job.result)}), index size ${size.rows[0]!.s}`);
console.log(`\n| read over ${N.toLocaleString('en')} rows (sequential app.inject calls) | calls | p50 ms | p99 ms | bare SQL p50 ms | bare SQL p99 ms | p50 vs. bare SQL |`);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log(`\np99 of ${REPS} calls is their maximum; bare SQL runs on the same pool, without HTTP, JSON or the second (count) query.`);
await app.close();
// KEEP=1 leaves the database for EXPLAIN ANALYZE by hand.
if (process.env.KEEP) console.log(`kept database ${fresh.name}, table datastore_data."${table}"`);
else await fresh.drop();
