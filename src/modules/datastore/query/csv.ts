// CSV lines as PostgreSQL's COPY writes them (RFC 4180 quoting; NULL is an empty field), so a
// page from datastore_search or /rows.csv reads like the streamed export.

export function csvField(v: unknown, delimiter: string): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (s === '' ) return '""';
  return s.includes(delimiter) || /["\r\n]/.test(s) || s === '\\.' ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsvLine = (values: unknown[], delimiter = ','): string => `${values.map((v) => csvField(v, delimiter)).join(delimiter)}\n`;
