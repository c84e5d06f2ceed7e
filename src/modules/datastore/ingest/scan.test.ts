// The byte-level reader against the libraries it stands in for (ADR 0006): the scanner must find
// the same records and values as csv-parse in every real file however the bytes are cut into
// chunks, and the shape shortcut of the inference must decide every column as reading every
// value would.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ColumnInference } from './infer.ts';
import { cellDecoder } from './rows.ts';
import { CsvScanner, MalformedCsv, type RawRow } from './scan.ts';
import { shapeKey } from './shape.ts';
import { sniff } from './sniff.ts';

const CSV = path.resolve(import.meta.dirname, '../../../../../shared/data/csv');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : /\.csv$/i.test(f) ? [path.join(dir, f)] : []));

/** Every record as strings, the bytes fed in chunks of the given sizes (cycled). */
function scanAll(bytes: Buffer, delimiter: string, encoding: 'utf-8' | 'windows-1252', sizes: number[]): string[][] {
  const text = cellDecoder(encoding);
  const out: string[][] = [];
  const scanner = new CsvScanner(delimiter.charCodeAt(0), (row: RawRow) => out.push(Array.from({ length: row.count }, (_, i) => text(row, i))));
  for (let p = 0, k = 0; p < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    scanner.push(bytes.subarray(p, p + n));
    p += n;
  }
  scanner.end();
  return out;
}

describe('CSV scanner and shape inference', () => {
  const all = files(CSV);

  test('every shared CSV: the same records as csv-parse, whole or cut into chunks of 1, 7, 4096 bytes', () => {
    assert.ok(all.length >= 10);
    for (const file of all) {
      const bytes = readFileSync(file);
      const d = sniff(bytes.subarray(0, 256 * 1024));
      const expected = parse(bytes, { delimiter: d.delimiter, relax_column_count: true, relax_quotes: true, bom: false, skip_empty_lines: false, encoding: d.encoding === 'utf-8' ? 'utf8' : 'latin1' }) as string[][];
      // csv-parse reads Windows-1252 as Latin-1: its strings back to bytes, and decoded properly.
      const cp1252 = new TextDecoder('windows-1252');
      const want = d.encoding === 'utf-8' ? expected : expected.map((r) => r.map((v) => cp1252.decode(Buffer.from(v, 'latin1'))));
      for (const sizes of [[bytes.length], [1], [7, 13], [4096]]) {
        assert.deepEqual(scanAll(bytes, d.delimiter, d.encoding, sizes), want, `${path.basename(file)} in chunks of ${sizes.join('/')}`);
      }
    }
  });

  test('quoting, line breaks and the edges of the format', () => {
    const rows = (s: string, sizes = [1]) => scanAll(Buffer.from(s), ';', 'utf-8', sizes);
    assert.deepEqual(rows('a;"b;c"\r\n"mit ""Zitat""";"zwei\nZeilen"\n;\n'), [['a', 'b;c'], ['mit "Zitat"', 'zwei\nZeilen'], ['', '']]);
    assert.deepEqual(rows('a;b\rc;d\r'), [['a', 'b'], ['c', 'd']]); // old Mac line ends
    assert.deepEqual(rows('x;5 "Zoll"\nletzte;ohne Umbruch'), [['x', '5 "Zoll"'], ['letzte', 'ohne Umbruch']]); // a quote inside a value
    assert.deepEqual(rows('\n\na;b\n'), [[''], [''], ['a', 'b']]); // empty lines are records
    assert.throws(() => rows('a;"offen\n'), MalformedCsv);
    assert.throws(() => rows('a;"zu"viel\n'), MalformedCsv);
  });

  test('the shape shortcut decides every shared column and tricky number columns as reading every value does', () => {
    const columns: string[][] = [
      ['10.00', '11.10', '12.20', '10.00'], // codes, not amounts
      ['1.132', '2.500', '12'], ['1.132', '1.5'], ['0815', '12'], ['7,919', '15,838', '4,0'], ['1,234.5', '1,000'],
      ['2024-02-29', '2024-02-28', '2024-02-30'], ['28.02.2023', '29.02.2023'], ['01.01.2024 10:00', '31.04.2024 10:00'], ['31.12.2024', '1.1.2025'], ['12', '-', '13', '-'], ['-', '-', '1'], ['x', '12'], ['1', '1e5'],
      ['12345678901234567890', '1'], ['2024-01-01T10:00', '2024-01-01 10:00:00'],
    ];
    for (const file of all) {
      const bytes = readFileSync(file);
      const d = sniff(bytes.subarray(0, 256 * 1024));
      const records = parse(bytes, { delimiter: d.delimiter, relax_column_count: true, relax_quotes: true, encoding: d.encoding === 'utf-8' ? 'utf8' : 'latin1' }) as string[][];
      for (let c = 0; c < d.width; c++) columns.push(records.slice(d.dataStart).map((r) => r[c] ?? ''));
    }
    for (const values of columns) {
      for (const delimiter of [';', ',']) {
        const slow = new ColumnInference();
        const fast = new ColumnInference();
        for (const v of values) {
          slow.add(v);
          const b = Buffer.from(v, 'latin1');
          if (v.trim() !== '' && !fast.addShape(b, 0, b.length)) fast.add(v);
        }
        assert.deepEqual(fast.result(delimiter), slow.result(delimiter), `${values.slice(0, 4).join(' | ')} (${delimiter})`);
        assert.equal(fast.values, slow.values);
      }
    }
  });

  test('shape keys are exact: equal only for the same runs, separators and zero flags', () => {
    const key = (s: string) => shapeKey(Buffer.from(s), 0, s.length);
    assert.equal(key('1.132'), key('9.999'));
    assert.notEqual(key('1.130'), key('1.131')); // the last run ends with 0
    assert.notEqual(key('012'), key('112')); // leading zero
    assert.notEqual(key('1.132'), key('1,132'));
    assert.equal(key(' 12 '), key('34'));
    for (const v of ['abc', '-', '1e5', '1234567890123456', '1.2.3.4.5.6']) assert.equal(key(v), -1, v);
  });
});
