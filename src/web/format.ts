// Dates and times always in German notation and Berlin time, whatever the browser's zone.
const dateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'täglich' : `alle ${seconds / 86_400} Tage`;
  if (seconds % 3_600 === 0) return seconds === 3_600 ? 'stündlich' : `alle ${seconds / 3_600} Stunden`;
  if (seconds % 60 === 0) return seconds === 60 ? 'jede Minute' : `alle ${seconds / 60} Minuten`;
  return `alle ${seconds} Sekunden`;
}

export const numberDe = new Intl.NumberFormat('de-DE');
