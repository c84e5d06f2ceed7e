// A common schema in the portal (headless Chromium, demo data): from the cooperation page to the
// schema "Parkhausbelegung": its fields, Gießen's and Marburg's resources with their check
// status and report, and the merged data of both cities page by page. axe on the page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demoServerInBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';

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
});
