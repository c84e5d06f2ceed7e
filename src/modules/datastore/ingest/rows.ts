// What happens to each record below the header before it becomes a row: empty lines are
// skipped, one-cell lines are held back (a footer or source note if nothing follows them, else
// they are data after all), ragged rows are cut or padded to the header's width, totals rows
// ("Gesamt", "Summe") are set aside. Every decision that loses something lands in the per-row
// problem report (row number, column, value, why).
import type { RawRow } from './scan.ts';

export type Problem = { row: number; column: string | null; value: string | null; reason: string };

const MAX_PROBLEMS = 1000;
const TOTALS = /^(gesamt|summe|insgesamt|total|gesamtergebnis|zusammen)$/i;

/** A totals row ("Gesamt", "Summe" …) by the first non-empty of its first two cells; the length
 *  check keeps the regex off almost every row. */
export function totalsLabel(first: string, second: string): string | undefined {
  const v = first.trim() || second.trim();
  return v.length >= 5 && v.length <= 14 && TOTALS.test(v) ? v : undefined;
}

/** Cheap byte test before totalsLabel: 5 to 14 bytes between blanks, first letter one of
 *  g s i t z (gesamt, summe, insgesamt, total, zusammen), any case. */
function mayBeTotals(row: RawRow, i: number): boolean {
  if (i >= row.count) return false;
  let s = row.start[i]!;
  let e = row.end[i]!;
  while (s < e && row.buf[s]! <= 0x20) s++;
  while (e > s && row.buf[e - 1]! <= 0x20) e--;
  if (e - s < 5 || e - s > 14) return false;
  const b = row.buf[s]! | 0x20;
  return b === 0x67 || b === 0x73 || b === 0x69 || b === 0x74 || b === 0x7a;
}

/** Node's native slicers, without Buffer#toString's argument handling (this runs per value). */
type Slicing = Buffer & { latin1Slice(s: number, e: number): string; utf8Slice(s: number, e: number): string };

/** Text of a field in the file's encoding, doubled quotes undone. */
export function cellDecoder(encoding: 'utf-8' | 'windows-1252'): (row: RawRow, i: number) => string {
  const cp1252 = new TextDecoder('windows-1252');
  return (row, i) => {
    if (i >= row.count) return '';
    const s = row.start[i]!;
    const e = row.end[i]!;
    const buf = row.buf as Slicing;
    let ascii = true;
    for (let k = s; k < e; k++) {
      if (buf[k]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    const v = ascii ? buf.latin1Slice(s, e) : encoding === 'utf-8' ? buf.utf8Slice(s, e) : cp1252.decode(buf.subarray(s, e));
    return row.escaped[i] ? v.replaceAll('""', '"') : v;
  };
}

export class RowShaper {
  readonly problems: Problem[] = [];
  problemCount = 0;
  private held: { record: number; row: RawRow }[] = [];

  /** `emit` gets each row that is data, with its record number (1 = the file's first record). */
  constructor(
    private readonly width: number,
    private readonly delimiter: string,
    private readonly text: (row: RawRow, i: number) => string,
    private readonly emit: (row: RawRow, record: number) => void,
  ) {}

  problem(p: Problem) {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  accept(row: RawRow, record: number): void {
    let filled = 0; // cells with content, counted only up to 2 (all the checks need)
    for (let i = 0; i < row.count && filled < 2; i++) if (!row.blank(i)) filled++;
    if (filled === 0) return; // an empty line
    if (filled === 1 && this.width > 2 && row.count <= 2) {
      this.held.push({ record, row: row.clone() });
      return;
    }
    for (const h of this.held) this.shape(h.row, h.record);
    this.held = [];
    this.shape(row, record);
  }

  /** At the end of the file: held lines were footers. */
  finish(): void {
    if (!this.held.length) return;
    const text = this.held.map((h) => Array.from({ length: h.row.count }, (_, i) => this.text(h.row, i)).join(' ').trim()).join(' ');
    this.problem({ row: this.held[0]!.record, column: null, value: text.slice(0, 200), reason: `${this.held.length} Zeilen Fußnoten/Quellenangabe am Ende nicht übernommen` });
    this.held = [];
  }

  private shape(row: RawRow, record: number): void {
    const w = this.width;
    if (row.count > w) {
      let extra = false;
      for (let i = w; i < row.count && !extra; i++) extra = !row.blank(i);
      if (extra) {
        const value = Array.from({ length: row.count - w }, (_, k) => this.text(row, w + k)).join(this.delimiter);
        this.problem({ row: record, column: null, value: value.slice(0, 200), reason: `${row.count} statt ${w} Felder: überzählige Felder verworfen` });
      }
    } else if (row.count < w) {
      this.problem({ row: record, column: null, value: null, reason: `${row.count} statt ${w} Felder: fehlende Felder leer gelassen` });
    }
    // The label is in the first non-blank of the first two cells; a string only for likely ones.
    const cell = row.blank(0) ? 1 : 0;
    const totals = mayBeTotals(row, cell) ? totalsLabel(this.text(row, cell), '') : undefined;
    if (totals) {
      this.problem({ row: record, column: null, value: totals, reason: 'Summenzeile nicht übernommen' });
      return;
    }
    this.emit(row, record);
  }
}
