import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MARKERS, scrubComment } from './scrub.ts';

test('e-mail addresses, also written out, are removed', () => {
  for (const s of ['max.mustermann@example.de', 'Max.Mustermann+amt @ web.de', 'jana (at) gmx (dot) net', 'jürgen[at]t-online[punkt]de', 'anna at posteo.de']) {
    const out = scrubComment(`Bitte melden Sie sich unter ${s} bei mir.`);
    assert.equal(out, `Bitte melden Sie sich unter ${MARKERS.email} bei mir.`, s);
  }
});

test('phone numbers in German notations are removed', () => {
  for (const s of ['0641 306-1234', '+49 (0)641 3061234', '0049 641 3061234', '06413061234', '(0641) 30 61 23', '0171/1234567', '+49 171 1234567']) {
    const out = scrubComment(`Rufen Sie an: ${s}.`);
    assert.ok(out.includes(MARKERS.phone) && !/\d{3}/.test(out), `${s} → ${out}`);
  }
});

test('IBANs, grouped or not, are removed', () => {
  for (const s of ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'de89 3704 0044 0532 0130 00', 'AT61 1904 3002 3457 3201']) {
    const out = scrubComment(`Erstattung bitte auf ${s} überweisen`);
    assert.equal(out, `Erstattung bitte auf ${MARKERS.iban} überweisen`, s);
  }
});

test('ordinary feedback keeps its dates, amounts, steps and short numbers', () => {
  const s = 'Schritt 3 von 5 hat am 23.11.2026 nicht geladen, Gebühr 12,50 € war ok. Formular Version 2.1 besser als 2.0!';
  assert.equal(scrubComment(s), s);
  assert.equal(scrubComment('Sehr gut, 10 von 10 Punkten.'), 'Sehr gut, 10 von 10 Punkten.');
});
