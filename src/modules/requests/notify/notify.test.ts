// E-mail notifications through the real app, PostgreSQL, job runner and a real SMTP server on
// loopback: citizens who asked for mails get them (German, with number, service, state, date and
// link; never internal notes), others do not; escalations reach the contacts set through the API;
// each notification goes out once, even with two runners; refused mails are retried and then
// failed with the server's answer; bad input to the contacts API changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { JobRunner } from '../../core/index.ts';
import { seedRequestsDemo } from '../seed.ts';
import { requestsModule } from '../index.ts';
import { queueNotification, registerNotifyJobs, SEND_JOB, type NewNotice } from './index.ts';
import { sendDueNotifications } from './sender.ts';
import { startSmtpServer, type ReceivedMail } from './test-smtp.ts';

describe('requests: e-mail notifications', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let key: string;
  let admin: Record<string, string>;
  let editor: Record<string, string>;
  let otherAdmin: Record<string, string>;
  let giessen: string;
  /** A runner with only the sender (the app's t.jobs would also run every other module's timers). */
  const mailRunner = () => {
    const r = new JobRunner(t.db, { pollMs: 50, concurrency: 2, lockTimeoutS: 60 });
    registerNotifyJobs(r, { db: t.db, config: t.config });
    return r;
  };
  let runner: JobRunner;
  before(async () => {
    smtp = await startSmtpServer();
    t = await testApp({ mail: { smtpUrl: smtp.url, from: 'Stadt Gießen <noreply@giessen.test>', maxAttempts: 3 }, publicUrl: 'https://buergerportal.example' });
    await seedRequestsDemo(t.db);
    giessen = t.tenants.get('giessen')!;
    key = await t.token(await t.makeUser({ email: 'app@example.test' }), ['read', 'write']);
    admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    editor = bearer(await t.token(await t.makeUser({ email: 'team@giessen.test', roles: { giessen: 'editor' } })));
    otherAdmin = bearer(await t.token(await t.makeUser({ email: 'admin@frankfurt.test', roles: { frankfurt: 'admin' } })));
    runner = mailRunner();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  /** A street-light report to Gießen (department Ordnungsamt); Open311 asks for mails when an address is given. */
  const report = async (email?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: 'giessen', service_code: 'strassenbeleuchtung', lat: 50.58, long: 8.67, 'attribute[fehler]': 'aus', description: 'Laterne aus', ...(email && { email }) } });
    assert.equal(res.statusCode, 201, res.body);
    const number = res.json()[0].service_request_id as string;
    const row = await t.db.selectFrom('requests_items').select(['id', 'number']).where('number', '=', number).executeTakeFirstOrThrow();
    return row;
  };
  const queue = (n: Omit<NewNotice, 'tenantId'> & { tenantId?: string }) => t.db.transaction().execute((trx) => queueNotification(trx, { tenantId: giessen, ...n }));
  const outbox = (requestId: string) => t.db.selectFrom('requests_notifications').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('dedupe_key').execute();
  const mailsTo = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(address));
  /** Runs the sender as the schedule would, with every retry due now. */
  const sendNow = async () => {
    await t.db.updateTable('requests_notifications').set({ next_attempt_at: new Date() }).where('status', '=', 'queued').execute();
    await runner.enqueue(SEND_JOB);
    await runner.runOnce();
  };

  test('the requests module registers the sender job and its 30-second schedule', () => {
    const registered: string[] = [];
    const schedules: [string, number][] = [];
    const recorder = { register: (type: string) => registered.push(type), declareSchedule: (x: { name: string; intervalSeconds: number }) => schedules.push([x.name, x.intervalSeconds]) };
    requestsModule.registerJobs!(recorder as unknown as JobRunner, { config: t.config, db: t.db });
    assert.ok(registered.includes(SEND_JOB));
    assert.ok(schedules.some(([name, s]) => name === SEND_JOB && s === 30));
  });

  test('a citizen who asked for mails gets them in German, with number, service, state, date and link, never internal notes', async () => {
    const r = await report('buergerin@example.test');
    await t.db.updateTable('requests_items').set({ state: 'acknowledged', expected_at: new Date('2025-04-23T11:00:00Z') }).where('id', '=', r.id).execute();
    const ack = await queue({ requestId: r.id, kind: 'acknowledged', to: { citizen: true }, dedupeKey: `ack:${r.id}`, data: { trackingUrl: 'https://buergerportal.example/anliegen/verfolgen/geheim123', internalNote: 'Mast 17 schon zweimal defekt' } });
    assert.equal(ack.status, 'queued');
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('requests_items').set({ state: 'in_progress' }).where('id', '=', r.id).execute();
      await queueNotification(trx, { tenantId: giessen, requestId: r.id, kind: 'status', to: { citizen: true }, dedupeKey: `status:${r.id}:1`, data: { fromState: 'acknowledged', toState: 'in_progress', publicText: 'Der Bauhof ist beauftragt.', note: 'Intern: Kollege krank' } });
    });
    // Enqueued with the outbox row: the job runner sends without waiting for the schedule.
    const pending = await t.db.selectFrom('core_jobs').select('id').where('type', '=', SEND_JOB).where('status', '=', 'queued').execute();
    assert.ok(pending.length >= 2);
    assert.ok((await runner.runOnce()) >= 2);

    const [first, second] = mailsTo('buergerin@example.test');
    assert.ok(first && second, `two mails expected, got ${mailsTo('buergerin@example.test').length}`);
    assert.equal(first.from, 'noreply@giessen.test');
    assert.equal(first.fromHeader, 'Stadt Gießen <noreply@giessen.test>');
    assert.equal(first.subject, `Ihr Anliegen ist bestätigt: Straßenbeleuchtung defekt (${r.number})`);
    assert.match(first.text, /^Guten Tag,/);
    assert.match(first.text, new RegExp(`Anliegen: ${r.number}`));
    assert.match(first.text, /Status: Bestätigt/);
    assert.match(first.text, /Voraussichtlich erledigt bis: Mittwoch, 23\. April 2025 um 13:00 Uhr/); // 11:00 UTC is 13:00 in Berlin (summer time)
    assert.match(first.text, /https:\/\/buergerportal\.example\/anliegen\/verfolgen\/geheim123/);
    assert.match(first.text, /Mit freundlichen Grüßen\nGießen – Ordnungsamt/);
    assert.equal(second.subject, `Neuer Status „In Bearbeitung“: Straßenbeleuchtung defekt (${r.number})`);
    assert.match(second.text, /von „Bestätigt“ auf „In Bearbeitung“ geändert/);
    assert.match(second.text, /Nachricht der Verwaltung:\nDer Bauhof ist beauftragt\./);
    // Without the caller's tracking link the mail points to the portal and the number.
    assert.match(second.text, new RegExp(`mit der Nummer ${r.number} auf https://buergerportal\\.example`));
    for (const m of [first, second]) assert.doesNotMatch(m.raw, /Mast 17|Kollege krank|Intern/);

    const rows = await outbox(r.id);
    assert.deepEqual(rows.map((x) => [x.kind, x.status, x.attempts, x.recipient]), [['acknowledged', 'sent', 1, 'buergerin@example.test'], ['status', 'sent', 1, 'buergerin@example.test']]);
    assert.ok(rows.every((x) => x.sent_at instanceof Date));
  });

  test('a citizen who did not ask, or whose contact data is deleted, gets nothing (recorded as skipped)', async () => {
    const before = smtp.received.length;
    const anonymous = await report();
    const optedOut = await report('still@example.test');
    await t.db.updateTable('requests_items').set({ notify: false }).where('id', '=', optedOut.id).execute();
    const deleted = await report('geloescht@example.test');
    await t.db.updateTable('requests_items').set({ personal_deleted_at: new Date() }).where('id', '=', deleted.id).execute();
    for (const r of [anonymous, optedOut, deleted]) {
      assert.equal((await queue({ requestId: r.id, kind: 'public_update', to: { citizen: true }, dedupeKey: `upd:${r.id}`, data: { publicText: 'Neuigkeit' } })).status, 'skipped');
    }
    await sendNow();
    assert.equal(smtp.received.length, before);
    assert.deepEqual((await outbox(optedOut.id)).map((x) => [x.status, x.recipient, x.last_error]), [['skipped', null, 'keine Benachrichtigung gewünscht']]);
    assert.equal((await outbox(deleted.id))[0]?.last_error, 'Kontaktdaten wurden gelöscht');
    assert.equal((await outbox(anonymous.id))[0]?.last_error, 'keine E-Mail-Adresse angegeben');
  });

  test('SLA escalations reach the head of unit set through the API; a missing contact falls back to the department', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/departments/ordnungsamt/contacts', headers: admin, payload: { team_lead: 'teamleitung@giessen.test', head_of_unit: 'amtsleitung@giessen.test' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { department: 'ordnungsamt', team_lead: 'teamleitung@giessen.test', head_of_unit: 'amtsleitung@giessen.test', department_email: null });
    const r = await report('melder@example.test');
    const due = new Date('2025-12-23T09:30:00Z');
    await queue({ requestId: r.id, kind: 'sla_escalation', to: { level: 'headOfUnit' }, dedupeKey: `esc:${r.id}:resolution:100`, data: { target: 'resolution', percent: 100, dueAt: due.toISOString() } });
    // Nobody assigned: the assignee's warning goes to the team lead.
    await queue({ requestId: r.id, kind: 'sla_warning', to: { level: 'assignee' }, dedupeKey: `warn:${r.id}:resolution:75`, data: { target: 'resolution', percent: 75, dueAt: due } });
    await runner.runOnce();

    const [esc] = mailsTo('amtsleitung@giessen.test');
    assert.ok(esc, 'escalation mail expected');
    assert.equal(esc.subject, `Eskalation an Amtsleitung: Erledigung – Straßenbeleuchtung defekt (${r.number})`);
    assert.match(esc.text, /Frist: Dienstag, 23\. Dezember 2025 um 10:30 Uhr/); // winter time: UTC+1
    assert.match(esc.text, new RegExp(`Zum Vorgang: https://buergerportal\\.example/verwaltung/anliegen/${r.number}`));
    assert.doesNotMatch(esc.raw, /melder@example\.test/); // staff mails carry no citizen data
    assert.equal(mailsTo('teamleitung@giessen.test')[0]?.subject, `Frist-Warnung (75 %): Erledigung – Straßenbeleuchtung defekt (${r.number})`);

    // Contact removed: the department's own address; none at all: skipped.
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/departments/ordnungsamt/contacts', headers: admin, payload: { head_of_unit: null } })).statusCode, 200);
    assert.equal((await queue({ requestId: r.id, kind: 'sla_escalation', to: { level: 'headOfUnit' }, dedupeKey: `esc:${r.id}:legal:100`, data: {} })).status, 'skipped');
    await t.db.updateTable('core_departments').set({ email: 'ordnungsamt@giessen.test' }).where('tenant_id', '=', giessen).where('slug', '=', 'ordnungsamt').execute();
    assert.equal((await queue({ requestId: r.id, kind: 'sla_escalation', to: { level: 'headOfUnit' }, dedupeKey: `esc:${r.id}:firstResponse:100`, data: { target: 'firstResponse' } })).status, 'queued');
    await runner.runOnce();
    assert.equal(mailsTo('ordnungsamt@giessen.test').length, 1);
    // An assigned person gets the assignee's mails themselves.
    const staff = await t.db.selectFrom('core_users').select('id').where('email', '=', 'team@giessen.test').executeTakeFirstOrThrow();
    await t.db.updateTable('requests_items').set({ assignee_id: staff.id }).where('id', '=', r.id).execute();
    await queue({ requestId: r.id, kind: 'sla_warning', to: { level: 'assignee' }, dedupeKey: `warn:${r.id}:resolution:50`, data: { target: 'resolution', percent: 50 } });
    await runner.runOnce();
    assert.equal(mailsTo('team@giessen.test').length, 1);
  });

  test('exactly once: a repeated dedupe key is ignored, and two runners side by side send every mail once', async () => {
    const r = await report('einmal@example.test');
    const first = await queue({ requestId: r.id, kind: 'new_date', to: { citizen: true }, dedupeKey: `date:${r.id}:1`, data: { expectedAt: '2026-03-02T08:00:00Z', reason: 'Ersatzteil bestellt' } });
    const again = await queue({ requestId: r.id, kind: 'new_date', to: { citizen: true }, dedupeKey: `date:${r.id}:1`, data: { expectedAt: '2026-04-01T08:00:00Z' } });
    assert.equal(first.status, 'queued');
    assert.deepEqual(again, { status: 'duplicate' });
    // 30 more mails to as many citizens, then two instances' runners at once.
    const many = [];
    for (let i = 0; i < 30; i++) many.push(await report(`parallel${i}@example.test`));
    for (const m of many) await queue({ requestId: m.id, kind: 'public_update', to: { citizen: true }, dedupeKey: `upd:${m.id}:1`, data: { publicText: 'Wir sind dran.' } });
    const since = new Date();
    await Promise.all([runner.runOnce(), mailRunner().runOnce()]);
    // Both runners really sent, at the same time: two jobs with mails whose runs overlap.
    const runs = (await t.db.selectFrom('core_jobs').select(['started_at', 'finished_at', 'result']).where('type', '=', SEND_JOB).where('started_at', '>=', since).execute())
      .map((j) => ({ from: j.started_at!.getTime(), to: j.finished_at!.getTime(), sent: (j.result as { sent: number }).sent })).filter((j) => j.sent > 0);
    assert.equal(runs.reduce((n, j) => n + j.sent, 0), 31);
    assert.ok(runs.some((a) => runs.some((b) => a !== b && a.from < b.to && b.from < a.to)), JSON.stringify(runs));

    const dates = mailsTo('einmal@example.test');
    assert.equal(dates.length, 1);
    assert.equal(dates[0]!.subject, `Neuer voraussichtlicher Termin: Straßenbeleuchtung defekt (${r.number})`);
    assert.match(dates[0]!.text, /bis Montag, 2\. März 2026 um 09:00 Uhr erledigt/);
    assert.match(dates[0]!.text, /Grund: Ersatzteil bestellt/);
    for (let i = 0; i < 30; i++) assert.equal(mailsTo(`parallel${i}@example.test`).length, 1, `parallel${i}`);
    const rows = await t.db.selectFrom('requests_notifications').select(['status', 'attempts']).where('request_id', 'in', many.map((m) => m.id)).execute();
    assert.ok(rows.every((x) => x.status === 'sent' && x.attempts === 1));
  });

  test('refused mails: 4xx is retried with backoff and then failed, 5xx fails at once; the server answer is kept', async () => {
    const full = await report('postfach@voll.test');
    const unknown = await report('niemand@unbekannt.test');
    for (const r of [full, unknown]) await queue({ requestId: r.id, kind: 'public_update', to: { citizen: true }, dedupeKey: `upd:${r.id}:1`, data: { publicText: 'Hallo' } });
    await runner.runOnce();
    let [f] = await outbox(full.id);
    assert.equal(f?.status, 'queued');
    assert.equal(f?.attempts, 1);
    assert.match(f!.last_error!, /451.*Postfach voll/);
    assert.ok(f!.next_attempt_at.getTime() > Date.now() + 20_000, 'the next try waits (backoff)');
    const [u] = await outbox(unknown.id);
    assert.deepEqual([u?.status, u?.attempts], ['failed', 1]);
    assert.match(u!.last_error!, /550.*Postfach unbekannt/);

    await sendNow();
    await sendNow();
    [f] = await outbox(full.id);
    assert.deepEqual([f?.status, f?.attempts], ['failed', 3]); // MAIL_MAX_ATTEMPTS = 3 here
    assert.match(f!.last_error!, /451.*Postfach voll/);
    await sendNow();
    assert.equal((await outbox(full.id))[0]?.attempts, 3, 'a failed mail is not tried again');
    assert.equal(mailsTo('postfach@voll.test').length + mailsTo('niemand@unbekannt.test').length, 0);
  });

  test('queueNotification refuses a request of another tenant and a kind for the wrong audience; the caller rolls back', async () => {
    const r = await report('x@example.test');
    await assert.rejects(queue({ tenantId: t.tenants.get('frankfurt')!, requestId: r.id, kind: 'status', to: { citizen: true }, dedupeKey: `x:${r.id}`, data: {} }), /not one of tenant/);
    await assert.rejects(queue({ requestId: r.id, kind: 'sla_warning', to: { citizen: true }, dedupeKey: `y:${r.id}`, data: {} }), /does not go to citizen/);
    assert.deepEqual(await outbox(r.id), []);
  });

  test('contacts API: bad input, other tenants and non-admins get 4xx and change nothing', async () => {
    const url = '/api/v1/tenants/giessen/departments/ordnungsamt/contacts';
    const before = await snapshot(t.db);
    const bad = problem(await t.app.inject({ method: 'PUT', url, headers: admin, payload: { team_lead: 'keine-adresse', head_of_unit: 'ok@giessen.test' } }), 400);
    assert.ok(bad.errors?.some((e) => e.field.includes('team_lead') && /E-Mail/.test(e.message)), JSON.stringify(bad));
    const unknown = problem(await t.app.inject({ method: 'PUT', url, headers: admin, payload: { teamLead: 'a@giessen.test' } }), 400);
    assert.match(JSON.stringify(unknown), /teamLead/);
    problem(await t.app.inject({ method: 'PUT', url, headers: admin, payload: { head_of_unit: 42 } }), 400);
    problem(await t.app.inject({ method: 'PUT', url, headers: admin, payload: { head_of_unit: 'a@b.test\r\nBcc: x@y.test' } }), 400);
    problem(await t.app.inject({ method: 'PUT', url, headers: editor, payload: { head_of_unit: 'a@giessen.test' } }), 403);
    problem(await t.app.inject({ method: 'PUT', url, headers: otherAdmin, payload: { head_of_unit: 'a@giessen.test' } }), 403);
    problem(await t.app.inject({ method: 'PUT', url, payload: { head_of_unit: 'a@giessen.test' } }), 401);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/departments/gibt-es-nicht/contacts', headers: admin, payload: { head_of_unit: 'a@giessen.test' } }), 404);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/nirgendwo/departments/ordnungsamt/contacts', headers: admin, payload: { head_of_unit: 'a@giessen.test' } }), 404);
    assert.deepEqual(await snapshot(t.db), before);
    // Staff of the municipality may read them.
    const read = await t.app.inject({ url, headers: editor });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().team_lead, 'teamleitung@giessen.test');
  });

  test('with SMTP_URL empty, queued mails are marked skipped with the reason instead of waiting unseen', async () => {
    const r = await report('aus@example.test');
    await queue({ requestId: r.id, kind: 'public_update', to: { citizen: true }, dedupeKey: `upd:${r.id}:off`, data: { publicText: 'Hallo' } });
    const summary = await sendDueNotifications(t.db, null, { maxAttempts: 3 });
    assert.ok(summary.skipped >= 1);
    assert.deepEqual((await outbox(r.id)).map((x) => [x.status, x.last_error]), [['skipped', 'E-Mail-Versand ist nicht eingerichtet (SMTP_URL leer)']]);
  });
});
