// The open data as catalogue datasets: after events and the job, each municipality's dataset is in
// the DCAT-AP.de export and passes the official SHACL shapes (the catalogue tests' validator);
// the job is idempotent, updates once a month has passed, leaves deleted datasets deleted. And the
// demo's year of figures goes through the whole chain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { parseTurtle, SHACL_DIR, validateDcatApDe } from '../../../../test/helpers/shacl.ts';
import { JobRunner } from '../../core/index.ts';
import { seedAnalyticsDemo } from '../seed.ts';
import { datasetName, publishDatasets, PUBLISH_JOB, registerOpenDataJobs } from './publish.ts';
import { lastCompleteMonth } from '../metrics/periods.ts';

// Without ../shared/data the SHACL checks are skipped with a notice, except under CI=true.
const noShapes = !existsSync(SHACL_DIR) && process.env.CI !== 'true';
if (noShapes) console.warn(`\n⚠ ${SHACL_DIR} fehlt: DCAT-AP.de-Prüfung der Nutzungsdatensätze übersprungen\n`);

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const month = lastCompleteMonth();
const monthBefore = (m: string) => (m.endsWith('-01') ? `${Number(m.slice(0, 4)) - 1}-12` : `${m.slice(0, 5)}${String(Number(m.slice(5)) - 1).padStart(2, '0')}`);
const monthAfter = (m: string) => (m.endsWith('-12') ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, '0')}`);

async function ttl(t: TestApp, url: string) {
  const res = await t.app.inject({ url });
  assert.equal(res.statusCode, 200, res.body);
  return parseTurtle(res.body);
}
const objects = (q: ReturnType<typeof parseTurtle>, s: string, p: string) => q.filter((x) => x.subject.value === s && x.predicate.value === p).map((x) => x.object.value).sort();
async function conforms(q: ReturnType<typeof parseTurtle>) {
  if (noShapes) return;
  const report = await validateDcatApDe(q);
  assert.equal(report.conforms, true, JSON.stringify(report.violations.slice(0, 5), null, 1));
}

describe('analytics open data in the catalogue', () => {
  let t: TestApp;
  let ars: Record<string, string>;
  const keys: Record<string, string> = {};
  const count = async (action?: string) => Number((await sql<{ n: string }>`
    SELECT count(*)::text AS n FROM catalog_dataset_history h JOIN catalog_datasets d ON d.id = h.dataset_id
     WHERE d.name LIKE 'nutzung-onlinedienste-%' ${action ? sql`AND h.action = ${action}` : sql``}`.execute(t.db)).rows[0]!.n);
  const datasets = () => t.db.selectFrom('catalog_datasets').select(['id', 'name', 'state']).where('name', 'like', 'nutzung-onlinedienste-%').orderBy('name').execute();

  before(async () => {
    t = await testApp({ publicUrl: 'https://daten.example.de' });
    ars = Object.fromEntries((await t.db.selectFrom('core_tenants').select(['slug', 'ars']).execute()).map((x) => [x.slug, x.ars]));
    await t.makeUser({ email: 'betrieb@plattform.test', platformAdmin: true });
    const owner = bearer(await t.token(await t.makeUser({ email: 'it@kommunen.test', roles: { giessen: 'admin', marburg: 'admin' } })));
    for (const slug of ['giessen', 'marburg']) {
      const key = await sourceKey(t, slug, owner);
      keys[slug] = key;
      const ev = (type: string, m: string, count: number) => ({ type, ars: ars[slug], service_key: '99115001001000', online_service: 'Anmeldung', day: `${m}-05`, count });
      const events = [ev('view', month, 300), ev('start', month, 80), ev('submitted', month, 40), ...(slug === 'giessen' ? [ev('submitted', monthBefore(month), 12)] : [])];
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: 'b1', events } });
      assert.equal(res.statusCode, 202, res.body);
    }
  });
  after(() => t.close());

  test('the scheduled job creates one dataset per municipality with data; it conforms to DCAT-AP.de with theme, licence, periodicity, coverage and the API as distributions', async () => {
    const runner = new JobRunner(t.db, { pollMs: 1000, concurrency: 1, lockTimeoutS: 60 });
    registerOpenDataJobs(runner, { db: t.db, config: t.config });
    assert.equal(await runner.runOnce(), 1, 'the new schedule is due at once');
    const job = await t.db.selectFrom('core_jobs').select(['status', 'result']).where('type', '=', PUBLISH_JOB).executeTakeFirstOrThrow();
    assert.equal(job.status, 'succeeded', JSON.stringify(job));
    assert.deepEqual((await datasets()).map((d) => d.name), ['nutzung-onlinedienste-giessen', 'nutzung-onlinedienste-marburg']);

    const id = (await datasets())[0]!.id;
    const q = await ttl(t, `/dataset/${datasetName('giessen')}.ttl`);
    await conforms(q);
    const ds = `https://daten.example.de/dataset/${id}`;
    assert.deepEqual(objects(q, ds, `${DCT}title`), ['Nutzung der Onlinedienste – Gießen']);
    assert.deepEqual(objects(q, ds, `${DCAT}theme`), ['http://publications.europa.eu/resource/authority/data-theme/GOVE']);
    assert.deepEqual(objects(q, ds, `${DCT}accrualPeriodicity`), ['http://publications.europa.eu/resource/authority/frequency/MONTHLY']);
    assert.deepEqual(objects(q, ds, 'http://dcat-ap.de/def/dcatde/politicalGeocodingURI'), ['http://dcat-ap.de/def/politicalGeocoding/municipalityKey/06531005']);
    const publisher = objects(q, ds, `${DCT}publisher`)[0]!;
    assert.deepEqual(objects(q, publisher, 'http://xmlns.com/foaf/0.1/name'), ['Gießen']);
    const temporal = objects(q, ds, `${DCT}temporal`)[0]!;
    assert.match(objects(q, temporal, `${DCAT}startDate`)[0]!, new RegExp(`^${monthBefore(month)}-01`), 'coverage starts with the first month');
    const dists = objects(q, ds, `${DCAT}distribution`);
    const access = dists.flatMap((d) => objects(q, d, `${DCAT}accessURL`)).sort();
    assert.deepEqual(access, [`https://daten.example.de/api/v1/analytics/open-data/monthly.csv?ars=${ars.giessen}`, `https://daten.example.de/api/v1/analytics/open-data/monthly.json?ars=${ars.giessen}`]);
    assert.deepEqual([...new Set(dists.flatMap((d) => objects(q, d, `${DCT}license`)))], ['http://dcat-ap.de/def/licenses/dl-by-de/2.0']);
    await conforms(await ttl(t, '/organization/giessen/catalog.ttl'));

    // The distribution answers with the municipality's rows.
    const csv = await t.app.inject({ url: access[0]!.replace('https://daten.example.de', '') });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^monat,ebene,ars,kommune/);
    assert.ok(csv.body.trim().split('\n').slice(1).every((l) => l.includes(`,${ars.giessen},`)), csv.body);
  });

  test('idempotent: a second run changes nothing; a month later the distributions are updated, still one dataset each', async () => {
    const history = await count();
    const again = await publishDatasets(t.db, t.config);
    assert.deepEqual([again.created, again.updated, again.unchanged], [[], [], ['giessen', 'marburg']]);
    assert.equal(await count(), history, 'no history entry for a run that found nothing new');

    const later = await publishDatasets(t.db, t.config, monthAfter(month));
    assert.deepEqual([later.created, later.updated], [[], ['giessen', 'marburg']]);
    assert.equal((await datasets()).length, 2);
    const res = await t.db.selectFrom('catalog_resources as r').innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
      .select(['r.description', 'r.last_modified']).where('d.name', '=', datasetName('giessen')).execute();
    assert.equal(res.length, 2);
    assert.ok(res.every((r) => r.description.includes(' bis ') && r.last_modified), JSON.stringify(res));
    assert.equal(await count('resource.update'), 4);
    const actors = await t.db.selectFrom('catalog_dataset_history').select('actor').distinct().where('action', '=', 'package.create').execute();
    assert.ok(actors.some((a) => a.actor.startsWith(PUBLISH_JOB)), 'history names the job');
  });

  test('a late delivery for an earlier month widens the coverage; other extras stay', async () => {
    const show = async (slug: string) => (await t.app.inject({ url: `/api/3/action/package_show?id=${datasetName(slug)}` })).json().result as { extras: { key: string; value: string }[] };
    const extra = (d: { extras: { key: string; value: string }[] }, k: string) => d.extras.find((e) => e.key === k)?.value;
    const editor = bearer(await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } })));
    const given = await t.app.inject({ method: 'POST', url: '/api/3/action/package_patch', headers: editor, payload: { id: datasetName('giessen'), extras: [...(await show('giessen')).extras.filter((e) => ['temporal_start', 'frequency'].includes(e.key)), { key: 'hinweis', value: 'Zahlen der Onlinedienste' }] } });
    assert.equal(given.statusCode, 200, given.body);
    const early = monthBefore(monthBefore(monthBefore(month)));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': keys.giessen! }, payload: { batch_id: 'spaet', events: [{ type: 'submitted', ars: ars.giessen, service_key: '99115001001000', online_service: 'Anmeldung', day: `${early}-20`, count: 9 }] } });
    assert.equal(res.statusCode, 202, res.body);
    const r = await publishDatasets(t.db, t.config, monthAfter(month));
    assert.deepEqual([r.updated, r.unchanged], [['giessen'], ['marburg']]);
    const g = await show('giessen');
    assert.match(extra(g, 'temporal_start')!, new RegExp(`^${early}-01`));
    assert.deepEqual([extra(g, 'frequency'), extra(g, 'hinweis')], ['http://publications.europa.eu/resource/authority/frequency/MONTHLY', 'Zahlen der Onlinedienste']);
    assert.deepEqual((await publishDatasets(t.db, t.config, monthAfter(month))).updated, [], 'the next run finds nothing to change');
  });

  test('a dataset the municipality deleted stays deleted; without an active platform administration nothing is written', async () => {
    const editor = bearer(await t.token(await t.makeUser({ email: 'daten@marburg.test', roles: { marburg: 'editor' } })));
    const del = await t.app.inject({ method: 'POST', url: '/api/3/action/package_delete', headers: editor, payload: { id: datasetName('marburg') } });
    assert.equal(del.statusCode, 200, del.body);
    const r = await publishDatasets(t.db, t.config);
    assert.deepEqual(r.skipped.map((s) => s.tenant), ['marburg']);
    assert.equal((await datasets()).find((d) => d.name === datasetName('marburg'))!.state, 'deleted');

    await t.db.updateTable('core_users').set({ disabled: true }).where('is_platform_admin', '=', true).execute();
    const before = await count();
    const none = await publishDatasets(t.db, t.config, monthAfter(monthAfter(month)));
    assert.deepEqual(none.skipped.map((s) => s.tenant), ['giessen', 'marburg']);
    assert.equal(await count(), before);
    await t.db.updateTable('core_users').set({ disabled: false }).where('is_platform_admin', '=', true).execute();
  });
});

describe('analytics open data over the demo figures', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ publicUrl: 'https://daten.example.de' });
    await seedAnalyticsDemo(t.db, () => undefined);
    await t.makeUser({ email: 'admin@plattform.test', platformAdmin: true });
  });
  after(() => t.close());

  test('a year of twelve services in nine cities: small cells hidden, nothing small published, every city gets a conforming dataset', async () => {
    const res = await t.app.inject({ url: '/api/v1/analytics/open-data/monthly.json' });
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json() as { from: string; to: string; rows: Record<string, number | string | boolean | null>[] };
    assert.equal(d.to, month);
    assert.ok(new Set(d.rows.map((r) => r.monat)).size >= 11, `${d.from}–${d.to}`);
    const cells = d.rows.filter((r) => r.ebene === 'zelle');
    assert.ok(cells.length > 1000);
    const hidden = cells.filter((r) => r.nutzung_gesperrt).length;
    assert.ok(hidden > 0 && hidden < cells.length / 4, `${hidden} of ${cells.length} cells hidden`);
    assert.ok(cells.some((r) => r.bewertungen_gesperrt) && cells.some((r) => !r.bewertungen_gesperrt && (r.bewertungen as number) > 0));
    for (const r of d.rows) for (const k of ['aufrufe', 'starts', 'antraege', 'bewertungen']) assert.ok(r[k] === null || r[k] === 0 || (r[k] as number) >= 5, JSON.stringify(r));

    const p = await publishDatasets(t.db, t.config);
    assert.equal(p.created.length, 9);
    await conforms(await ttl(t, '/catalog.ttl'));
  });
});
