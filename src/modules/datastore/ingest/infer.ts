// Column types from every value of a column (never a sample): each value rules out the types it
// does not fit. German and English number formats are told apart per column, codes that look
// like numbers (leading zeros, fixed-shape "10.00") stay text, statistics offices' gap markers
// ("-", ".", "x", "…") count as empty in numeric columns.
import type { FieldType } from '../tables.ts';
import { realDay, shapeKey, validDate } from './shape.ts';

export type NumberStyle = 'plain' | 'de' | 'en';
export type Inferred = { type: FieldType; numberStyle?: NumberStyle; dateStyle?: 'iso' | 'de'; gapMarkers?: boolean };

const INT = /^[+-]?(0|[1-9]\d*)$/;
const PLAIN_DEC = /^[+-]?\d+\.\d+$/;
const DE_NUM = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
const DE_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const DE_DECIMAL = /^[+-]?\d+,\d+$/;
const EN_NUM = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const EN_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DE_DATE = /^\d{1,2}\.\d{1,2}\.\d{4}$/;
const ISO_TS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const DE_TS = /^\d{1,2}\.\d{1,2}\.\d{4},? \d{1,2}:\d{2}(:\d{2})?$/;
const BOOL = /^(true|false|wahr|falsch|ja|nein)$/i;
export const GAP_MARKERS = new Set(['-', '.', 'x', '...', '…', '/', '–']);

/** The number of the digits from i up to the first non-digit (no allocation: this runs per value). */
function digitsAt(v: string, i: number): [number, number] {
  let n = 0;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return [n, i];
}
const isoDateOk = (v: string) => validDate(digitsAt(v, 0)[0], digitsAt(v, 5)[0], digitsAt(v, 8)[0]);
/** "d.m.yyyy" at the start of v (a German date, or the date of a German timestamp). */
const deDateOk = (v: string) => {
  const [d, i] = digitsAt(v, 0);
  const [m, j] = digitsAt(v, i + 1);
  return validDate(digitsAt(v, j + 1)[0], m, d);
};

/** Accumulates what one column's values allow. */
export class ColumnInference {
  private nonEmpty = 0;
  private gaps = 0;
  // Candidates still possible.
  private int = true;
  private plainDec = true;
  private de = true;
  private en = true;
  private isoDate = true;
  private deDate = true;
  private isoTs = true;
  private deTs = true;
  private bool = true;
  // Evidence.
  private sawDeMark = false; // decimal comma or German thousands
  private sawDeComma = false; // a decimal comma: the column is numeric, not int
  private sawEnMark = false; // English thousands
  private sawDotDecimal = false; // "2.5", "1.25", "3.1416" (not 3 decimals)
  private leadingZero = false;
  private decimalShape: string | null | false = null; // one "2.2" shape for all dotted values, else false
  private trailingZeroFraction = false;
  private maxIntDigits = 0;

  /** Non-empty values seen (gap markers not counted). */
  get values(): number {
    return this.nonEmpty;
  }

  /** Only text is left: nothing to check any more (the hot path for text columns). */
  private textOnly = false;

  /** Shapes already taken into account (see shape.ts): a value of a known shape changes nothing. */
  private readonly shapes = new Set<number>();

  /** A non-blank value by its bytes, if its shape is known already: true when it changed nothing
   *  but the count; false when the caller must add() its text (the shape is then known). */
  addShape(buf: Uint8Array, s: number, e: number): boolean {
    if (this.textOnly) {
      this.nonEmpty++;
      return true;
    }
    const key = shapeKey(buf, s, e);
    if (key < 0) return false;
    // While a date type is possible, a known shape also needs a day that exists.
    if (this.shapes.has(key) && (!(this.isoDate || this.deDate || this.isoTs || this.deTs) || realDay(buf, s, e))) {
      this.nonEmpty++;
      return true;
    }
    this.shapes.add(key);
    return false;
  }

  add(raw: string): void {
    // Trim only when needed: most values have no surrounding blanks.
    const v = raw.length && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
    if (v === '') return;
    if (this.textOnly) {
      this.nonEmpty++;
      return;
    }
    if (v.length <= 3 && GAP_MARKERS.has(v)) {
      this.gaps++;
      return;
    }
    this.nonEmpty++;
    const isInt = (this.int || this.plainDec) && INT.test(v);
    if (this.int && !isInt) this.int = false;
    if (!this.leadingZero && v.length > 1 && (v[0] === '0' || ((v[0] === '-' || v[0] === '+') && v[1] === '0')) && /^[+-]?0\d/.test(v)) this.leadingZero = true;
    if (this.plainDec && !(isInt || PLAIN_DEC.test(v))) this.plainDec = false;
    if (this.de && !DE_NUM.test(v)) this.de = false;
    if (this.en && !EN_NUM.test(v)) this.en = false;
    if (this.de || this.en || this.plainDec) this.numberEvidence(v);
    if (this.isoDate && !(ISO_DATE.test(v) && isoDateOk(v))) this.isoDate = false;
    if (this.deDate && !(DE_DATE.test(v) && deDateOk(v))) this.deDate = false;
    if (this.isoTs && !(ISO_TS.test(v) && isoDateOk(v))) this.isoTs = false;
    if (this.deTs && !(DE_TS.test(v) && deDateOk(v))) this.deTs = false;
    if (this.bool && !BOOL.test(v)) this.bool = false;
    if (!(this.int || this.plainDec || this.de || this.en || this.isoDate || this.deDate || this.isoTs || this.deTs || this.bool)) this.textOnly = true;
  }

  private numberEvidence(v: string): void {
    // Digits before the first separator (sign skipped), without allocating.
    let digits = 0;
    for (let i = v[0] === '-' || v[0] === '+' ? 1 : 0; i < v.length && v[i] !== '.' && v[i] !== ','; i++) digits++;
    if (digits > this.maxIntDigits) this.maxIntDigits = digits;
    const comma = v.includes(',');
    const dot = v.includes('.');
    if (!comma && !dot) return; // a plain integer tells nothing more
    if (!this.sawDeMark && (DE_DECIMAL.test(v) || (DE_THOUSANDS.test(v) && /\.\d{3}\.|,/.test(v)))) this.sawDeMark = true;
    if (!this.sawDeComma && comma && /,\d+$/.test(v) && DE_NUM.test(v)) this.sawDeComma = true;
    if (!this.sawEnMark && comma && EN_THOUSANDS.test(v) && /,\d{3},|\./.test(v)) this.sawEnMark = true;
    if (!dot || !this.plainDec) return;
    const dotted = /^[+-]?(\d+)\.(\d+)$/.exec(v);
    if (dotted) {
      if (dotted[2]!.length !== 3) this.sawDotDecimal = true;
      const shape = `${dotted[1]!.length}.${dotted[2]!.length}`;
      this.decimalShape = this.decimalShape === null ? shape : this.decimalShape === shape ? shape : false;
      if (dotted[2]!.endsWith('0')) this.trailingZeroFraction = true;
    }
  }

  /** The column's type; `delimiter` breaks ties between German and English numbers. */
  result(delimiter: string): Inferred {
    if (this.nonEmpty === 0) return { type: 'text' };
    const gapMarkers = this.gaps > 0;
    if (this.leadingZero && (this.int || this.plainDec || this.de || this.en)) return { type: 'text' }; // AGS, postcodes, "007"
    // Fixed-shape dotted values with trailing zeros ("10.00", "11.10"): codes, not amounts.
    if (this.plainDec && !this.int && this.decimalShape && this.trailingZeroFraction && Number(this.decimalShape.split('.')[0]) >= 2) return { type: 'text' };
    if (this.int) return this.maxIntDigits > 18 ? { type: 'numeric', numberStyle: 'plain', gapMarkers } : { type: 'int', numberStyle: 'plain', gapMarkers };
    const preferDe = delimiter === ';' || delimiter === '\t';
    if (this.de && (this.sawDeMark || (preferDe && !this.sawDotDecimal)) && !(this.plainDec && this.sawDotDecimal)) {
      return { type: this.sawDeComma || this.maxIntDigits > 18 ? 'numeric' : 'int', numberStyle: 'de', gapMarkers };
    }
    if (this.plainDec) return { type: 'numeric', numberStyle: 'plain', gapMarkers };
    if (this.en && (this.sawEnMark || !preferDe)) return { type: 'numeric', numberStyle: 'en', gapMarkers };
    if (gapMarkers) return { type: 'text' }; // markers only make sense in numeric columns
    if (this.isoDate) return { type: 'date', dateStyle: 'iso' };
    if (this.deDate) return { type: 'date', dateStyle: 'de' };
    if (this.isoTs) return { type: 'timestamp', dateStyle: 'iso' };
    if (this.deTs) return { type: 'timestamp', dateStyle: 'de' };
    if (this.bool) return { type: 'bool' };
    return { type: 'text' };
  }
}
