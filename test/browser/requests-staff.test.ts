// Staff handle citizen requests in headless Chromium: the Gießen editor logs in, opens
// Verwaltung → Anliegen, filters to open ones (the URL keeps the filter), bulk-assigns two to a
// department, opens one, moves it to "In Bearbeitung" with a public note, adds an internal note
// and sees both in the timeline with their labels. Refusals appear at the field: an empty note
// (400) and a state move another clerk made impossible meanwhile (409). A second report nearby is
// suggested as a duplicate and merged only after confirming. axe on both pages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demoServerInBrowser, logIn, shoot, skipWithoutChromium } from '../helpers/browser.ts';

describe('staff inbox and case page', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();
  let picked: string[] = [];

  it('inbox: filter to open, SLA badges, bulk assignment of two requests', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    await logIn(page, server.url, 'redaktion@giessen.example', server.adminPassword);
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Anliegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anliegen' }).waitFor();

    const filters = page.getByRole('search', { name: 'Anliegen filtern' });
    await filters.getByLabel('Status').selectOption({ label: 'Alle' });
    await filters.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/status=alle/);
    const giessen = await server.db.selectFrom('core_tenants').select('id').where('slug', '=', 'giessen').executeTakeFirstOrThrow();
    const all = await server.db.selectFrom('requests_items').select(['number', 'state']).where('tenant_id', '=', giessen.id).orderBy('number').execute();
    assert.ok(all.length >= 20, `demo data: ${all.length} Gießen requests`);
    await page.getByRole('table').getByText(`Anliegen von Gießen (${all.length})`).waitFor();

    await filters.getByLabel('Status').selectOption({ label: 'Offen (nicht erledigt)' });
    await filters.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/status=offen/);
    const open = all.filter((r) => r.state !== 'resolved' && r.state !== 'closed');
    await page.getByRole('table').getByText(`Anliegen von Gießen (${open.length})`).waitFor();
    const states = await page.locator('tbody tr td:nth-child(4)').allTextContents();
    assert.ok(states.length > 0 && states.every((s) => !['Erledigt', 'Abgeschlossen'].includes(s)), states.join(', '));
    // Every row has an SLA badge that says its status in words.
    const badges = await page.locator('tbody [data-sla]').allTextContents();
    assert.equal(badges.length, states.length);
    for (const b of badges) assert.match(b, /überfällig|heute fällig|im Plan|ohne Frist/);
    await checkA11y(page, 'anliegen-posteingang');
    await shoot(page, 'anliegen-posteingang');

    // Two requests that can still move to "In Bearbeitung" (the case test needs one).
    picked = open.filter((r) => r.state === 'received' || r.state === 'acknowledged').slice(0, 2).map((r) => r.number);
    assert.equal(picked.length, 2, 'demo data has open requests not yet in progress');
    for (const n of picked) await page.getByRole('checkbox', { name: `${n} auswählen` }).check();
    await page.getByText('2 Anliegen ausgewählt.').waitFor();
    const bulk = page.locator('#sammel');
    await bulk.getByLabel('Abteilung').selectOption({ label: 'Bürgerservice' });
    await bulk.getByRole('button', { name: 'Zuweisen' }).click();
    await page.getByText('2 Anliegen zugewiesen: Abteilung Bürgerservice.').waitFor();
    const stored = await server.db.selectFrom('requests_items as r').innerJoin('core_departments as d', 'd.id', 'r.department_id').select(['r.number', 'd.slug']).where('r.number', 'in', picked).execute();
    assert.deepEqual(stored.map((s) => s.slug), ['buergerservice', 'buergerservice']);
    await page.getByText('Keine Anliegen ausgewählt.').waitFor(); // the selection is cleared
    await shoot(page, 'anliegen-sammelzuweisung');

    // The department filter finds them; the URL carries it.
    await filters.getByLabel('Abteilung').selectOption({ label: 'Bürgerservice' });
    await filters.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/abteilung=buergerservice/);
    for (const n of picked) await page.getByRole('link', { name: n, exact: true }).waitFor();
  });

  it('case page: state change with public note, internal note, timeline labels, refusals at the field', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    const number = picked[0]!;
    await page.getByRole('link', { name: number, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Anliegen ${number}` }).waitFor();
    await page.locator('[data-testid=fallkarte][data-ready=true]').waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Kontakt der meldenden Person' }).waitFor();
    // The assignment form shows the stored department (set by the bulk assignment above).
    await page.locator('#zuweisung-department option:checked', { hasText: 'Bürgerservice' }).waitFor({ state: 'attached' });
    await checkA11y(page, 'anliegen-fall');
    await shoot(page, 'anliegen-fall');

    await page.getByLabel('Öffentliche Nachricht zur Statusänderung').fill('Wir haben Ihre Meldung an den Bürgerservice gegeben.');
    await page.getByRole('group', { name: 'Neuer Status' }).getByRole('button', { name: 'In Bearbeitung' }).click();
    await page.getByText('Status geändert: In Bearbeitung, mit Nachricht an die meldende Person.').waitFor();
    const stateEntry = page.locator('.timeline-entry', { hasText: '→ In Bearbeitung' });
    await stateEntry.getByText('Wir haben Ihre Meldung an den Bürgerservice gegeben.').waitFor();
    assert.equal((await stateEntry.locator('.badge').textContent())?.trim(), 'öffentlich');

    // An empty note is refused at its field.
    const noteBox = page.locator('#notiz');
    await noteBox.getByRole('button', { name: 'Interne Notiz speichern' }).click();
    await noteBox.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    const text = noteBox.getByLabel('Interne Notiz', { exact: true });
    assert.equal(await text.getAttribute('aria-invalid'), 'true');
    assert.match((await text.getAttribute('aria-describedby')) ?? '', /notiz-text-fehler/);
    await checkA11y(page, 'anliegen-fall-fehler');

    await text.fill('Rückruf beim Bauhof: Termin am Donnerstag.');
    await noteBox.getByRole('button', { name: 'Interne Notiz speichern' }).click();
    await page.getByText('Interne Notiz gespeichert.').waitFor();
    const noteEntry = page.locator('.timeline-entry', { hasText: 'Rückruf beim Bauhof' });
    await noteEntry.getByText('Interne Notiz', { exact: true }).waitFor();
    assert.equal((await noteEntry.locator('.badge').textContent())?.trim(), 'intern');
    const events = await server.db.selectFrom('requests_events as e').innerJoin('requests_items as r', 'r.id', 'e.request_id').select(['e.kind', 'e.public', 'e.text']).where('r.number', '=', number).where('e.kind', 'in', ['state', 'note']).orderBy('e.at').orderBy('e.id').execute();
    assert.deepEqual(events.map((e) => [e.kind, e.public]), [['state', true], ['note', false]]);

    // Another clerk resolves the case meanwhile; "Wartet auf Rückmeldung" is then refused (409)
    // at the state buttons, and the page shows the current state.
    const login = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'redaktion@giessen.example', password: server.adminPassword }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const other = await fetch(`${server.url}/api/v1/requests/${number}/transitions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ to: 'resolved' }) });
    assert.equal(other.status, 200);
    await page.getByRole('group', { name: 'Neuer Status' }).getByRole('button', { name: 'Wartet auf Rückmeldung' }).click();
    await page.getByRole('alert').getByText('Der Status wurde nicht geändert').waitFor();
    const group = page.getByRole('group', { name: 'Neuer Status' });
    const describedBy = (await group.getAttribute('aria-describedby')) ?? '';
    assert.match((await page.locator(`[id="${describedBy}"]`).textContent()) ?? '', /erlaubt: „Abgeschlossen“, „In Bearbeitung“/);
    await page.getByText('In Bearbeitung → Erledigt').waitFor(); // reloaded: the other clerk's move
    await checkA11y(page, 'anliegen-fall-konflikt');
    await shoot(page, 'anliegen-fall-konflikt');

    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'anliegen-fall-mobil');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  it('duplicates: a second report of the same thing nearby is suggested and merged after confirming', { timeout: 60_000 }, async () => {
    const { page, server } = ui;
    // Two citizens report the same fallen branch a few metres apart (the public form's JSON API);
    // both now, so they are within the 7-day window whatever the demo data's dates are.
    const report = async (lat: number) => {
      const res = await fetch(`${server.url}/api/v1/requests`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'giessen', service_code: 'gruenpflege', lat, lon: 8.6751, description: 'Ein großer Ast liegt auf dem Gehweg.' }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { number: string }).number;
    };
    const first = await report(50.5862);
    const number = await report(50.5864);
    await page.goto(`${server.url}/verwaltung/anliegen/${number}`);
    await page.getByRole('heading', { level: 1, name: `Anliegen ${number}` }).waitFor();
    const suggestion = page.locator('.duplicates li', { hasText: first });
    await suggestion.getByText(/\d+ m entfernt/).waitFor();
    await suggestion.getByRole('button', { name: `Als Duplikat von ${first} schließen…` }).click();
    // Nothing happens before the confirmation.
    await suggestion.getByRole('group', { name: `Zusammenführen mit ${first} bestätigen` }).waitFor();
    assert.equal((await server.db.selectFrom('requests_items').select('merged_into').where('number', '=', number).executeTakeFirstOrThrow()).merged_into, null);
    await shoot(page, 'anliegen-duplikat');
    await suggestion.getByRole('button', { name: 'Ja, zusammenführen' }).click();
    await page.getByText(`Als Duplikat geschlossen; weiter unter ${first}.`).waitFor();
    await page.locator('.timeline-entry', { hasText: 'Duplikat zusammengeführt' }).getByText(`es wird unter ${first} weiter bearbeitet`).waitFor();
    assert.equal((await server.db.selectFrom('requests_items').select('state').where('number', '=', number).executeTakeFirstOrThrow()).state, 'closed');
  });
});
