// A common schema in the portal (headless Chromium, demo data): from the cooperation page to the
// schema "Parkhausbelegung": its fields, Gießen's and Marburg's resources with their check
// status and report, and the merged data of both cities page by page. Then the forms: the
// platform administration creates and edits a schema (bad input shown at the inputs), Gießen's
// editor attaches the city's car park table, sees the check's status and report, and detaches it.
// axe on every page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demoServerInBrowser, logIn, shoot, skipWithoutChromium } from '../helpers/browser.ts';

describe('common schemas in the portal', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();

  it('shows the schema, the attached resources and the merged data of Gießen and Marburg', { timeout: 90_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/kooperationen/digitale-kommune-hessen`);
    await ui.page.getByRole('heading', { level: 2, name: 'Gemeinsame Datenschemas' }).waitFor();
    await ui.page.getByRole('region', { name: 'Gemeinsame Datenschemas' }).or(ui.page.locator('section[aria-labelledby="koop-schemas"]')).first().getByRole('link', { name: 'Parkhausbelegung', exact: true }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Parkhausbelegung' }).waitFor();

    const fields = ui.page.getByRole('region', { name: 'Felder (5)' });
    await fields.getByRole('rowheader', { name: 'kapazitaet' }).waitFor();
    assert.match(await fields.getByRole('row').filter({ hasText: 'kapazitaet' }).innerText(), /Ganzzahl\s+Pflichtfeld, ≥ 1/);

    const attached = ui.page.getByRole('region', { name: /Ressourcen der Mitgliedskommunen \(2\)/ });
    const rows = await attached.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /^Gießen.*Entspricht dem Schema.*ja$/s);
    assert.match(rows[1]!, /^Marburg.*Entspricht dem Schema.*ja$/s);
    await ui.page.getByText('Prüfbericht Gießen: Belegung (Datastore)').click();
    await ui.page.getByText(/Die Tabelle entspricht dem Schema\. \(300 Zeilen geprüft\)/).first().waitFor();

    const data = ui.page.getByRole('region', { name: /600 Zeilen aus allen Kommunen/ });
    await data.getByRole('rowheader', { name: 'Gießen' }).first().waitFor();
    await checkA11y(ui.page, 'schema-seite');
    await shoot(ui.page, 'schema-seite');
    // Page through to Marburg's rows: 600 rows, 25 per page, Gießen's 300 first.
    for (let i = 0; i < 12; i++) await ui.page.getByRole('button', { name: 'Nächste Seite' }).click();
    await ui.page.getByText('Einträge 301–325 von 600').waitFor();
    await data.getByRole('rowheader', { name: 'Marburg' }).first().waitFor();
    assert.equal(await data.getByRole('rowheader', { name: 'Gießen' }).count(), 0);
    const csv = await ui.page.getByRole('link', { name: 'Alles als CSV herunterladen' }).getAttribute('href');
    const res = await fetch(`${ui.server.url}${csv}`);
    assert.equal((await res.text()).trim().split('\n').length, 601);
  });

  it('creates and edits a schema, attaches a resource and shows its check report, detaches it', { timeout: 120_000 }, async () => {
    const page = ui.page;
    await logIn(page, ui.server.url, ui.server.adminEmail, ui.server.adminPassword);
    await page.goto(`${ui.server.url}/kooperationen/digitale-kommune-hessen`);
    await page.getByRole('link', { name: 'Neues gemeinsames Schema anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues gemeinsames Schema' }).waitFor();
    const form = page.locator('#schema');
    await form.getByLabel('Kurzname').fill('parkhaus-kurz');
    await form.getByLabel('Titel', { exact: true }).fill('Parkhäuser kurz');
    await form.getByLabel('Beschreibung').first().fill('Nur Name und freie Plätze.');
    const f1 = form.getByRole('group', { name: /^Feld 1/ });
    await f1.getByLabel('Name (Spalte)').fill('parkhaus');
    await f1.getByLabel('Pflichtfeld').check();
    await f1.getByLabel('Erlaubte Werte').fill('Am Kino, Karstadt, Neustädter Tor');
    await form.getByRole('button', { name: 'Feld hinzufügen' }).click();
    const f2 = form.getByRole('group', { name: /^Feld 2/ });
    await f2.getByLabel('Name (Spalte)').fill('frei');
    await f2.getByLabel('Typ').selectOption('integer');
    // Bad input: a minimum that is no integer. The server's issue lands on the input.
    await f2.getByLabel('Kleinster Wert').fill('keiner');
    await form.getByRole('button', { name: 'Schema anlegen' }).click();
    await form.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    const min = page.locator('#schema-schema-fields-1-constraints-minimum');
    assert.equal(await min.getAttribute('aria-invalid'), 'true');
    const described = (await min.getAttribute('aria-describedby'))!.split(' ');
    assert.match(await page.locator(`#${described.at(-1)}`).innerText(), /minimum must be a value of type integer/);
    await checkA11y(page, 'schema-anlegen-fehler');
    await shoot(page, 'schema-anlegen-fehler');
    await min.fill('0');
    await form.getByRole('button', { name: 'Schema anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Parkhäuser kurz' }).waitFor();
    await page.getByText('Schema „Parkhäuser kurz“ angelegt.').waitFor();
    assert.match(await page.getByRole('region', { name: 'Felder (2)' }).getByRole('row').filter({ hasText: 'frei' }).innerText(), /Ganzzahl\s+≥ 0/);

    // Editing: a changed schema needs a new version.
    await page.getByRole('link', { name: 'Schema bearbeiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Schema bearbeiten: Parkhäuser kurz' }).waitFor();
    await form.getByRole('group', { name: /^Feld 2/ }).getByLabel('Bezeichnung').fill('Freie Plätze');
    await form.getByRole('button', { name: 'Neue Version speichern' }).click();
    await form.getByRole('alert').waitFor();
    assert.equal(await page.locator('#schema-version').getAttribute('aria-invalid'), 'true');
    await page.locator('#schema-version').fill('1.1');
    await form.getByRole('button', { name: 'Neue Version speichern' }).click();
    await page.getByText(/Version 1\.1 gespeichert/).waitFor();
    await page.getByRole('region', { name: 'Felder (2)' }).getByRole('row').filter({ hasText: 'Freie Plätze' }).waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).click();

    // Gießen's editor attaches the city's car park table.
    await logIn(page, ui.server.url, 'redaktion@giessen.example', ui.server.adminPassword);
    await page.goto(`${ui.server.url}/kooperationen/digitale-kommune-hessen/schemas/parkhaus-kurz`);
    const panel = page.getByRole('region', { name: 'Eigene Ressource anhängen' });
    assert.equal(await page.getByRole('link', { name: 'Schema bearbeiten' }).count(), 0); // editors attach, admins define
    await panel.getByLabel('Ressource', { exact: true }).selectOption({ label: 'Gießen: Parkhäuser Gießen – aktuelle Belegung – Belegung (Datastore) (300 Zeilen)' });
    await panel.getByRole('button', { name: 'Anhängen und prüfen' }).click();
    await panel.getByText(/„Belegung \(Datastore\)“ \(Gießen\) angehängt\. Die Prüfung läuft/).waitFor(); // 202, pending: the check is a job
    const attached = page.getByRole('region', { name: /Ressourcen der Mitgliedskommunen \(1\)/ });
    await attached.getByRole('row').filter({ hasText: 'Entspricht dem Schema' }).waitFor({ timeout: 20_000 });
    assert.match(await attached.locator('tbody tr').first().innerText(), /^Gießen.*Entspricht dem Schema.*ja\s+Abhängen/s);
    await page.getByText('Prüfbericht Gießen: Belegung (Datastore)').click();
    await page.getByText('Weitere Spalten (nicht im Schema): zeitpunkt, belegt, kapazitaet').waitFor();
    await page.getByRole('region', { name: /300 Zeilen aus allen Kommunen/ }).waitFor();
    await checkA11y(page, 'schema-anhaengen');
    await shoot(page, 'schema-anhaengen');

    page.once('dialog', (d) => void d.accept());
    await attached.getByRole('button', { name: /^Abhängen/ }).click();
    await page.getByText('„Belegung (Datastore)“ (Gießen) abgehängt.').waitFor();
    await page.getByText('Noch keine Ressourcen angehängt.').waitFor();
  });
});
