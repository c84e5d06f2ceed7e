// The analytics module's CSV downloads (open data, federal reports, saved views).

/** RFC 4180 with a comma, UTF-8 without BOM; empty = hidden or not applicable, true/false as
 *  words; text a spreadsheet would take for a formula starts with ' (names come from admins). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].map((l) => `${l}\r\n`).join('');
}
