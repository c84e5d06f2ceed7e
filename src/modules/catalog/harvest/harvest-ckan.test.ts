// Harvesting another stadtkern through its CKAN API, as ckanext-harvest's CKAN harvester would:
// a full run, incremental runs that duplicate nothing and pick up a remote change, a full run
// that notices a remote deletion, the organisation filter, and loops: A → B → A and a source
// that points at this platform itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { startTestServer } from '../../../../test/helpers/server.ts';
import { newApiToken } from '../../core/identity/secrets.ts';
import { seedCatalog } from '../seed.ts';
import { runHarvest } from './run.ts';
import { addSource, LOOPBACK, runLog } from './test-sources.ts';

const limits = { incrementalMarginMs: 0 };

describe('harvesting a second stadtkern (CKAN)', () => {
  let remote: Awaited<ReturnType<typeof startTestServer>>;
  let t: TestApp;
  let remoteToken: string;
  /** The remote's public demo datasets (every module's demo content adds to the catalogue's 14). */
  let demo = 0;
  before(async () => {
    [remote, t] = await Promise.all([startTestServer(), testApp()]);
    demo = Number((await remote.db.selectFrom('catalog_datasets').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'active').where('private', '=', false).executeTakeFirstOrThrow()).n);
    const admin = await remote.db.selectFrom('core_users').select('id').where('email', '=', remote.adminEmail).executeTakeFirstOrThrow();
    const tk = newApiToken();
    await remote.db.insertInto('core_api_tokens').values({ user_id: admin.id, name: 'harvest-test', token_hash: tk.hash, prefix: tk.prefix, scopes: ['read', 'write'], expires_at: new Date(Date.now() + 86_400_000) }).execute();
    remoteToken = tk.token;
  });
  after(async () => {
    await t?.close();
    await remote?.close();
  });
  const remoteAction = async (name: string, body: object) => {
    const res = await fetch(`${remote.url}/api/3/action/${name}`, { method: 'POST', headers: { authorization: remoteToken, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { result: unknown }).result;
  };
  const harvested = (sourceId: string) =>
    t.db.selectFrom('catalog_harvest_records as h').innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id')
      .select(['d.id', 'd.name', 'd.title', 'd.state', 'h.guid']).where('h.source_id', '=', sourceId).orderBy('d.title').execute();
  const pkg = async (name: string) => (await t.app.inject({ url: `/api/3/action/package_show?id=${name}` })).json().result;

  test('full, then incremental: nothing duplicated; a remote change is an update; a remote deletion is seen by a full run', { timeout: 60_000 }, async () => {
    const id = await addSource(t.db, t.tenants.get('giessen')!, { name: 'Zweite Instanz', type: 'ckan', url: `${remote.url}/api/3/action` });
    const r1 = (await runHarvest(t.db, id, { ...LOOPBACK, limits }))!;
    assert.deepEqual([r1.status, r1.created, r1.errors], ['succeeded', demo, 0]);
    const log1 = await runLog(t.db, r1.runId);
    assert.ok(log1.some((l) => l.message === `${demo} Datensätze gemeldet`));
    const rows = await harvested(id);
    assert.equal(rows.length, demo);
    const baum = rows.find((r) => r.title === 'Baumkataster Frankfurt am Main')!;
    assert.match(baum.name, /^frankfurt-baumkataster-[0-9a-f]{8}$/);
    const remoteBaum = (await (await fetch(`${remote.url}/api/3/action/package_show?id=frankfurt-baumkataster`)).json()) as { result: { id: string } };
    assert.equal(baum.guid, remoteBaum.result.id);
    const p = await pkg(baum.name);
    assert.equal(p.organization.name, 'giessen');
    assert.equal(p.license_id, 'http://dcat-ap.de/def/licenses/dl-by-de/2.0');
    assert.deepEqual(p.groups.map((g: { name: string }) => g.name), ['envi']);
    assert.equal(p.resources[0].url, 'https://offenedaten.frankfurt.de/baumkataster.geojson');
    const extras = Object.fromEntries(p.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(extras.identifier, remoteBaum.result.id); // the origin travels on
    assert.equal(extras.politicalGeocodingURI, '["http://dcat-ap.de/def/politicalGeocoding/municipalityKey/06412000"]'); // Frankfurt's, from the remote
    assert.equal(extras.hvd_category, 'http://data.europa.eu/bna/c_ac64a52d');

    // Incremental: only changes since the last complete run; nothing new, nothing duplicated.
    const r2 = (await runHarvest(t.db, id, { ...LOOPBACK, limits }))!;
    assert.deepEqual([r2.status, r2.created, r2.updated, r2.unchanged, r2.deleted], ['succeeded', 0, 0, 0, 0]);
    const log2 = (await runLog(t.db, r2.runId)).map((l) => l.message);
    assert.ok(log2.some((m) => /^Inkrementeller Lauf: Änderungen seit /.test(m)));
    assert.ok(log2.some((m) => /^0 Datensätze gemeldet \(fq=metadata_modified:\[\d{4}-\d\d-\d\dT[\d:.]+Z TO \*\]\)$/.test(m)), log2.join('\n'));
    assert.equal((await harvested(id)).length, demo);
    const runs = await t.db.selectFrom('catalog_harvest_runs').select('full_run').where('source_id', '=', id).orderBy('started_at').execute();
    assert.deepEqual(runs.map((r) => r.full_run), [true, false]);

    await remoteAction('package_patch', { id: 'frankfurt-baumkataster', title: 'Baumkataster Frankfurt am Main (aktualisiert)' });
    const r3 = (await runHarvest(t.db, id, { ...LOOPBACK, limits }))!;
    assert.deepEqual([r3.created, r3.updated, r3.unchanged, r3.deleted], [0, 1, 0, 0]);
    assert.equal((await pkg(baum.name)).title, 'Baumkataster Frankfurt am Main (aktualisiert)');
    const history = await t.db.selectFrom('catalog_dataset_history').select('action').where('dataset_id', '=', baum.id).orderBy('id').execute();
    assert.deepEqual(history.map((h) => h.action), ['package.create', 'package.update']);

    // package_search does not list deleted datasets: only a full run can notice.
    await remoteAction('package_delete', { id: 'limburg-baustellen' });
    const r4 = (await runHarvest(t.db, id, { ...LOOPBACK, limits }))!;
    assert.equal(r4.deleted, 0);
    const r5 = (await runHarvest(t.db, id, { ...LOOPBACK, limits, full: true }))!;
    assert.deepEqual([r5.created, r5.updated, r5.unchanged, r5.deleted], [0, 0, demo - 1, 1]);
    assert.equal((await harvested(id)).find((r) => r.title.startsWith('Baustellen'))!.state, 'deleted');
  });

  test('the organisation filter harvests only that remote organisation', async () => {
    const id = await addSource(t.db, t.tenants.get('frankfurt')!, { name: 'Nur Frankfurt', type: 'ckan', url: remote.url, organization: 'frankfurt' });
    const r = (await runHarvest(t.db, id, { ...LOOPBACK, limits }))!;
    assert.equal(r.created, 2);
    assert.deepEqual((await harvested(id)).map((x) => x.title), ['Baumkataster Frankfurt am Main (aktualisiert)', 'Bevölkerung nach Stadtteilen']);
    const names = await t.db.selectFrom('catalog_datasets').select('name').execute();
    assert.equal(new Set(names.map((n) => n.name)).size, names.length);
  });

  test('A → B → A: datasets that came from this platform are not harvested back', { timeout: 60_000 }, async () => {
    await seedCatalog(t.db); // this platform's own 14 datasets
    const self = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // B harvests A (with the same harvester, in B's database) ...
    const bSource = await addSource(remote.db, (await remote.db.selectFrom('core_tenants').select('id').where('slug', '=', 'marburg').executeTakeFirstOrThrow()).id, { name: 'Plattform A', type: 'ckan', url: self });
    // A lists its 14 own datasets and the demo - 1 + 2 it harvested from B in the tests above: B
    // takes A's and recognises its own.
    const rb = (await runHarvest(remote.db, bSource, LOOPBACK))!;
    assert.deepEqual([rb.status, rb.created, rb.skipped], ['succeeded', 14, demo + 1]);

    // ... and A harvests B: B's own demo - 1 live datasets come in, A's 14 do not come back.
    const id = await addSource(t.db, t.tenants.get('wiesbaden')!, { name: 'Plattform B', type: 'ckan', url: remote.url });
    const r = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.deepEqual([r.created, r.skipped], [demo - 1, 14]);
    const log = await runLog(t.db, r.runId);
    const loops = log.filter((l) => /^Stammt von dieser Plattform \(Datensatz „.+“\) – nicht geerntet, sonst entstünde eine Harvesting-Schleife$/.test(l.message));
    assert.equal(loops.length, 14);
    assert.ok(loops.some((l) => l.title === 'Baumkataster Frankfurt am Main' && l.message.includes('„frankfurt-baumkataster“')));
    assert.equal(r.status, 'succeeded');
  });

  test('a source that points at this platform itself harvests nothing', async () => {
    const self = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const before = await t.db.selectFrom('catalog_datasets').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const id = await addSource(t.db, t.tenants.get('fulda')!, { name: 'Wir selbst', type: 'ckan', url: self });
    const r = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.equal(r.created, 0);
    assert.ok(r.skipped > 14, String(r.skipped));
    const after = await t.db.selectFrom('catalog_datasets').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });
});
