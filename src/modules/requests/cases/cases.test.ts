// Staff case handling through the real app and PostgreSQL: states and their allowed moves,
// public updates versus internal notes (and what Open311 shows of each), assignment one by one
// and in bulk, the inbox, and wrong moves, wrong tenants and bad input changing nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedRequestsDemo } from '../seed.ts';

describe('requests: staff case handling', () => {
  let t: TestApp;
  let key: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let frankfurt: Record<string, string>;
  before(async () => {
    t = await testApp();
    await seedRequestsDemo(t.db);
    key = await t.token(await t.makeUser({ email: 'app@example.test' }), ['read', 'write']);
    editor = bearer(await t.token(await t.makeUser({ email: 'sachbearbeitung@giessen.test', roles: { giessen: 'editor' } })));
    viewer = bearer(await t.token(await t.makeUser({ email: 'lesen@giessen.test', roles: { giessen: 'viewer' } })));
    frankfurt = bearer(await t.token(await t.makeUser({ email: 'team@frankfurt.test', roles: { frankfurt: 'editor' } })));
  });
  after(() => t.close());

  const report = async (jurisdiction = 'giessen', text = 'Laterne aus') => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: jurisdiction, service_code: 'strassenbeleuchtung', lat: 50.58, long: 8.67, 'attribute[fehler]': 'aus', description: text, email: 'melder@example.org' } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json()[0].service_request_id as string;
  };
  const move = (n: string, to: string, headers = editor, note?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/transitions`, headers, payload: { to, ...(note && { public_note: note }) } });
  const open311 = async (n: string) => (await t.app.inject({ url: `/open311/v2/requests/${n}.json?jurisdiction_id=giessen` })).json()[0];

  test('a case moves through its states; waiting, resolving, closing and reopening are in the timeline', async () => {
    const n = await report();
    for (const to of ['acknowledged', 'in_progress', 'waiting_citizen', 'in_progress', 'resolved', 'closed', 'in_progress']) {
      const res = await move(n, to, editor, to === 'resolved' ? 'Leuchtmittel getauscht' : undefined);
      assert.equal(res.statusCode, 200, `${to}: ${res.body}`);
    }
    const c = (await t.app.inject({ url: `/api/v1/requests/${n}`, headers: viewer })).json();
    assert.equal(c.state, 'in_progress');
    assert.equal(c.contact_email, 'melder@example.org'); // staff see the contact
    assert.deepEqual(c.events.map((e: { kind: string }) => e.kind), ['created', 'state', 'state', 'state', 'state', 'state', 'state', 'reopened']);
    assert.deepEqual(c.next_states, ['waiting_citizen', 'waiting_third_party', 'resolved', 'closed']);
    const o = await open311(n);
    assert.equal(o.status, 'open');
    assert.equal(o.status_notes, 'Leuchtmittel getauscht');
    // The reporter opted in (gave an e-mail): one mail per state change, in the outbox.
    const id = (await t.db.selectFrom('requests_items').select('id').where('number', '=', n).executeTakeFirstOrThrow()).id;
    const mails = await t.db.selectFrom('requests_notifications').select(['kind', 'recipient', 'subject', 'body_text']).where('request_id', '=', id).orderBy('created_at').orderBy('id').execute();
    assert.equal(mails.length, 7);
    assert.ok(mails.every((m) => m.kind === 'status' && m.recipient === 'melder@example.org'));
    assert.ok(mails.some((m) => /Leuchtmittel getauscht/.test(m.body_text)), 'the public note is in the mail');
  });

  test('public updates reach the citizen and Open311, internal notes do not', async () => {
    const n = await report();
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/notes`, headers: editor, payload: { text: 'Intern: Mast 17 schon zweimal defekt' } })).statusCode, 201);
    assert.equal((await open311(n)).status_notes, null);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/notes`, headers: editor, payload: { text: 'Der Bauhof ist beauftragt.', public: true } })).statusCode, 201);
    assert.equal((await open311(n)).status_notes, 'Der Bauhof ist beauftragt.');
    const updates = await t.app.inject({ url: '/open311/v2/servicerequestupdates.json?jurisdiction_id=giessen' });
    assert.equal(updates.statusCode, 200);
    const mine = updates.json().filter((u: { service_request_id: string }) => u.service_request_id === n);
    assert.deepEqual(mine.map((u: { description: string }) => u.description), ['Eingegangen', 'Der Bauhof ist beauftragt.']);
    assert.doesNotMatch(updates.body, /Mast 17/);
    const id = (await t.db.selectFrom('requests_items').select('id').where('number', '=', n).executeTakeFirstOrThrow()).id;
    const mails = await t.db.selectFrom('requests_notifications').select(['kind', 'body_text']).where('request_id', '=', id).execute();
    assert.deepEqual(mails.map((m) => m.kind), ['public_update'], 'the internal note sends nothing');
    assert.doesNotMatch(mails[0]!.body_text, /Mast 17/);
    const xml = await t.app.inject({ url: '/open311/v2/servicerequestupdates.xml?jurisdiction_id=giessen' });
    assert.match(xml.body, /<service_requests_updates>\s*<request_update>\s*<update_id>/);
    assert.equal((await t.app.inject({ url: '/open311/v2/servicerequestupdates.json?jurisdiction_id=giessen&start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z' })).statusCode, 400);
  });

  test('assignment one by one and in bulk; the inbox filters and puts the due first', async () => {
    const [a, b] = [await report(), await report()];
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/requests/${a}/assign`, headers: editor, payload: { department: 'buergerservice', assignee: 'sachbearbeitung@giessen.test', priority: 1 } });
    assert.equal(res.statusCode, 200, res.body);
    const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/requests/assign', headers: editor, payload: { numbers: [a, b], department: 'buergerservice' } });
    assert.equal(bulk.statusCode, 200, bulk.body);
    assert.equal(bulk.json().updated, 2);
    const inbox = (await t.app.inject({ url: '/api/v1/tenants/giessen/requests?state=open&department=buergerservice', headers: viewer })).json();
    assert.ok(inbox.items.some((i: { number: string; assignee: string; priority: number }) => i.number === a && i.assignee === 'sachbearbeitung@giessen.test' && i.priority === 1));
    assert.ok(inbox.items.every((i: { department: string; state: string }) => i.department === 'buergerservice' && !['resolved', 'closed'].includes(i.state)));
    // Due soonest first, cases without a due date after them.
    await t.db.updateTable('requests_items').set({ expected_at: new Date('2000-01-01T00:00:00Z') }).where('number', '=', b).execute(); // the most overdue of all
    const first = (await t.app.inject({ url: '/api/v1/tenants/giessen/requests?state=open', headers: viewer })).json().items[0];
    assert.equal(first.number, b);
  });

  test('duplicates: the same service within 100 m and 7 days is suggested; merging closes the duplicate and points to the original', async () => {
    await t.db.updateTable('requests_items').set({ merged_into: null }).execute();
    const first = await report();
    const second = await report('giessen', 'Die Laterne ist immer noch aus');
    const far = await report();
    await t.db.updateTable('requests_items').set({ lat: 50.60 }).where('number', '=', far).execute(); // ~2 km north
    const sug = await t.app.inject({ url: `/api/v1/requests/${first}/duplicates`, headers: viewer });
    assert.equal(sug.statusCode, 200, sug.body);
    const numbers = sug.json().items.map((i: { number: string }) => i.number);
    assert.ok(numbers.includes(second) && !numbers.includes(far) && !numbers.includes(first));
    assert.ok(sug.json().items.every((i: { metres: number }) => i.metres <= 100));

    const m = await t.app.inject({ method: 'POST', url: `/api/v1/requests/${second}/merge`, headers: editor, payload: { into: first } });
    assert.equal(m.statusCode, 200, m.body);
    const o = await open311(second);
    assert.equal(o.status, 'closed');
    assert.match(o.status_notes, new RegExp(`weiter bearbeitet|${first}`));
    assert.ok(!(await t.app.inject({ url: `/api/v1/requests/${first}/duplicates`, headers: viewer })).json().items.some((i: { number: string }) => i.number === second), 'a merged one is no suggestion any more');
    const target = (await t.app.inject({ url: `/api/v1/requests/${first}`, headers: viewer })).json();
    assert.ok(target.events.some((e: { kind: string; public: boolean }) => e.kind === 'merged' && !e.public));

    const fra = await report('frankfurt');
    const before = await snapshot(t.db);
    for (const [n, into, status] of [[second, first, 409], [first, first, 400], [first, fra, 400], [far, second, 409]] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/merge`, headers: editor, payload: { into } });
      problem(r, status);
    }
    problem(await t.app.inject({ method: 'POST', url: `/api/v1/requests/${far}/merge`, headers: frankfurt, payload: { into: first } }), 403);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('wrong moves, other tenants, readers and bad input: clear 4xx and nothing changes', async () => {
    const n = await report();
    const fra = await report('frankfurt');
    const before = await snapshot(t.db);
    const cases: [Promise<{ statusCode: number; body: string }>, number, RegExp?][] = [
      [move(n, 'waiting_citizen'), 409, /Von „Eingegangen“ geht es nicht nach „Wartet auf Rückmeldung“/],
      [move(n, 'fertig'), 400, /to/],
      [move(n, 'acknowledged', frankfurt), 403],
      [move(n, 'acknowledged', viewer), 403],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/transitions`, payload: { to: 'acknowledged' } }), 401],
      [move('GIE-2026-999999', 'acknowledged'), 404],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/notes`, headers: editor, payload: { text: '  ' } }), 400],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/notes`, headers: frankfurt, payload: { text: 'fremd' } }), 403],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/assign`, headers: editor, payload: { department: 'raumfahrt' } }), 400, /department/],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/assign`, headers: editor, payload: { assignee: 'team@frankfurt.test' } }), 400, /assignee/],
      [t.app.inject({ method: 'POST', url: `/api/v1/requests/${n}/assign`, headers: editor, payload: {} }), 400],
      [t.app.inject({ method: 'POST', url: '/api/v1/tenants/giessen/requests/assign', headers: editor, payload: { numbers: [n, fra], department: 'buergerservice' } }), 400, /nicht in dieser Kommune/],
      [t.app.inject({ method: 'GET', url: '/api/v1/tenants/giessen/requests', headers: frankfurt }), 403],
      [t.app.inject({ method: 'GET', url: `/api/v1/requests/${n}`, headers: frankfurt }), 403],
      [t.app.inject({ method: 'GET', url: '/api/v1/tenants/giessen/requests?state=kaputt', headers: viewer }), 400],
    ];
    for (const [res, status, why] of cases) {
      const r = await res;
      assert.equal(r.statusCode, status, r.body);
      problem(r as never, status); // every refusal is problem+json
      if (why) assert.match(r.body, why);
    }
    assert.deepEqual(await snapshot(t.db), before);
  });
});
