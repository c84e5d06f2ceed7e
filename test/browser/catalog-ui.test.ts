// The open data portal in headless Chromium: search in German, narrow with facets, open a
// dataset; axe-core on each page; screenshots in test-results/screenshots/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demoServerInBrowser, logIn, shoot, skipWithoutChromium } from '../helpers/browser.ts';

describe('open data portal', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();

  it('searches in German and narrows with a facet', { timeout: 60_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/`);
    await ui.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Offene Daten' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Offene Daten' }).waitFor();
    await ui.page.getByRole('heading', { level: 2, name: '15 Datensätze' }).waitFor();
    await checkA11y(ui.page, 'daten');
    await shoot(ui.page, 'daten');

    await ui.page.getByLabel('Suchbegriff').fill('Parkhäusern');
    await ui.page.getByRole('button', { name: 'Suchen' }).click();
    // Gießen's car parks, and Marburg's (the datastore's common schema demo).
    await ui.page.getByRole('heading', { level: 2, name: '2 Datensätze zu „Parkhäusern“' }).waitFor();
    await ui.page.getByRole('link', { name: 'Parkhäuser Gießen – aktuelle Belegung' }).waitFor();
    await ui.page.getByRole('link', { name: 'Parkhausbelegung Marburg' }).waitFor();

    await ui.page.getByLabel('Suchbegriff').fill('');
    await ui.page.getByRole('button', { name: 'Suchen' }).click();
    const facets = ui.page.getByRole('complementary', { name: 'Suchergebnis eingrenzen' });
    await facets.getByRole('button', { name: /^Frankfurt am Main \(2\)$/ }).waitFor();
    await facets.getByRole('button', { name: /^Verkehr \(5\)$/ }).click();
    await ui.page.getByRole('heading', { level: 2, name: '5 Datensätze' }).waitFor();
    assert.match(ui.page.url(), /thema=tran/);
    await facets.getByRole('button', { name: 'Filter „Verkehr“ entfernen' }).click();
    await ui.page.getByRole('heading', { level: 2, name: '15 Datensätze' }).waitFor();
  });

  it('searches all members of a cooperation at once from the start page', { timeout: 60_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/`);
    await ui.page.getByRole('link', { name: 'Offene Daten aller Mitglieder von Smartes Rhein-Main' }).click();
    await ui.page.getByRole('heading', { level: 2, name: '5 Datensätze in der Kooperation Smartes Rhein-Main' }).waitFor();
    const orgs = await ui.page.getByRole('complementary', { name: 'Suchergebnis eingrenzen' }).getByRole('region', { name: 'Organisation' }).getByRole('button').allTextContents();
    assert.deepEqual(orgs.map((o) => o.replace(/ \(\d+\)$/, '')).sort(), ['Darmstadt', 'Frankfurt am Main', 'Wiesbaden']);
    await checkA11y(ui.page, 'daten-kooperation');
    await ui.page.getByRole('button', { name: 'Alle Kommunen durchsuchen' }).click();
    await ui.page.getByRole('heading', { level: 2, name: '15 Datensätze' }).waitFor();
  });

  it('opens a dataset with resources, licence and schema.org JSON-LD', { timeout: 60_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/daten?q=Baumkataster`);
    await ui.page.getByRole('link', { name: 'Baumkataster Frankfurt am Main' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Baumkataster Frankfurt am Main' }).waitFor();
    await ui.page.getByRole('link', { name: 'Datenlizenz Deutschland Namensnennung 2.0' }).waitFor();
    await ui.page.getByText('jährlich', { exact: true }).waitFor();
    await ui.page.getByRole('table', { name: 'Dateien und Schnittstellen dieses Datensatzes' }).getByRole('cell', { name: 'GEOJSON', exact: true }).waitFor();
    const ld = JSON.parse((await ui.page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    assert.equal(ld['@type'], 'Dataset');
    assert.equal(ld.name, 'Baumkataster Frankfurt am Main');
    await checkA11y(ui.page, 'datensatz');
    await shoot(ui.page, 'datensatz');
  });

  it('a publisher creates a dataset in the UI and finds it in the German search', { timeout: 90_000 }, async () => {
    await logIn(ui.page, ui.server.url, 'redaktion@giessen.example', ui.server.adminPassword);
    await ui.page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Datensätze' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Datensätze' }).waitFor();
    await ui.page.getByRole('link', { name: 'Neuen Datensatz anlegen' }).click();
    const form = ui.page.locator('#datensatz');

    // Invalid first: a short name CKAN refuses and an address that is no URL; CKAN's errors land
    // on the fields (the editor itself only checks required fields).
    await form.getByLabel('Titel', { exact: true }).fill('Wochenmarkt Gießen – Stände und Öffnungszeiten');
    await form.getByLabel('Kurzname in der Adresse').fill('Wochenmarkt!');
    await form.getByRole('button', { name: 'Link hinzufügen' }).click();
    await form.getByLabel('Adresse der Daten (URL)').fill('keine-adresse');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    assert.equal(await ui.page.locator('#datensatz-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await ui.page.locator('#datensatz-resources-0-url').getAttribute('aria-invalid'), 'true');
    await checkA11y(ui.page, 'datensatz-neu-fehler');

    await form.getByLabel('Kurzname in der Adresse').fill('');
    await form.locator('#datensatz-notes').fill('Alle Marktstände auf dem Brandplatz mit Warenangebot.');
    await form.getByLabel('Schlagwörter').fill('Markt, Einkaufen');
    await form.getByLabel('Regionen und Städte').check();
    await form.getByLabel('Adresse der Daten (URL)').fill('https://www.giessen.de/opendata/wochenmarkt.csv');
    await form.getByLabel('Format').fill('CSV');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').getByText('Gespeichert').waitFor();
    await ui.page.getByRole('link', { name: 'Zurück zur Liste der Datensätze' }).click();
    await ui.page.getByRole('table', { name: /Datensätze Ihrer Organisationen/ }).getByRole('link', { name: 'Wochenmarkt Gießen – Stände und Öffnungszeiten', exact: true }).waitFor();
    await shoot(ui.page, 'datensaetze-verwaltung');

    // German search: the plural "Wochenmärkte" finds "Wochenmarkt".
    await ui.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Offene Daten' }).click();
    await ui.page.getByLabel('Suchbegriff').fill('Wochenmärkte');
    await ui.page.getByRole('button', { name: 'Suchen' }).click();
    await ui.page.getByRole('link', { name: 'Wochenmarkt Gießen – Stände und Öffnungszeiten' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Wochenmarkt Gießen – Stände und Öffnungszeiten' }).waitFor();
    await ui.page.getByRole('cell', { name: 'CSV', exact: true }).waitFor();
  });
});
