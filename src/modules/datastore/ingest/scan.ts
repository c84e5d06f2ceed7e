// A CSV tokenizer over raw bytes (ADR 0006): finds records and field boundaries without decoding
// the file into strings, so values can go on to COPY as they are and only the columns whose type
// is still open are looked at as text. RFC 4180 plus what German portals do: ";" "," tab or "|",
// CRLF, LF or lone CR, quoted fields with doubled quotes and line breaks inside, quotes inside an
// unquoted field taken literally (csv-parse's relax_quotes). The delimiter and the quote are
// ASCII, so this works the same for UTF-8 and Windows-1252 bytes.

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Field i spans buf[start[i], end[i]); quoted fields without their quotes, `escaped[i]` when
 *  they contain doubled quotes ("" for "). Valid until the scanner's next push. */
export class RawRow {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  start = new Int32Array(64);
  end = new Int32Array(64);
  escaped = new Uint8Array(64);

  add(s: number, e: number, escaped: boolean) {
    if (this.count === this.start.length) this.grow();
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.escaped[this.count] = escaped ? 1 : 0;
    this.count++;
  }

  private grow() {
    const n = this.start.length * 2;
    const [s, e, q] = [new Int32Array(n), new Int32Array(n), new Uint8Array(n)];
    s.set(this.start);
    e.set(this.end);
    q.set(this.escaped);
    [this.start, this.end, this.escaped] = [s, e, q];
  }

  /** Whether field i is empty or only blanks (absent fields count as blank). */
  blank(i: number): boolean {
    if (i >= this.count) return true;
    for (let k = this.start[i]!; k < this.end[i]!; k++) if (this.buf[k]! > 0x20) return false;
    return true;
  }

  /** A copy that outlives the scanner's buffer (for rows held back until the next one). */
  clone(): RawRow {
    const r = new RawRow();
    const from = this.count ? this.start[0]! : 0;
    const to = this.count ? this.end[this.count - 1]! : 0;
    r.buf = Buffer.from(this.buf.subarray(from, to));
    for (let i = 0; i < this.count; i++) r.add(this.start[i]! - from, this.end[i]! - from, this.escaped[i] === 1);
    return r;
  }
}

/** Quoting the file breaks: a quote never closed, or text right after a closing quote. */
export class MalformedCsv extends Error {}

export class CsvScanner {
  private tail: Buffer | null = null;
  private readonly row = new RawRow();
  /** Records completed so far. */
  records = 0;

  constructor(private readonly delimiter: number, private readonly onRow: (row: RawRow) => void) {}

  push(chunk: Buffer): void {
    const buf = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    this.tail = null;
    const used = this.scan(buf, false);
    if (used < buf.length) this.tail = Buffer.from(buf.subarray(used));
  }

  /** The last record, when the file does not end with a line break. */
  end(): void {
    if (this.tail?.length) this.scan(this.tail, true);
    this.tail = null;
  }

  /** Emits every complete record in buf; returns where the first incomplete one begins. */
  private scan(buf: Buffer, last: boolean): number {
    const d = this.delimiter;
    const n = buf.length;
    const row = this.row;
    row.buf = buf;
    let recordStart = 0;
    let p = 0;
    row.count = 0;
    for (;;) {
      // One field starting at p.
      if (p < n && buf[p] === QUOTE) {
        const s = p + 1;
        let q = s;
        let escaped = false;
        for (;;) {
          q = buf.indexOf(QUOTE, q);
          if (q < 0) {
            if (last) throw new MalformedCsv(`Anführungszeichen in Datensatz ${this.records + 1} wird nicht geschlossen`);
            return recordStart;
          }
          if (q + 1 < n && buf[q + 1] === QUOTE) {
            escaped = true;
            q += 2;
            continue;
          }
          if (q + 1 === n && !last) return recordStart; // the next byte decides
          break;
        }
        row.add(s, q, escaped);
        p = q + 1;
        // Text after the closing quote ("a"b): kept as part of the field, as csv-parse would refuse it.
        if (p < n && buf[p] !== d && buf[p] !== LF && buf[p] !== CR) {
          let e = p;
          while (e < n && buf[e] !== d && buf[e] !== LF && buf[e] !== CR) e++;
          if (e === n && !last) return recordStart;
          throw new MalformedCsv(`Text nach schließendem Anführungszeichen in Datensatz ${this.records + 1}`);
        }
      } else {
        let e = p;
        while (e < n) {
          const b = buf[e]!;
          if (b === d || b === LF || b === CR) break;
          e++;
        }
        if (e === n && !last) return recordStart;
        row.add(p, e, false);
        p = e;
      }
      // After a field: delimiter, line break or end of input.
      if (p < n && buf[p] === d) {
        p++;
        continue;
      }
      if (p < n && buf[p] === CR) {
        if (p + 1 === n && !last) return recordStart; // CR LF split over two chunks
        p += p + 1 < n && buf[p + 1] === LF ? 2 : 1;
      } else if (p < n) {
        p++; // LF
      } else if (!last) {
        return recordStart;
      }
      this.records++;
      this.onRow(row);
      row.buf = buf; // the callback may not keep the row, but must not change the buffer either
      row.count = 0;
      recordStart = p;
      if (p >= n) return p;
    }
  }
}
