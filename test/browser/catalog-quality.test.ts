// The "Metadatenqualität" block of the dataset page in headless Chromium: a publisher's dataset
// whose links were checked for real (one reachable CSV, one PDF that answers 404), its rating,
// the points per dimension and the hints; axe-core on the page; screenshot in
// test-results/screenshots/datensatz-qualitaet.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { checkA11y, openBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';
import { runLinkChecks } from '../../src/modules/catalog/quality/jobs.ts';

describe('dataset page: Metadatenqualität', { skip: skipWithoutChromium }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let files: http.Server;
  let browser: Browser;
  let page: Page;
  let datasetId: string;
  before(async () => {
    server = await startTestServer();
    files = http.createServer((req, res) => {
      if (req.url === '/haltestellen.csv') return res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '18234' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    // The instance's own first scheduled link check takes its batch at start; wait until it has,
    // so it cannot race the check of our dataset below (it refuses loopback addresses).
    for (let i = 0; ; i++) {
      const started = await server.db.selectFrom('core_jobs').select('id').where('type', '=', 'catalog.link-check').where('status', '<>', 'queued').executeTakeFirst();
      if (started) break;
      assert.ok(i < 200, 'the scheduled link check did not start');
      await new Promise((r) => setTimeout(r, 50));
    }

    // A publisher creates the dataset through the CKAN API with a session.
    const login = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'redaktion@giessen.example', password: server.adminPassword }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${server.url}/api/3/action/package_create`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        name: 'giessen-haltestellen-qualitaet', title: 'Haltestellen Gießen', notes: 'Haltestellen des Stadtbusverkehrs mit Koordinaten.', owner_org: 'giessen',
        license_id: 'dl-by-de/2.0', tags: [{ name: 'ÖPNV' }], groups: [{ name: 'tran' }],
        resources: [
          { name: 'Haltestellen', url: `${base}/haltestellen.csv`, format: 'CSV', mimetype: 'text/csv' },
          { name: 'Fahrplanheft', url: `${base}/fahrplan.pdf`, format: 'PDF' },
        ],
      }),
    });
    const body = (await created.json()) as { success: boolean; result: { id: string } };
    assert.equal(body.success, true, JSON.stringify(body));
    datasetId = body.result.id;
    const summary = await runLinkChecks(server.db, { allowPrivate: true, timeoutMs: 5000, concurrency: 2, maxAgeHours: 24 }, { datasetId });
    assert.deepEqual(summary, { resources: 2, urls: 2, ok: 1, failed: 1 });
    ({ browser, page } = await openBrowser());
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (files ? files.close(() => r()) : r()));
    await server?.close();
  });

  it('shows rating, points per dimension and the hints', { timeout: 60_000 }, async () => {
    const api = (await (await fetch(`${server.url}/api/v1/catalog/datasets/${datasetId}/quality`)).json()) as { points: number; ratingLabel: string };
    await page.goto(`${server.url}/daten/giessen-haltestellen-qualitaet`);
    await page.getByRole('heading', { level: 1, name: 'Haltestellen Gießen' }).waitFor();
    const panel = page.getByRole('region', { name: 'Metadatenqualität' });
    await panel.getByText(`${new Intl.NumberFormat('de-DE').format(api.points)} von 405 Punkten`).waitFor();
    await panel.getByText(api.ratingLabel, { exact: true }).waitFor();
    const table = panel.getByRole('table', { name: 'Punkte je Dimension' });
    const rows = await table.getByRole('row').allTextContents();
    assert.equal(rows.length, 6, rows.join('\n'));
    await table.getByRole('rowheader', { name: 'Zugänglichkeit' }).waitFor();
    const hints = await panel.getByRole('list').first().getByRole('listitem').allTextContents();
    assert.ok(hints.some((h) => h.startsWith('Ressource „Fahrplanheft“: Ressourcen-URL nicht erreichbar (HTTP 404)')), hints.join('\n'));
    assert.ok(hints.some((h) => h.startsWith('Zeitraum angeben')), hints.join('\n'));
    await checkA11y(page, 'datensatz-qualitaet');
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, 'datensatz-qualitaet');
  });
});
