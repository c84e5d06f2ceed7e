// The service catalogue through the real app and PostgreSQL: the public list, admin writes with
// audit, deactivation keeping requests' services, adoption between cooperation partners with the
// SLA policy and a link back, and every refused write answered per field with nothing changed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedRequestsDemo } from '../seed.ts';

type Svc = { code: string; name: string; attributes: { code: string; order: number; values?: unknown }[]; department: string | null; has_sla: boolean; active: boolean; adopted_from: { tenant: string; code: string } | null };

const WINTER = {
  name: 'Winterdienst', description: 'Glätte auf Gehweg oder Straße.', category: 'Straße und Verkehr', keywords: ['Glätte', 'Schnee'], department: 'ordnungsamt',
  attributes: [
    { code: 'ort', datatype: 'singlevaluelist', required: true, description: 'Wo ist es glatt?', order: 2, values: [{ key: 'gehweg', name: 'Gehweg' }, { key: 'strasse', name: 'Straße' }] },
    { code: 'seit', datatype: 'datetime', description: 'Seit wann?', order: 1 },
    { code: 'hinweise', datatype: 'text', description: 'Weitere Hinweise' },
  ],
};

describe('requests: service catalogue', () => {
  let t: TestApp;
  let giessenAdmin: string;
  let marburgAdmin: string;
  let frankfurtAdmin: string;
  let giessenViewer: string;
  before(async () => {
    t = await testApp();
    await seedRequestsDemo(t.db);
    giessenAdmin = await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } }));
    marburgAdmin = await t.token(await t.makeUser({ email: 'admin@marburg.test', roles: { marburg: 'admin' } }));
    frankfurtAdmin = await t.token(await t.makeUser({ email: 'admin@frankfurt.test', roles: { frankfurt: 'admin' } }));
    giessenViewer = await t.token(await t.makeUser({ email: 'viewer@giessen.test', roles: { giessen: 'viewer' } }));
  });
  after(() => t.close());

  const list = async (slug: string, query = '', token?: string) => {
    const res = await t.app.inject({ url: `/api/v1/tenants/${slug}/request-services${query}`, headers: token ? bearer(token) : {} });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().services as Svc[];
  };
  const put = (slug: string, code: string, payload: unknown, token = giessenAdmin) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/tenants/${slug}/request-services/${code}`, payload: payload as object, headers: bearer(token) });
  const adopt = (slug: string, payload: unknown, token: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/tenants/${slug}/request-services/adopt`, payload: payload as object, headers: bearer(token) });
  const audits = (action: string) => t.db.selectFrom('core_audit_log').selectAll().where('action', '=', action).execute();

  test('the public list: active services with attributes, department, SLA flag, no origin for own services', async () => {
    const services = await list('giessen');
    const muell = services.find((s) => s.code === 'muellablagerung')!;
    assert.equal(muell.department, 'ordnungsamt');
    assert.equal(muell.has_sla, true);
    assert.equal(muell.adopted_from, null);
    assert.deepEqual(muell.attributes.map((a) => a.code), ['menge', 'gefahrstoffe']);
    problem(await t.app.inject({ url: '/api/v1/tenants/atlantis/request-services' }), 404);
  });

  test('an admin creates and updates a service: orders filled and sorted, Open311 shows it, audited', async () => {
    const res = await put('giessen', 'winterdienst', WINTER);
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json() as Svc;
    assert.deepEqual(s.attributes.map((a) => [a.code, a.order]), [['seit', 1], ['ort', 2], ['hinweise', 3]]);
    assert.equal(s.has_sla, false);
    const def = await t.app.inject({ url: '/open311/v2/services/winterdienst.json?jurisdiction_id=giessen' });
    assert.equal(def.statusCode, 200, def.body);
    assert.deepEqual(def.json().attributes.map((a: { code: string }) => a.code), ['seit', 'ort', 'hinweise']);
    const upd = await put('giessen', 'winterdienst', { ...WINTER, name: 'Winterdienst und Glätte', department: null });
    assert.equal(upd.statusCode, 200, upd.body);
    assert.equal(upd.json().department, null);
    assert.equal((await audits('requests.service.create')).length, 1);
    const [u] = await audits('requests.service.update');
    assert.equal((u!.before as { name: string }).name, 'Winterdienst');
    assert.equal((u!.after as { name: string }).name, 'Winterdienst und Glätte');
  });

  test('deactivating (DELETE or active:false) hides a service but requests keep it; admins can list it', async () => {
    await put('giessen', 'winterdienst', WINTER);
    const svcId = (await t.db.selectFrom('requests_services').select('id').where('code', '=', 'winterdienst').executeTakeFirstOrThrow()).id;
    const req = await t.db.selectFrom('requests_items').select(['id', 'service_id']).where('tenant_id', '=', t.tenants.get('giessen')!).limit(1).executeTakeFirstOrThrow();
    await t.db.updateTable('requests_items').set({ service_id: svcId }).where('id', '=', req.id).execute();
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/tenants/giessen/request-services/winterdienst', headers: bearer(giessenAdmin) });
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(del.json().active, false);
    assert.ok(!(await list('giessen')).some((s) => s.code === 'winterdienst'));
    assert.ok(!(await list('giessen', '?include_inactive=true')).some((s) => s.code === 'winterdienst'), 'the public never sees inactive services');
    assert.ok((await list('giessen', '?include_inactive=true', giessenViewer)).some((s) => s.code === 'winterdienst' && !s.active));
    assert.equal((await t.db.selectFrom('requests_items').select('service_id').where('id', '=', req.id).executeTakeFirstOrThrow()).service_id, svcId);
    assert.equal((await t.app.inject({ url: '/open311/v2/services/winterdienst.json?jurisdiction_id=giessen' })).statusCode, 404);
    assert.equal((await put('giessen', 'winterdienst', { ...WINTER, active: true })).statusCode, 200);
    assert.equal((await put('giessen', 'winterdienst', { ...WINTER, active: false })).json().active, false);
    assert.equal((await audits('requests.service.deactivate')).length, 1);
    await t.db.updateTable('requests_items').set({ service_id: req.service_id }).where('id', '=', req.id).execute();
  });

  test('the cooperation lists its members\' services with their municipality', async () => {
    const res = await t.app.inject({ url: '/api/v1/cooperations/digitale-kommune-hessen/request-services' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { services: (Svc & { municipality: { slug: string } })[] };
    const cities = new Set(body.services.map((s) => s.municipality.slug));
    assert.ok(cities.has('giessen') && cities.has('marburg'), [...cities].join());
    assert.ok(!cities.has('frankfurt'));
    problem(await t.app.inject({ url: '/api/v1/cooperations/atlantis/request-services' }), 404);
  });

  test('Marburg adopts Gießen\'s service: definition and SLA copied, link kept, shown in both lists, audited', async () => {
    await put('giessen', 'winterdienst', { ...WINTER, active: true });
    const policy = [{ id: 'winter', name: 'Winterzusage', targets: { firstResponse: { hours: 2 }, resolution: { hours: 8 } } }];
    const sla = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/winterdienst/sla', payload: policy, headers: bearer(giessenAdmin) });
    assert.equal(sla.statusCode, 200, sla.body);
    const res = await adopt('marburg', { from: { tenant: 'giessen', code: 'winterdienst' } }, marburgAdmin);
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json() as Svc;
    assert.deepEqual(s.adopted_from, { tenant: 'giessen', code: 'winterdienst' });
    assert.equal(s.has_sla, true);
    assert.equal(s.department, 'ordnungsamt', 'Marburg\'s department of the same name');
    assert.deepEqual(s.attributes.map((a) => a.code), ['seit', 'ort', 'hinweise']);
    const policyOf = async (slug: string) => (await t.db.selectFrom('requests_services').select('sla_policy').where('tenant_id', '=', t.tenants.get(slug)!).where('code', '=', 'winterdienst').executeTakeFirstOrThrow()).sla_policy;
    assert.deepEqual(await policyOf('marburg'), await policyOf('giessen'));
    assert.equal((await policyOf('marburg') as { id: string }[])[0]!.id, 'winter');
    assert.deepEqual((await list('marburg')).find((x) => x.code === 'winterdienst')?.adopted_from, { tenant: 'giessen', code: 'winterdienst' });
    const coop = (await t.app.inject({ url: '/api/v1/cooperations/digitale-kommune-hessen/request-services' })).json() as { services: (Svc & { municipality: { slug: string }; adopted_by: string[] })[] };
    assert.deepEqual(coop.services.find((x) => x.municipality.slug === 'giessen' && x.code === 'winterdienst')?.adopted_by, ['marburg']);
    assert.equal((await audits('requests.service.adopt')).length, 1);
    // Under its own code, too.
    const again = await adopt('marburg', { from: { tenant: 'giessen', code: 'winterdienst' }, code: 'glaette', department: null }, marburgAdmin);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().department, null);
  });

  test('refused adoptions and writes answer per field and change nothing', async () => {
    const before = await snapshot(t.db);
    const cases: { res: () => Promise<Awaited<ReturnType<typeof put>>>; status: number; field?: string; detail?: RegExp }[] = [
      { res: () => adopt('frankfurt', { from: { tenant: 'giessen', code: 'winterdienst' } }, frankfurtAdmin), status: 403, field: 'body.from.tenant', detail: /keiner gemeinsamen Kooperation/ },
      { res: () => adopt('marburg', { from: { tenant: 'giessen', code: 'winterdienst' } }, marburgAdmin), status: 409, field: 'body.from.code' },
      { res: () => adopt('marburg', { from: { tenant: 'giessen', code: 'frage' }, code: 'glaette' }, marburgAdmin), status: 409, field: 'body.code' },
      { res: () => adopt('marburg', { from: { tenant: 'giessen', code: 'gibtsnicht' } }, marburgAdmin), status: 422, field: 'body.from.code' },
      { res: () => adopt('marburg', { from: { tenant: 'atlantis', code: 'frage' } }, marburgAdmin), status: 422, field: 'body.from.tenant' },
      { res: () => adopt('marburg', { from: { tenant: 'marburg', code: 'frage' }, code: 'frage2' }, marburgAdmin), status: 422, field: 'body.from.tenant' },
      { res: () => adopt('marburg', { from: { tenant: 'giessen', code: 'frage' }, code: 'frage3', department: 'gibtsnicht' }, marburgAdmin), status: 422, field: 'body.department' },
      { res: () => adopt('marburg', { from: { tenant: 'giessen' }, code: 'A B' }, marburgAdmin), status: 400, field: 'body.from.code' },
      { res: () => adopt('giessen', { from: { tenant: 'marburg', code: 'frage' }, code: 'frage9' }, marburgAdmin), status: 403 },
      { res: () => put('giessen', 'neu', { ...WINTER, name: '' }), status: 400, field: 'body.name' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'x', datatype: 'singlevaluelist', description: 'X?' }] }), status: 400, field: 'body.attributes.0.values' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'x', datatype: 'number', description: 'X?', values: [{ key: 'a', name: 'A' }] }] }), status: 400, field: 'body.attributes.0.values' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'x', datatype: 'zahl', description: 'X?' }] }), status: 400, field: 'body.attributes.0.datatype' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'x', datatype: 'text', description: 'X' }, { code: 'x', datatype: 'text', description: 'Y' }] }), status: 400, field: 'body.attributes.1.code' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'x', datatype: 'text', description: 'X', order: 1 }, { code: 'y', datatype: 'text', description: 'Y', order: 1 }] }), status: 400, field: 'body.attributes.1.order' },
      { res: () => put('giessen', 'neu', { ...WINTER, attributes: [{ code: 'l', datatype: 'multivaluelist', description: 'L', values: [{ key: 'a', name: 'A' }, { key: 'a', name: 'B' }] }] }), status: 400, field: 'body.attributes.0.values.1.key' },
      { res: () => put('giessen', 'neu', { ...WINTER, department: 'gibtsnicht' }), status: 422, field: 'body.department' },
      { res: () => put('giessen', 'neu', { ...WINTER, farbe: 'rot' }), status: 400, field: 'body' },
      { res: () => put('giessen', 'Groß', WINTER), status: 400, field: 'params.code' },
      { res: () => put('giessen', 'neu', WINTER, marburgAdmin), status: 403 },
      { res: () => put('giessen', 'neu', WINTER, giessenViewer), status: 403 },
      { res: () => t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/neu', payload: WINTER }), status: 401 },
      { res: () => t.app.inject({ method: 'DELETE', url: '/api/v1/tenants/giessen/request-services/gibtsnicht', headers: bearer(giessenAdmin) }), status: 404 },
    ];
    for (const c of cases) {
      const p = problem(await c.res(), c.status);
      if (c.field) assert.ok(p.errors?.some((e) => e.field === c.field), `${c.field} in ${JSON.stringify(p)}`);
      if (c.detail) assert.match(p.detail, c.detail);
    }
    assert.deepEqual(await snapshot(t.db), before);
  });
});
