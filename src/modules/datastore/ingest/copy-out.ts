// Rows for PostgreSQL's COPY text format, written byte by byte from the scanned file: a value
// goes over as it stands where PostgreSQL reads it in the column's type already (plain numbers,
// ISO dates, and German dates with DateStyle DMY), German and English numbers lose their
// thousands separators and get a decimal point, booleans become t/f, gap markers and blanks
// NULL (\N), and text has backslash, tab and line breaks escaped.
import type { Inferred } from './infer.ts';
import { GAP_MARKERS } from './infer.ts';
import type { RawRow } from './scan.ts';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const DOT = 0x2e;
const COMMA = 0x2c;

/** The rows being written. Writes do not check the room left: reserve() it once per row. */
export class CopyBuffer {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;

  reserve(extra: number) {
    if (this.len + extra <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + extra));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** The bytes so far, handed over (no copy), and a fresh buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.len = 0;
    return out;
  }

  /** A row number (no string in between). */
  int(n: number) {
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.len + digits;
    this.len = p;
    do {
      this.buf[--p] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  byte(b: number) {
    this.buf[this.len++] = b;
  }

  null() {
    this.buf[this.len++] = BACKSLASH;
    this.buf[this.len++] = 0x4e; // N
  }
}

/** How one column's values are written; `text` decodes a field (for gap markers). */
export type ColumnWriter = (out: CopyBuffer, row: RawRow, i: number) => void;

export function columnWriter(t: Inferred, text: (row: RawRow, i: number) => string): ColumnWriter {
  const numeric = (skip: number, toDot: number) => (out: CopyBuffer, row: RawRow, i: number) => {
    const buf = row.buf;
    const s = row.start[i]!;
    const e = row.end[i]!;
    // Gap markers ("-", ".", "x", "…") are short and do not start with a digit.
    if (e - s <= 3 && !(buf[s]! >= 0x30 && buf[s]! <= 0x39) && GAP_MARKERS.has(text(row, i).trim())) return out.null();
    for (let k = s; k < e; k++) {
      const b = buf[k]!;
      if (b === skip) continue;
      out.buf[out.len++] = b === toDot ? DOT : b;
    }
  };
  switch (t.type) {
    case 'int':
    case 'numeric':
      return t.numberStyle === 'de' ? numeric(DOT, COMMA) : t.numberStyle === 'en' ? numeric(COMMA, -1) : numeric(-1, -1);
    case 'date':
      return plain;
    case 'timestamp':
      // "01.02.2024, 13:00" (German with comma) → without the comma.
      return t.dateStyle === 'de' ? numeric(COMMA, -1) : plain;
    case 'bool':
      return (out, row, i) => {
        const v = text(row, i).trim().toLowerCase();
        out.byte(v === 'true' || v === 'wahr' || v === 'ja' ? 0x74 : 0x66);
      };
    default:
      return escapedText;
  }
}

/** buf[s, e) appended; a loop for short values, where Buffer#copy's call costs more than it saves. */
function append(out: CopyBuffer, buf: Buffer, s: number, e: number) {
  if (e - s > 64) {
    buf.copy(out.buf, out.len, s, e);
    out.len += e - s;
    return;
  }
  const o = out.buf;
  let n = out.len;
  for (let k = s; k < e; k++) o[n++] = buf[k]!;
  out.len = n;
}

/** Bytes as they are (values PostgreSQL parses in the column type; surrounding blanks are fine). */
const plain: ColumnWriter = (out, row, i) => {
  append(out, row.buf, row.start[i]!, row.end[i]!);
};

/** Text: doubled quotes undone, COPY's special bytes escaped. */
const escapedText: ColumnWriter = (out, row, i) => {
  const buf = row.buf;
  const s = row.start[i]!;
  const e = row.end[i]!;
  const special = row.escaped[i] === 1;
  let k = s;
  // The common case: nothing to escape, one copy.
  if (!special) {
    while (k < e) {
      const b = buf[k]!;
      if (b === BACKSLASH || b === TAB || b === LF || b === CR) break;
      k++;
    }
    if (k === e) return append(out, buf, s, e);
  }
  append(out, buf, s, k);
  for (; k < e; k++) {
    const b = buf[k]!;
    if (b === QUOTE && special && buf[k + 1] === QUOTE) {
      out.buf[out.len++] = QUOTE;
      k++;
    } else if (b === BACKSLASH) {
      out.buf[out.len++] = BACKSLASH;
      out.buf[out.len++] = BACKSLASH;
    } else if (b === TAB || b === LF || b === CR) {
      out.buf[out.len++] = BACKSLASH;
      out.buf[out.len++] = b === TAB ? 0x74 : b === LF ? 0x6e : 0x72;
    } else out.buf[out.len++] = b;
  }
};
