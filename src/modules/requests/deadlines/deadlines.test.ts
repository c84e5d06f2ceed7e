// Service levels through the real app and PostgreSQL: a municipality's calendar and a service's
// policies (validated, German messages), deadlines recomputed from the event log after every
// event (the worked example as Open311 expected_datetime, pauses from waiting states),
// thresholds queued as jobs and acted on exactly once, escalation at 100 %.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { problem, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { requestsTest } from '../test-setup.ts';
import { recompute, THRESHOLD_JOB, type ThresholdPayload } from './recompute.ts';
import { onThreshold } from './thresholds.ts';
import { JobRunner } from '../../core/index.ts';

const at = (iso: string) => new Date(iso);
const POLICY = [{ id: 'standard', name: 'Standard', targets: { firstResponse: { hours: 4 }, resolution: { hours: 16 }, legal: { amount: 2, unit: 'weeks' } } }];
const OFFICE = {
  timeZone: 'Europe/Berlin', holidayRegion: 'HE',
  openingHours: { mon: [{ from: '08:00', to: '16:00' }], tue: [{ from: '08:00', to: '16:00' }], wed: [{ from: '08:00', to: '16:00' }], thu: [{ from: '08:00', to: '18:00' }], fri: [{ from: '08:00', to: '12:00' }] },
  closures: [{ date: '12-24' }, { date: '12-31' }],
};

describe('requests: service levels', () => {
  let t: TestApp;
  let key: string;
  let admin: Record<string, string>;
  let editor: Record<string, string>;
  before(async () => {
    ({ t, key, admin, editor } = await requestsTest({ editorEmail: 'team@giessen.test' }));
  });
  after(() => t.close());

  const report = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: 'giessen', service_code: 'strassenbeleuchtung', lat: 50.58, long: 8.67, 'attribute[fehler]': 'aus' } });
    assert.equal(res.statusCode, 201, res.body);
    const number = res.json()[0].service_request_id as string;
    return (await t.db.selectFrom('requests_items').select(['id', 'number']).where('number', '=', number).executeTakeFirstOrThrow());
  };
  /** Moves a request's history to fixed instants (the log is the truth; recompute reads it). */
  const backdate = async (id: string, times: Record<string, string>) => {
    for (const [kind, iso] of Object.entries(times)) await t.db.updateTable('requests_events').set({ at: at(iso) }).where('request_id', '=', id).where('kind', '=', kind).execute();
    await t.db.updateTable('requests_items').set({ requested_at: at(times.created!) }).where('id', '=', id).execute();
    await t.db.transaction().execute((trx) => recompute(trx, id));
  };
  const expected = async (number: string) => (await t.app.inject({ url: `/open311/v2/requests/${number}.json?jurisdiction_id=giessen` })).json()[0].expected_datetime;

  test('calendar and policies are checked with German messages per field; bad ones change nothing', async () => {
    const before = await snapshot(t.db);
    const cal = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/requests-calendar', headers: admin, payload: { ...OFFICE, openingHours: { mon: [{ from: '16:00', to: '08:00' }] }, timeZone: 'Mars/Olympus' } });
    const p = problem(cal, 400);
    assert.ok(p.errors!.some((e) => e.field === 'timeZone' && /Zeitzone/.test(e.message)));
    assert.ok(p.errors!.some((e) => e.field.startsWith('openingHours.mon') && /Beginn muss vor dem Ende/.test(e.message)));
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/requests-calendar', headers: admin, payload: { openingHours: {} } }), 400);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/requests-calendar', headers: editor, payload: OFFICE }), 403);
    const pol = problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/strassenbeleuchtung/sla', headers: admin, payload: [{ id: 'x', name: 'X', targets: {} }] }), 400);
    assert.match(JSON.stringify(pol.errors), /mindestens ein Ziel/);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/ufo/sla', headers: admin, payload: POLICY }), 404);
    assert.deepEqual(await snapshot(t.db), before);

    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/requests-calendar', headers: admin, payload: OFFICE })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/strassenbeleuchtung/sla', headers: admin, payload: POLICY })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/tenants/giessen/requests-calendar' })).json().default, false);
  });

  test('expected_datetime is the worked example: Thu 17.4.2025 15:00 + 16 business hours → Wed 23.4.2025 13:00', async () => {
    const r = await report();
    assert.ok(await expected(r.number), 'a new request gets a date at once');
    await backdate(r.id, { created: '2025-04-17T13:00:00Z' }); // 15:00 in Berlin (CEST)
    assert.equal(await expected(r.number), '2025-04-23T11:00:00.000Z'); // 13:00 CEST
    const rows = await t.db.selectFrom('requests_deadlines').select(['clock', 'status', 'due_at']).where('request_id', '=', r.id).orderBy('clock').execute();
    assert.deepEqual(rows.map((x) => x.clock), ['firstResponse', 'legal', 'resolution']);
    const legal = rows.find((x) => x.clock === 'legal')!;
    assert.equal(legal.due_at!.toISOString(), '2025-05-02T22:00:00.000Z', 'two weeks from Thu 17.4. end Thu 1.5. (a holiday) → the whole Fri 2.5.2025, up to midnight');
  });

  test('waiting for the citizen pauses the clock; the resolution date moves by the paused business time', async () => {
    const r = await report();
    for (const to of ['acknowledged', 'waiting_citizen', 'in_progress']) assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/requests/${r.number}/transitions`, headers: editor, payload: { to } })).statusCode, 200);
    // Received Mon 7.4.2025 08:00, waiting Mon 10:00 … Tue 10:00 (8 business hours paused).
    await t.db.updateTable('requests_events').set({ at: at('2025-04-07T06:00:00Z') }).where('request_id', '=', r.id).where('kind', '=', 'created').execute();
    await t.db.updateTable('requests_events').set({ at: at('2025-04-07T07:00:00Z') }).where('request_id', '=', r.id).where('to_state', '=', 'acknowledged').execute();
    await t.db.updateTable('requests_events').set({ at: at('2025-04-07T08:00:00Z') }).where('request_id', '=', r.id).where('to_state', '=', 'waiting_citizen').execute();
    await t.db.updateTable('requests_events').set({ at: at('2025-04-08T08:00:00Z') }).where('request_id', '=', r.id).where('to_state', '=', 'in_progress').execute();
    await t.db.transaction().execute((trx) => recompute(trx, r.id));
    // Without the pause: Mon 08:00 + 16 h → Tue 16:00. With 8 h paused: Wed 16:00.
    assert.equal(await expected(r.number), '2025-04-09T14:00:00.000Z');
  });

  test('thresholds are jobs for their instants; each fires once, escalation raises priority and tells the citizen a new date', async () => {
    const r = await report();
    await backdate(r.id, { created: '2025-04-17T13:00:00Z' });
    const jobs = await t.db.selectFrom('core_jobs').select(['unique_key', 'run_at']).where('type', '=', THRESHOLD_JOB).where('unique_key', 'like', `sla:${r.id}:%`).where('status', '=', 'queued').execute();
    assert.ok(jobs.some((j) => j.unique_key!.includes(':resolution:1:50:')), 'the next (50 %) threshold of the resolution clock is queued');
    assert.ok(!jobs.some((j) => j.unique_key!.includes(':resolution:1:75:')), 'one threshold per clock at a time');
    const payload = { requestId: r.id, clock: 'resolution', cycle: 1, percent: 100, at: Date.parse('2025-04-23T11:00:00Z') };
    const early = await onThreshold(t.db, { ...payload, percent: 50 }, Date.parse('2025-04-18T06:00:00Z'));
    assert.deepEqual([early.fired, early.why], [false, 'verschoben'], 'not yet due: nothing happens');
    // Two runners at once, and a retry: exactly one escalation.
    const now = Date.parse('2025-04-23T12:00:00Z');
    const outcomes = await Promise.all([onThreshold(t.db, payload, now), onThreshold(t.db, payload, now)]);
    assert.equal(outcomes.filter((o) => o.fired).length, 1);
    assert.equal((await onThreshold(t.db, payload, now)).fired, false);
    const events = await t.db.selectFrom('requests_events').select(['kind', 'public', 'text']).where('request_id', '=', r.id).orderBy('id').execute();
    assert.equal(events.filter((e) => e.kind === 'sla').length, 1);
    assert.match(events.find((e) => e.kind === 'sla')!.text!, /Eskalation an Amtsleitung: 100 % der Frist „Erledigung“/);
    const notice = events.find((e) => e.kind === 'update' && e.public)!;
    assert.match(notice.text!, /Neues voraussichtliches Datum/);
    const item = await t.db.selectFrom('requests_items').select(['priority', 'expected_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(item.priority, 3);
    assert.ok(item.expected_at!.getTime() > now, 'the new date lies ahead');
    assert.equal(await expected(r.number), item.expected_at!.toISOString());
    assert.equal(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM requests_sla_fired WHERE request_id = ${r.id}`.execute(t.db)).rows[0]!.n), 1);
    // The escalation mail to the head of unit (no contact set: the department's address or a skipped row), once.
    const mails = await t.db.selectFrom('requests_notifications').select(['kind', 'audience']).where('request_id', '=', r.id).where('kind', '=', 'sla_escalation').execute();
    assert.deepEqual(mails.map((m) => m.audience), ['headOfUnit']);
  });

  test('two app instances run the threshold jobs: the escalation happens once and hands the case to the team lead', async () => {
    const policy = [{ id: 'eilig', name: 'Eilig', targets: { resolution: { hours: 4 } }, thresholds: [{ percent: 100, level: 'teamLead', actions: ['reassign', 'notify'] }] }];
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-services/muellablagerung/sla', headers: admin, payload: policy })).statusCode, 200);
    const contacts = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/departments/ordnungsamt/contacts', headers: admin, payload: { team_lead: 'team@giessen.test' } });
    assert.equal(contacts.statusCode, 200, contacts.body);
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: 'giessen', service_code: 'muellablagerung', lat: 50.58, long: 8.67, 'attribute[menge]': 'gross', 'attribute[gefahrstoffe]': 'nein' } });
    const number = res.json()[0].service_request_id as string;
    const r = await t.db.selectFrom('requests_items').select(['id', 'assignee_id']).where('number', '=', number).executeTakeFirstOrThrow();
    assert.equal(r.assignee_id, null);
    await backdate(r.id, { created: '2025-01-06T07:00:00Z' }); // Mon 08:00: 4 business hours are long over

    const instance = () => {
      // The threshold handler as the module registers it (without the sweep's schedule, which would
      // recompute every demo request and only slow this test down).
      const runner = new JobRunner(t.db, { pollMs: 50, concurrency: 2, lockTimeoutS: 60 });
      runner.register(THRESHOLD_JOB, (job) => onThreshold(t.db, job.payload as ThresholdPayload), { maxAttempts: 10, timeoutS: 60 });
      return runner;
    };
    const [a, b] = [instance(), instance()];
    for (let round = 0; round < 3; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    const sla = await t.db.selectFrom('requests_events').select(['kind', 'text']).where('request_id', '=', r.id).where('kind', 'in', ['sla', 'assigned']).execute();
    assert.equal(sla.filter((e) => e.kind === 'sla').length, 1, JSON.stringify(sla));
    assert.match(sla.find((e) => e.kind === 'assigned')!.text!, /übergeben an team@giessen\.test/);
    const team = await t.db.selectFrom('core_users').select('id').where('email', '=', 'team@giessen.test').executeTakeFirstOrThrow();
    assert.equal((await t.db.selectFrom('requests_items').select('assignee_id').where('id', '=', r.id).executeTakeFirstOrThrow()).assignee_id, team.id);
    const mails = await t.db.selectFrom('requests_notifications').select(['audience', 'recipient']).where('request_id', '=', r.id).where('kind', '=', 'sla_escalation').execute();
    assert.deepEqual(mails, [{ audience: 'teamLead', recipient: 'team@giessen.test' }]);
  });
});

