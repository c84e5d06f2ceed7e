// The shape of a number- or date-like value as one integer, read from its bytes: runs of digits
// by their length, separators by kind, plus whether the first run starts with 0 and the last ends
// with 0. Everything the column inference decides about such a value, except whether a date is a
// real day, follows from this shape, so a column need look at each shape only once (infer.ts).
// 10 tokens of 5 bits and 2 flag bits stay below 2^53: the key is exact, never a hash.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A day that exists in the calendar (proleptic Gregorian, years 1 to 9999). */
export function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS[m - 1]! + (leap ? 1 : 0);
}
const SEPARATORS: Record<number, number> = { 0x2e: 16, 0x2c: 17, 0x2d: 18, 0x2b: 19, 0x3a: 20, 0x20: 21, 0x54: 22, 0x2f: 23 }; // . , - + : space T /
const MAX_TOKENS = 10;

/** The shape key of buf[s, e) with surrounding blanks ignored, or -1 when the value has other
 *  characters, no digit, a run longer than 15 digits or more than 10 tokens. */
export function shapeKey(buf: Uint8Array, s: number, e: number): number {
  while (s < e && buf[s]! <= 0x20) s++;
  while (e > s && buf[e - 1]! <= 0x20) e--;
  let key = 0;
  let scale = 4; // the two lowest bits are the flags
  let tokens = 0;
  let digits = false;
  let flags = 0;
  let k = s;
  while (k < e) {
    const b = buf[k]!;
    let code: number;
    if (b >= 0x30 && b <= 0x39) {
      let run = 0;
      if (!digits && b === 0x30) flags |= 1; // the first run starts with 0
      while (k < e && buf[k]! >= 0x30 && buf[k]! <= 0x39) {
        run++;
        k++;
      }
      if (run > 15) return -1;
      flags = buf[k - 1] === 0x30 ? flags | 2 : flags & 1; // the last run so far ends with 0
      digits = true;
      code = run;
    } else {
      const sep = SEPARATORS[b];
      if (sep === undefined) return -1;
      code = sep;
      k++;
    }
    if (++tokens > MAX_TOKENS) return -1;
    key += code * scale;
    scale *= 32;
  }
  return digits ? key + flags : -1;
}

/** Whether the first three digit runs are a day that exists: year-month-day after a "-", else
 *  day.month.year. Only asked for values whose shape a date type accepted before. */
export function realDay(buf: Uint8Array, s: number, e: number): boolean {
  let run = 0;
  const n = [0, 0, 0];
  let iso = false;
  let k = s;
  while (k < e && buf[k]! <= 0x20) k++;
  for (; k < e && run < 3; k++) {
    const b = buf[k]!;
    if (b >= 0x30 && b <= 0x39) n[run] = n[run]! * 10 + (b - 0x30);
    else {
      if (run === 0) iso = b === 0x2d;
      run++;
    }
  }
  return iso ? validDate(n[0]!, n[1]!, n[2]!) : validDate(n[2]!, n[1]!, n[0]!);
}
