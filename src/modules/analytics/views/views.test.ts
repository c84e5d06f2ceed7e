// Saved and shared views through the real app and PostgreSQL: who sees which view (private,
// municipality, cooperation partners via shared=1 — not other cooperations), strict checks of the
// definition with every bad field named and nothing changed, who may change and delete, copying
// a partner's view (audited), and running a view on the caller's own counters (JSON and CSV).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { addDays, todayBerlin } from '../metrics/periods.ts';

const S = '99102013000000';
const ARS: Record<string, string> = { giessen: '065310005005', marburg: '065340014014' };
const ago = (n: number) => addDays(todayBerlin(), -n);
const definition = (extra: Record<string, unknown> = {}) => ({ metric: 'submitted', interval: 'day', period: { last_days: 7 }, filters: { service_key: S }, chart: 'line', ...extra });
type View = { id: string; name: string; tenant: string; visibility: string; own: boolean; can_edit: boolean; copied_from: string | null };

describe('analytics: saved and shared views', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const api = (slug: string) => `/api/v1/tenants/${slug}/analytics/views`;
  const create = (who: string, payload: unknown, slug = 'giessen') => t.app.inject({ method: 'POST', url: api(slug), headers: h[who], payload: payload as object });
  const list = async (who: string, slug = 'giessen', shared = false) => {
    const res = await t.app.inject({ url: `${api(slug)}${shared ? '?shared=1' : ''}`, headers: h[who] });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().items as View[]).map((v) => v.name).sort();
  };
  const ids: Record<string, string> = {};

  before(async () => {
    t = await testApp();
    for (const [name, roles] of [
      ['anna', { giessen: 'editor' }], ['ben', { giessen: 'editor' }], ['chefin', { giessen: 'admin' }], ['leser', { giessen: 'viewer' }],
      ['marburg', { marburg: 'editor' }], ['frankfurt', { frankfurt: 'editor' }], ['mAdmin', { marburg: 'admin' }],
    ] as const) h[name] = bearer(await t.token(await t.makeUser({ email: `${name}@test.example`, roles })));
    // Counters: Gießen submitted 40 + 2, Marburg 7, both three days ago (Gießen's 2 in another service).
    for (const [slug, n] of [['giessen', 40], ['marburg', 7]] as const) {
      const admin = bearer(await t.token(await t.makeUser({ email: `quelle@${slug}.test`, roles: { [slug]: 'admin' } })));
      const key = await sourceKey(t, slug, admin);
      const events = [{ type: 'submitted', count: n, service_key: S, form_version: '1' }, { type: 'submitted', count: 2, service_key: '99050012104000' }];
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: 'b', events: events.map((e) => ({ ars: ARS[slug], online_service: 'Parken', day: ago(3), ...e })) } });
      assert.equal(res.statusCode, 202, res.body);
    }
    for (const [who, name, visibility, slug] of [
      ['anna', 'Annas Entwurf', 'private', 'giessen'], ['anna', 'Anträge Gießen', 'tenant', 'giessen'], ['ben', 'Für die Kooperation', 'cooperation', 'giessen'],
      ['frankfurt', 'Rhein-Main geteilt', 'cooperation', 'frankfurt'], ['marburg', 'Marburg intern', 'tenant', 'marburg'],
    ] as const) {
      const res = await create(who, { name, visibility, description: 'Absendungen je Tag', definition: definition() }, slug);
      assert.equal(res.statusCode, 201, res.body);
      ids[name] = res.json().id;
    }
  });
  after(() => t.close());

  test('private views only for their creator, tenant views for all members, cooperation views for partners with shared=1 only', async () => {
    assert.deepEqual(await list('anna'), ['Annas Entwurf', 'Anträge Gießen', 'Für die Kooperation']);
    assert.deepEqual(await list('ben'), ['Anträge Gießen', 'Für die Kooperation']);
    assert.deepEqual(await list('chefin'), ['Anträge Gießen', 'Für die Kooperation'], 'admins do not see private views either');
    assert.deepEqual(await list('leser'), ['Anträge Gießen', 'Für die Kooperation']);
    assert.deepEqual(await list('marburg', 'marburg'), ['Marburg intern']);
    assert.deepEqual(await list('marburg', 'marburg', true), ['Für die Kooperation', 'Marburg intern']);
    assert.deepEqual(await list('frankfurt', 'frankfurt', true), ['Rhein-Main geteilt'], 'another cooperation sees nothing of Gießen');
    assert.deepEqual(await list('anna', 'giessen', true), ['Annas Entwurf', 'Anträge Gießen', 'Für die Kooperation']);
    const shared = (await t.app.inject({ url: `${api('marburg')}?shared=1`, headers: h.marburg })).json().items.find((v: View) => v.id === ids['Für die Kooperation']);
    assert.deepEqual([shared.tenant, shared.own, shared.can_edit], ['giessen', false, false]);

    const get = (who: string, name: string, slug = 'giessen') => t.app.inject({ url: `${api(slug)}/${ids[name]}`, headers: h[who] });
    assert.equal((await get('anna', 'Annas Entwurf')).statusCode, 200);
    problem(await get('ben', 'Annas Entwurf'), 404);
    assert.equal((await get('marburg', 'Für die Kooperation', 'marburg')).statusCode, 200);
    problem(await get('marburg', 'Anträge Gießen', 'marburg'), 404);
    problem(await get('frankfurt', 'Für die Kooperation', 'frankfurt'), 404);
    problem(await get('frankfurt', 'Für die Kooperation'), 403);
    problem(await t.app.inject({ url: api('giessen') }), 401);
  });

  test('bad definitions are refused with 422 naming each field; viewers cannot save; a name is unique; nothing changes', async () => {
    const before = await snapshot(t.db);
    const fields = async (payload: unknown, who = 'anna') => problem(await create(who, payload), 422).errors!.map((e) => e.field).sort();
    assert.deepEqual(await fields({
      name: '', visibility: 'alle', extra: 1,
      definition: { metric: 'besuche', interval: 'stunde', period: { last_days: 0 }, filters: { service_key: 'kein schlüssel', ort: 'x' }, by: 'farbe', chart: 'torte' },
    }), ['definition.by', 'definition.chart', 'definition.filters.ort', 'definition.filters.service_key', 'definition.interval', 'definition.metric', 'definition.period.last_days', 'extra', 'name', 'visibility']);
    const messages = problem(await create('anna', { name: 'x', definition: definition({ metric: 'besuche' }) }), 422).errors!;
    assert.match(messages[0]!.message, /^Kennzahl: view, view\.channel, view\.device, start/);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ period: { from: '2026-02-30', to: '2026-03-01' } }) }), ['definition.period.from']);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ period: { from: ago(1), to: ago(5) } }) }), ['definition.period.from']);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ period: { from: ago(5), to: ago(1), last_days: 3 } }) }), ['definition.period']);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ period: {} }) }), ['definition.period']);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ period: { last_days: 3000 } }) }), ['definition.interval']);
    assert.deepEqual(await fields({ name: 'x', definition: definition({ metric: 'digital_share', by: 'service' }) }), ['definition.by', 'definition.interval']);
    assert.deepEqual(await fields({ name: 'x' }), ['definition']);
    assert.deepEqual(await fields({ name: 'x', definition: { metric: 'view' } }), ['definition.chart', 'definition.interval', 'definition.period']);
    problem(await create('leser', { name: 'x', definition: definition() }), 403);
    problem(await create('frankfurt', { name: 'x', definition: definition() }), 403);
    assert.deepEqual(problem(await create('ben', { name: 'Anträge Gießen', definition: definition() }), 409).errors!.map((e) => e.field), ['name']);
    const patch = (who: string, payload: unknown) => t.app.inject({ method: 'PATCH', url: `${api('giessen')}/${ids['Anträge Gießen']}`, headers: h[who], payload: payload as object });
    assert.deepEqual(problem(await patch('anna', { definition: definition({ interval: 'jahr' }) }), 422).errors!.map((e) => e.field), ['definition.interval']);
    problem(await patch('anna', {}), 422);
    problem(await patch('anna', { name: 'Für die Kooperation' }), 409);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('the creator or an admin changes and deletes; colleagues and partners may not', async () => {
    const url = (name: string, slug = 'giessen') => `${api(slug)}/${ids[name]}`;
    const patch = (who: string, name: string, payload: unknown, slug = 'giessen') => t.app.inject({ method: 'PATCH', url: url(name, slug), headers: h[who], payload: payload as object });
    problem(await patch('ben', 'Anträge Gießen', { description: 'von Ben' }), 403);
    problem(await patch('leser', 'Anträge Gießen', { description: 'vom Leser' }), 403);
    problem(await patch('marburg', 'Für die Kooperation', { description: 'aus Marburg' }, 'marburg'), 403);
    problem(await patch('chefin', 'Annas Entwurf', { description: 'privat bleibt privat' }), 404);
    const own = await patch('anna', 'Anträge Gießen', { description: 'geändert', definition: definition({ interval: 'week', chart: 'bar' }) });
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual([own.json().description, own.json().definition.chart, own.json().can_edit], ['geändert', 'bar', true]);
    const admin = await patch('chefin', 'Anträge Gießen', { visibility: 'cooperation' });
    assert.equal(admin.statusCode, 200, admin.body);
    const audit = await t.db.selectFrom('core_audit_log').select(['action', 'after']).where('entity_id', '=', ids['Anträge Gießen']!).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['analytics.view.create', 'analytics.view.update', 'analytics.view.update']);

    const del = (who: string, name: string, slug = 'giessen') => t.app.inject({ method: 'DELETE', url: url(name, slug), headers: h[who] });
    problem(await del('ben', 'Annas Entwurf'), 404);
    problem(await del('marburg', 'Für die Kooperation', 'marburg'), 403);
    assert.equal((await del('anna', 'Annas Entwurf')).statusCode, 204);
    problem(await t.app.inject({ url: url('Annas Entwurf'), headers: h.anna }), 404);
    assert.equal((await t.db.selectFrom('core_audit_log').select('id').where('action', '=', 'analytics.view.delete').execute()).length, 1);
  });

  test('copying a partner\'s shared view into the own municipality: copied_from, numbered names, audited', async () => {
    const copy = (who: string, slug: string, payload?: unknown) => t.app.inject({ method: 'POST', url: `${api(slug)}/${ids['Für die Kooperation']}/copy`, headers: h[who], ...(payload ? { payload: payload as object } : {}) });
    problem(await copy('frankfurt', 'frankfurt'), 404);
    problem(await t.app.inject({ method: 'POST', url: `${api('marburg')}/${ids['Marburg intern']}/copy`, headers: h.anna }), 403);
    const first = await copy('marburg', 'marburg');
    assert.equal(first.statusCode, 201, first.body);
    const c = first.json();
    assert.deepEqual([c.name, c.tenant, c.visibility, c.copied_from, c.own, c.can_edit], ['Für die Kooperation (Kopie)', 'marburg', 'private', ids['Für die Kooperation'], true, true]);
    assert.equal((await copy('marburg', 'marburg')).json().name, 'Für die Kooperation (Kopie 2)');
    const named = await copy('mAdmin', 'marburg', { name: 'Unsere Absendungen', visibility: 'tenant' });
    assert.equal(named.statusCode, 201, named.body);
    problem(await copy('mAdmin', 'marburg', { name: 'Unsere Absendungen' }), 409);
    assert.deepEqual(problem(await copy('mAdmin', 'marburg', { visibility: 'welt' }), 422).errors!.map((e) => e.field), ['visibility']);
    assert.deepEqual(await list('mAdmin', 'marburg'), ['Marburg intern', 'Unsere Absendungen'], 'private copies stay with whoever copied');
    const audit = await t.db.selectFrom('core_audit_log').selectAll().where('action', '=', 'analytics.view.copy').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(audit.tenant_id, t.tenants.get('marburg'));
    assert.deepEqual(audit.after, { name: 'Für die Kooperation (Kopie)', visibility: 'private', copied_from: ids['Für die Kooperation'], from_tenant: 'giessen' });
  });

  test('data runs the definition on the counters of the municipality that opens it (JSON and CSV)', async () => {
    const data = (who: string, slug: string, q = '', name = 'Für die Kooperation') => t.app.inject({ url: `${api(slug)}/${ids[name]}/data${q}`, headers: h[who] });
    const sum = (r: { json(): { points: { value: number }[] } }) => r.json().points.reduce((n, p) => n + p.value, 0);
    const own = await data('ben', 'giessen');
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().tenant, 'giessen');
    assert.equal(own.json().points.length, 7);
    assert.equal(sum(own), 40, 'only the filtered service');
    assert.equal(own.json().points.find((p: { period: string }) => p.period === ago(3)).value, 40);
    assert.equal(own.json().view.name, 'Für die Kooperation');
    const partner = await data('marburg', 'marburg');
    assert.equal(partner.statusCode, 200, partner.body);
    assert.deepEqual([partner.json().tenant, sum(partner)], ['marburg', 7], 'Gießen\'s view shows Marburg its own numbers');
    // The partner's link (path of the view's municipality) with ?tenant= gives the same.
    assert.equal(sum(await data('marburg', 'giessen', '?tenant=marburg')), 7);
    problem(await data('marburg', 'giessen'), 403);
    problem(await data('frankfurt', 'frankfurt'), 404);
    problem(await data('frankfurt', 'giessen', '?tenant=frankfurt'), 404);
    problem(await data('marburg', 'frankfurt', '?tenant=marburg'), 404);

    const csv = await t.app.inject({ url: `${api('marburg')}/${ids['Für die Kooperation']}/data.csv`, headers: h.marburg });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="ansicht-marburg-/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'period,series,value');
    assert.equal(lines.length, 8);
    assert.ok(lines.includes(`${ago(3)},,7`), csv.body);

    // The builder's preview runs an unsaved definition the same way, on the caller's own figures.
    const saved = (await t.app.inject({ url: `${api('giessen')}/${ids['Für die Kooperation']}`, headers: h.ben })).json();
    const preview = await t.app.inject({ method: 'POST', url: `${api('giessen')}/preview`, headers: h.ben, payload: { definition: saved.definition } });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json().points, own.json().points);
    problem(await t.app.inject({ method: 'POST', url: `${api('giessen')}/preview`, headers: h.ben, payload: { definition: { ...saved.definition, metric: 'klicks' } } }), 422);
    problem(await t.app.inject({ method: 'POST', url: `${api('giessen')}/preview`, headers: h.frankfurt, payload: { definition: saved.definition } }), 403);
  });
});
