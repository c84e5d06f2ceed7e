// CSV for spreadsheets in German offices: ";" between cells, decimal comma, UTF-8 with BOM (so
// Excel reads the umlauts), CRLF. Made in the browser from exactly the numbers the table shows.
export type Cell = string | number | null | undefined;
export type CsvTable = { filename: string; headers: string[]; rows: Cell[][] };

const decimal = new Intl.NumberFormat('de-DE', { useGrouping: false, maximumFractionDigits: 2 });

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? decimal.format(v) : v;
  // A cell a spreadsheet would run as a formula is quoted with ' (CSV injection).
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv({ headers, rows }: Pick<CsvTable, 'headers' | 'rows'>): string {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** "Bewohnerparkausweis beantragen" → "bewohnerparkausweis-beantragen" for file names. */
export function fileSlug(s: string): string {
  return s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
