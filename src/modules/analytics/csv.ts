// The analytics module's CSV downloads (open data, federal reports, saved views).

/** RFC 4180 with a comma, UTF-8 without BOM; empty = hidden or not applicable, true/false as
 *  words; text a spreadsheet would take for a formula starts with ' (names come from admins). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return csvHeader(columns) + rows.map((r) => csvLine(columns, r)).join('');
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
export const csvHeader = (columns: readonly string[]) => `${columns.join(',')}\r\n`;
export const csvLine = (columns: readonly string[], row: Record<string, unknown>) => `${columns.map((c) => cell(row[c])).join(',')}\r\n`;

/** The same text as toCsv, made batch by batch (for answers too large to hold at once). */
export async function* csvChunks<T extends Record<string, unknown>>(columns: readonly string[], batches: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const rows of batches) yield rows.map((r) => csvLine(columns, r)).join('');
}
