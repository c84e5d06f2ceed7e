// Attaching through the portal's forms and the check job's edge cases: which resources a user may
// attach (GET …/attachable), what the schema page may offer (`can`, `can_detach`), and a check
// whose attachment is gone by the time the job runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { problem, type TestApp } from '../../../../test/helpers/app.ts';
import { BASE, schemaTest, type SchemaTest } from './test-setup.ts';
import { seedSchemas } from './seed.ts';


describe('datastore: attaching resources to a common schema', () => {
  let t: TestApp;
  let giessenAdmin: string;
  let giessenEditor: string;
  let marburgEditor: string;
  let frankfurtAdmin: string;
  let platform: string;
  let req: SchemaTest['req'];
  let checks: SchemaTest['checks'];
  before(async () => {
    const s = await schemaTest();
    ({ t, req, checks } = s);
    ({ platform, giessenAdmin, giessenEditor, marburgEditor, frankfurtAdmin } = s.tokens);
    await seedSchemas(t.db);
  });
  after(() => t.close());

  const attachment = async (id: string, token?: string) =>
    (await req('GET', `${BASE}/parkhausbelegung`, token)).json().resources.find((r: { resource_id: string }) => r.resource_id === id);
  async function push(token: string, dataset: string, fields: object[], records: object[]) {
    const res = await req('POST', '/api/3/action/datastore_create', token, { resource: { package_id: dataset, name: `Parken ${Math.random().toString(36).slice(2, 7)}`, format: 'CSV' }, fields, records });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result.resource_id as string;
  }

  test('the attach form lists the resources of the member tenants the user edits; `can` says what the user may do', async () => {
    const url = `${BASE}/parkhausbelegung`;
    const mine = (await req('GET', `${url}/attachable`, giessenEditor)).json().items as { kommune: string; attached: boolean; row_count: number }[];
    assert.ok(mine.length >= 1 && mine.every((x) => x.kommune === 'Gießen'), JSON.stringify(mine));
    assert.ok(mine.some((x) => x.attached && x.row_count === 300));
    assert.deepEqual((await req('GET', `${url}/attachable`, frankfurtAdmin)).json().items, []); // not a member
    assert.deepEqual(new Set((await req('GET', `${url}/attachable`, platform)).json().items.map((x: { kommune: string }) => x.kommune)), new Set(['Gießen', 'Marburg']));
    problem(await req('GET', `${url}/attachable`), 401);
    problem(await req('GET', `${BASE}/gibt-es-nicht/attachable`, giessenEditor), 404);
    const view = async (token?: string) => (await req('GET', url, token)).json() as { can: { edit: boolean; attach: boolean }; resources: { kommune: string; can_detach: boolean }[] };
    assert.deepEqual((await view()).can, { edit: false, attach: false });
    assert.deepEqual((await view(giessenEditor)).can, { edit: false, attach: true });
    assert.deepEqual((await view(giessenAdmin)).can, { edit: true, attach: true });
    assert.deepEqual((await view(frankfurtAdmin)).can, { edit: false, attach: false });
    const detach = (v: Awaited<ReturnType<typeof view>>) => v.resources.map((r) => `${r.kommune}:${r.can_detach}`).sort();
    assert.ok(detach(await view(marburgEditor)).every((x) => x.startsWith('Marburg:true') || x.startsWith('Gießen:false')));
    assert.ok(detach(await view(giessenAdmin)).every((x) => x.endsWith(':true')));
  });

  test('a check whose attachment was detached meanwhile writes nothing', async () => {
    const id = await push(giessenEditor, 'giessen-parkhaeuser-belegung', [{ id: 'parkhaus', type: 'text' }], [{ parkhaus: 'Am Kino' }]);
    assert.equal((await req('POST', `${BASE}/parkhausbelegung/resources`, giessenEditor, { resource_id: id })).statusCode, 202);
    assert.equal((await req('DELETE', `${BASE}/parkhausbelegung/resources/${id}`, giessenEditor)).statusCode, 204);
    assert.equal(await checks(), 2); // the check, and the sweep's first run
    const job = await t.db.selectFrom('core_jobs').select(['status', 'result']).where('type', '=', 'datastore.schema.validate').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([job.status, job.result], ['succeeded', { status: 'detached' }]);
    assert.equal(await attachment(id), undefined);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM datastore_schema_resources WHERE resource_id = ${id}`.execute(t.db);
    assert.equal(left.rows[0]!.n, 0);
  });
});
