// The shipped licence list matches the active licences of GovData's list in ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LICENCES, licenceIri } from './vocab.ts';

const file = path.resolve(import.meta.dirname, '../../../../shared/data/dcat/dcat_licenses.json');

test('licences equal the active entries of the GovData licence list', (t) => {
  if (!existsSync(file)) {
    if (process.env.CI === 'true') assert.fail(`${file} is missing under CI`);
    t.skip('../shared/data is not beside the checkout');
    return;
  }
  const govdata = (JSON.parse(readFileSync(file, 'utf8')) as { id: string; title: string; status: string }[]).filter((l) => l.status === 'active');
  assert.deepEqual(LICENCES.map((l) => l.id).sort(), govdata.map((l) => l.id).sort());
  for (const g of govdata) assert.equal(LICENCES.find((l) => l.id === g.id)!.title.trim(), g.title.trim());
});

test('licence ids are accepted as IRI or short form', () => {
  assert.equal(licenceIri('dl-by-de/2.0'), 'http://dcat-ap.de/def/licenses/dl-by-de/2.0');
  assert.equal(licenceIri('http://dcat-ap.de/def/licenses/cc-by/4.0'), 'http://dcat-ap.de/def/licenses/cc-by/4.0');
  assert.equal(licenceIri('https://dcat-ap.de/def/licenses/cc-zero'), 'http://dcat-ap.de/def/licenses/cc-zero');
  assert.equal(licenceIri('mit'), undefined);
});
