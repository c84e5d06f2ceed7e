// File sizes in German notation: 1,5 MB.
const n1 = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

export function formatBytes(n: number): string {
  const units = ['Byte', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n1.format(v)} ${units[i]}`;
}
