// Export and harvest meet: a second stadtkern harvests this one's DCAT-AP.de catalogue (Turtle
// and RDF/XML, two Hydra pages) and gets the same datasets with the same metadata; harvesting
// it back is recognised as a loop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { startTestServer } from '../../../../test/helpers/server.ts';
import { runHarvest } from '../harvest/run.ts';
import { addSource, LOOPBACK, runLog } from '../harvest/test-sources.ts';

/** A free loopback port, so the exporting instance's PUBLIC_URL (and so its Hydra links) is real. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Pkg = { title: string; notes: string; license_id: string; groups: { name: string }[]; tags: { name: string }[]; resources: { url: string; format: string }[]; extras: { key: string; value: string }[] };
const essence = (p: Pkg) => ({
  title: p.title, notes: p.notes, license: p.license_id, groups: p.groups.map((g) => g.name).sort(), tags: p.tags.map((t) => t.name).sort(),
  resources: p.resources.map((r) => [r.url, r.format]).sort(),
  frequency: p.extras.find((e) => e.key === 'frequency')?.value, hvd: p.extras.find((e) => e.key === 'hvd_category')?.value,
});

describe('DCAT-AP.de export harvested by a second instance', () => {
  let remote: Awaited<ReturnType<typeof startTestServer>>;
  let t: TestApp;
  let localUrl: string;
  /** Every public dataset of the remote: its demo content (all modules) and the 120 below. */
  let total = 0;
  before(async () => {
    const [port, localPort] = [await freePort(), await freePort()];
    localUrl = `http://127.0.0.1:${localPort}`;
    [remote, t] = await Promise.all([
      startTestServer({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, HARVEST_ALLOW_PRIVATE: 'true' }),
      testApp({ publicUrl: localUrl }),
    ]);
    await t.app.listen({ port: localPort, host: '127.0.0.1' });
    // 120 more public datasets, so the catalogue has two Hydra pages.
    const org = await remote.db.selectFrom('catalog_organizations').select(['id', 'tenant_id']).where('name', '=', 'fulda').executeTakeFirstOrThrow();
    await sql`INSERT INTO catalog_datasets (tenant_id, organization_id, name, title, notes, license_id, tags, themes)
      SELECT ${org.tenant_id}, ${org.id}, 'fulda-reihe-' || i, 'Messreihe ' || i, 'Beschreibung ' || i, 'http://dcat-ap.de/def/licenses/cc-zero', ARRAY['Reihe'], ARRAY['envi']
        FROM generate_series(1, 120) i`.execute(remote.db);
    total = Number((await remote.db.selectFrom('catalog_datasets').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'active').where('private', '=', false).executeTakeFirstOrThrow()).n);
  });
  after(async () => {
    await t?.close();
    await remote?.close();
  });

  for (const format of ['ttl', 'rdf'] as const) {
    test(`${format}: all datasets (demo + 120) over two pages, metadata intact; a second run changes nothing`, { timeout: 120_000 }, async () => {
      const id = await addSource(t.db, t.tenants.get(format === 'ttl' ? 'giessen' : 'marburg')!, { name: `stadtkern ${format}`, type: 'dcat', url: `${remote.url}/catalog.${format}` });
      const r = (await runHarvest(t.db, id, LOOPBACK))!;
      const log = await runLog(t.db, r.runId);
      assert.deepEqual([r.status, r.created, r.errors], ['succeeded', total, 0], JSON.stringify(log.slice(0, 10)));
      const names = await t.db.selectFrom('catalog_harvest_records as h').innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id')
        .select(['d.name', 'h.guid']).where('h.source_id', '=', id).execute();
      assert.equal(names.length, total);
      // Every demo dataset arrives with the metadata it was published with.
      for (const demo of ['giessen-parkhaeuser-belegung', 'wiesbaden-luftqualitaet', 'frankfurt-baumkataster']) {
        const original = (await (await fetch(`${remote.url}/api/3/action/package_show?id=${demo}`)).json()) as { result: Pkg & { id: string } };
        const copy = names.find((n) => n.guid.endsWith(original.result.id) || n.guid === `${remote.url}/dataset/${original.result.id}`);
        assert.ok(copy, `${demo} harvested`);
        const mine = (await t.app.inject({ url: `/api/3/action/package_show?id=${copy.name}` })).json().result as Pkg;
        assert.deepEqual(essence(mine), essence(original.result), demo);
      }
      const again = (await runHarvest(t.db, id, LOOPBACK))!;
      assert.deepEqual([again.status, again.created, again.updated, again.errors], ['succeeded', 0, 0, 0]);
    });
  }

  test('harvesting the copies back is a loop: the origin recognises its own datasets and stores nothing', { timeout: 120_000 }, async () => {
    const before = await remote.db.selectFrom('catalog_datasets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const { id } = await remote.db.insertInto('catalog_harvest_sources').values({
      tenant_id: (await remote.db.selectFrom('core_tenants').select('id').where('slug', '=', 'offenbach').executeTakeFirstOrThrow()).id,
      name: 'Zurück', type: 'dcat', url: `${localUrl}/catalog.ttl`, enabled: true,
    }).returning('id').executeTakeFirstOrThrow();
    const r = (await runHarvest(remote.db, id, LOOPBACK))!;
    assert.equal(r.created, 0);
    const log = await runLog(remote.db, r.runId);
    assert.ok(log.some((l) => /dieser Plattform|eigene|Schleife/i.test(l.message)), JSON.stringify(log.slice(0, 5)));
    const after = await remote.db.selectFrom('catalog_datasets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });
});
