// Reads the shape of a messy German CSV from its first bytes: encoding (UTF-8 with or without
// BOM, else Windows-1252), delimiter (; , tab |), title lines above the header, one or several
// header rows (labels stacked over short codes, as election and statistics exports have), and
// where the data starts. The whole file is then streamed with what this finds (load.ts).
import { parse } from 'csv-parse/sync';

export type Dialect = {
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  delimiter: string;
  /** Records (not lines) before the first data record: titles, empty lines, header rows. */
  dataStart: number;
  headerRows: number;
  width: number;
  columns: { id: string; label: string }[];
};

export class NotTabular extends Error {}

const DELIMITERS = [';', ',', '\t', '|'];

export function detectEncoding(sample: Buffer): { encoding: Dialect['encoding']; bom: boolean } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  // A sample may end inside a multi-byte character: ignore up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return { encoding: 'utf-8', bom: false };
    } catch {
      /* try a shorter sample */
    }
  }
  return { encoding: 'windows-1252', bom: false };
}

function parseSample(text: string, delimiter: string): string[][] {
  // Drop the last (maybe cut) line; if a quote stays open, drop more until it parses.
  let t = text.includes('\n') ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  for (let i = 0; i < 5; i++) {
    try {
      return parse(t, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, to: 300 });
    } catch {
      t = t.slice(0, Math.max(0, t.lastIndexOf('\n', t.length - 2) + 1));
    }
  }
  return [];
}

const mode = (xs: number[]) => {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
};
const nonEmpty = (r: string[]) => r.filter((c) => c.trim() !== '').length;
const NUMBERISH = /^[+-]?[\d.,]+$|^\d{1,2}\.\d{1,2}\.\d{4}|^\d{4}-\d{2}-\d{2}/;
const dataLike = (r: string[]) => r.some((c) => NUMBERISH.test(c.trim()) && /\d/.test(c));

export function detectDelimiter(text: string): string {
  let best = { d: ';', score: -1 };
  for (const d of DELIMITERS) {
    const rows = parseSample(text, d).filter((r) => nonEmpty(r) > 0).slice(0, 100);
    if (!rows.length) continue;
    const [width, n] = mode(rows.map((r) => r.length));
    const score = width > 1 ? (n / rows.length) * Math.min(width, 50) : 0;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

/** Column id: the lowest header cell (a short code); where that repeats across columns (stacked
 *  statistics headers: "Insgesamt" under each group), the path of header cells that tell the
 *  columns apart. Ids are unique, at most 60 bytes, never start with "_". */
function nameColumns(headers: string[][], width: number): Dialect['columns'] {
  const cellsOf = (i: number) => headers.map((h) => (h[i] ?? '').replace(/\s+/g, ' ').trim());
  const all = Array.from({ length: width }, (_, i) => cellsOf(i));
  // A header row level whose value is the same in every column names nothing.
  const constant = headers.map((_, level) => new Set(all.map((c) => c[level]).filter(Boolean)).size === 1 && width > 2);
  const lowest = all.map((c) => c.filter(Boolean).at(-1) ?? '');
  const repeats = (v: string) => v !== '' && lowest.filter((x) => x === v).length > 1;
  const used = new Map<string, number>();
  return all.map((cells, i) => {
    const path = cells.filter((c, level) => c && !constant[level]).filter((c, k, a) => a.indexOf(c) === k);
    let id = (repeats(lowest[i]!) && path.length > 1 ? path.join(' – ') : lowest[i]!) || `spalte_${i + 1}`;
    id = id.replace(/"/g, "'").replace(/^_+/, '') || `spalte_${i + 1}`;
    while (Buffer.byteLength(id) > 60) id = id.slice(0, -1).trimEnd();
    const seen = used.get(id.toLowerCase()) ?? 0;
    used.set(id.toLowerCase(), seen + 1);
    if (seen) id = `${id}_${seen + 1}`;
    const label = cells.filter(Boolean).filter((c, k, a) => a.indexOf(c) === k).join(' – ');
    return { id, label: label || id };
  });
}

export function sniff(sample: Buffer): Dialect {
  const { encoding, bom } = detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample);
  if (/^\s*<(!doctype|html|\?xml)/i.test(text)) throw new NotTabular('Die Datei ist eine HTML- oder XML-Seite, keine CSV-Tabelle');
  if (hasBinary(sample.subarray(0, 4096))) throw new NotTabular('Die Datei enthält Binärdaten, keine CSV-Tabelle');
  const delimiter = detectDelimiter(text);
  const rows = parseSample(text, delimiter);
  const wide = rows.filter((r) => nonEmpty(r) > 1);
  if (!wide.length) throw new NotTabular('Keine Tabelle erkannt: weniger als zwei Spalten');
  const width = mode(wide.map((r) => r.length))[0];
  // The first data record: data-like itself, and so is the next non-empty one (or it is the last).
  let dataStart = rows.findIndex((r, i) => {
    if (nonEmpty(r) < 2 || !dataLike(r)) return false;
    const next = rows.slice(i + 1).find((x) => nonEmpty(x) > 0);
    return !next || dataLike(next);
  });
  let headerStart: number;
  if (dataStart < 0) {
    // No numbers anywhere (an address list): one header row, the first wide one.
    headerStart = rows.findIndex((r) => nonEmpty(r) > 1);
    dataStart = headerStart + 1;
  } else {
    // Header rows: the wide rows right above the data (at most 4); titles have one cell.
    headerStart = dataStart;
    while (headerStart > 0 && dataStart - headerStart < 4 && nonEmpty(rows[headerStart - 1]!) > 1 && !dataLike(rows[headerStart - 1]!)) headerStart--;
    if (headerStart === dataStart) throw new NotTabular('Keine Kopfzeile mit Spaltennamen über den Daten gefunden');
  }
  const headers = rows.slice(headerStart, dataStart);
  return { encoding, bom, delimiter, dataStart, headerRows: headers.length, width, columns: nameColumns(headers, width) };
}

/** NUL and other C0 controls that text files never contain (tab, CR, LF, FF are fine). */
function hasBinary(head: Buffer): boolean {
  return head.some((b) => b < 0x09 || (b > 0x0d && b < 0x1b));
}
