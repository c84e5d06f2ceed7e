// A publisher loads a CSV resource into the datastore in headless Chromium: progress, result,
// the table with sorting, search and paging; the public sees the table too. axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { checkA11y, logIn, openBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';

const ORTE = 'Name;lat;lon;Plätze\nParkhaus Am Kino;50,5836;8,6784;401\nParkhaus Karstadt;50,5859;8,6756;695\nNeustädter Tor;50,5889;8,6712;808\n';
const CSV = path.resolve(import.meta.dirname, '../../../shared/data/csv/koeln/bezirke_einzeldarstellung.csv');

describe('datastore in the portal', { skip: skipWithoutChromium }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let files: http.Server;
  let browser: Browser;
  let page: Page;
  let datasetName: string;
  let resourceId: string;
  before(async () => {
    files = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(req.url === '/orte.csv' ? ORTE : readFileSync(CSV)));
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    server = await startTestServer({ DATASTORE_ALLOW_PRIVATE: 'true' });
    ({ browser, page } = await openBrowser());
    // The dataset exists already (created through the API, as a script would).
    const login = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'redaktion@giessen.example', password: server.adminPassword }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const created = await fetch(`${server.url}/api/3/action/package_create`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'bezirkshaushalt', title: 'Bezirkshaushalt', owner_org: 'giessen', license_id: 'dl-by-de/2.0', resources: [{ name: 'Haushalt nach Bezirken', url: `http://127.0.0.1:${(files.address() as { port: number }).port}/haushalt.csv`, format: 'CSV' }] }),
    });
    const pkg = ((await created.json()) as { result: { name: string; resources: { id: string }[] } }).result;
    datasetName = pkg.name;
    resourceId = pkg.resources[0]!.id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    files?.close();
  });

  it('loads the resource, shows progress and the typed table; sorts and searches', { timeout: 90_000 }, async () => {
    await logIn(page, server.url, 'redaktion@giessen.example', server.adminPassword);

    await page.goto(`${server.url}/daten/${datasetName}`);
    await page.getByRole('link', { name: /^Ansehen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Haushalt nach Bezirken' }).waitFor();
    await page.getByText('noch nicht im Datastore').waitFor();
    await page.getByRole('button', { name: 'Jetzt laden' }).click();
    await page.getByText(/Version 1: 252 Zeilen/).waitFor({ timeout: 30_000 });
    await page.getByText('252 Zeilen; Spaltenköpfe sortieren').waitFor();
    // The automatic chart: no date column here, so the first text column as categories, bars.
    await page.getByRole('img', { name: /^Werte von Ergebnis 2011 nach Bezeichnung/ }).waitFor();
    await page.locator('.chart-canvas canvas').first().waitFor();
    await checkA11y(page, 'datastore-geladen');
    await shoot(page, 'datastore-geladen');

    const table = page.getByRole('region', { name: /252 Zeilen/ });
    await table.getByRole('button', { name: 'Plan 2017' }).click(); // ascending
    await table.getByRole('button', { name: 'Plan 2017 ↑' }).click(); // descending
    await page.getByRole('columnheader', { name: 'Plan 2017 ↓' }).waitFor();
    // Largest first, formatted the German way: wait for the sorted page to arrive (the header
    // arrow changes at once, the rows when the server has answered).
    const data = page.getByRole('region', { name: /Spaltenköpfe sortieren/ }); // the data table, not the versions
    const firstCell = data.locator('tbody tr').first().locator('td').nth(9);
    await firstCell.filter({ hasText: /^\d{1,3}(\.\d{3}){2,}$/ }).waitFor();
    const [a, b] = await Promise.all([0, 1].map(async (i) => Number((await data.locator('tbody tr').nth(i).locator('td').nth(9).innerText()).replace(/\./g, ''))));
    assert.ok(a! >= b!, `descending: ${a} ≥ ${b}`);

    await page.getByLabel('In allen Spalten suchen').fill('Chorweiler');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText(/Zeilen mit „Chorweiler“/).waitFor();
    await data.locator('tbody tr').first().filter({ hasText: 'Chorweiler' }).waitFor(); // the new page of rows has arrived
    const texts = await data.locator('tbody tr').allInnerTexts();
    assert.ok(texts.length > 0 && texts.length <= 25);
    for (const row of texts) assert.match(row, /Chorweiler/);
    await shoot(page, 'datastore-suche');

    // Versions and the refresh schedule.
    const versions = page.getByRole('region', { name: /Jede Ladung ist eine Version/ });
    await versions.getByRole('rowheader', { name: '1' }).waitFor();
    await versions.getByText('erste Version').waitFor();
    await page.getByLabel('Neu laden').selectOption({ label: 'täglich' });
    await page.getByRole('button', { name: 'Zeitplan speichern' }).click();
    await page.getByText('Gespeichert.').waitFor();
    await page.getByText(/Nächste Prüfung:/).waitFor();
    await checkA11y(page, 'datastore-versionen');

    // The data dictionary: a unit and a label for one column, then a retype (int → text).
    await page.getByLabel('Einheit von Ergebnis 2011').fill('EUR');
    await page.getByLabel('Bezeichnung von Ergebnis 2011').fill('Ergebnis des Jahres 2011');
    await page.getByRole('button', { name: 'Spalten speichern' }).click();
    await page.getByText('1 Spalte gespeichert.').waitFor();
    await page.getByRole('columnheader', { name: /^Ergebnis 2011 \(EUR\)/ }).waitFor();
    await page.getByLabel('Typ von Bezirk').selectOption('text');
    await page.getByRole('button', { name: 'Spalten speichern' }).click();
    await page.getByText('1 Spalte gespeichert.').waitFor();
    await page.getByText(/Typ geändert: Bezirk \(int → text\)/).waitFor(); // a new version in the list
    await shoot(page, 'datastore-versionen');
  });

  it('the public sees the table, not the load button', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ bypassCSP: true }); // axe is injected as a script
    const anon = await ctx.newPage();
    await anon.goto(`${server.url}/daten/${datasetName}/ressourcen/${resourceId}`);
    await anon.getByText('252 Zeilen; Spaltenköpfe sortieren').waitFor();
    assert.equal(await anon.getByRole('button', { name: 'Jetzt laden' }).count(), 0);
    await checkA11y(anon, 'datastore-oeffentlich');
    await ctx.close();
  });

  it('a table with coordinates gets a map (offline style, one point per row)', { timeout: 60_000 }, async () => {
    const login = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'redaktion@giessen.example', password: server.adminPassword }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
    const created = await fetch(`${server.url}/api/3/action/package_create`, { method: 'POST', headers, body: JSON.stringify({ name: 'parkhaeuser-orte', title: 'Parkhäuser', owner_org: 'giessen', license_id: 'dl-by-de/2.0', resources: [{ name: 'Standorte', url: `http://127.0.0.1:${(files.address() as { port: number }).port}/orte.csv`, format: 'CSV' }] }) });
    const rid = ((await created.json()) as { result: { resources: { id: string }[] } }).result.resources[0]!.id;
    const started = await fetch(`${server.url}/api/v1/resources/${rid}/datastore/load`, { method: 'POST', headers, body: '{}' });
    assert.equal(started.status, 202);
    const loadId = ((await started.json()) as { id: number }).id;
    for (let i = 0; i < 100; i++) {
      const l = (await (await fetch(`${server.url}/api/v1/datastore/loads/${loadId}`)).json()) as { status: string };
      if (l.status === 'succeeded') break;
      assert.notEqual(l.status, 'failed');
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`${server.url}/daten/parkhaeuser-orte/ressourcen/${rid}`);
    await page.getByRole('heading', { level: 2, name: 'Karte' }).waitFor({ timeout: 30_000 });
    await page.getByRole('img', { name: /^3 Standorte nach lat\/lon/ }).waitFor();
    await page.locator('.map-canvas canvas').waitFor();
    // The map sets data-points once drawn (the count of rendered circles).
    await page.locator('.map-canvas[data-points="3"]').waitFor().catch(async (err) => {
      throw new Error(`points drawn: ${await page.locator('.map-canvas').getAttribute('data-points')}; ${err}`);
    });
    await checkA11y(page, 'datastore-karte');
    await shoot(page, 'datastore-karte');
  });
});
