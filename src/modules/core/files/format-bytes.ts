// File sizes in German notation ("124 Byte", "1,5 MB"), for server messages and the web pages
// alike: pure, no Node or DOM APIs.
const oneDecimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

export function formatBytes(n: number): string {
  const units = ['Byte', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${oneDecimal.format(v)} ${units[i]}`;
}
