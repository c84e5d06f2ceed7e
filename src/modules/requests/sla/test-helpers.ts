// Shared fixtures of the SLA tests: the office calendar of the worked examples and
// wall-clock times in Europe/Berlin.
import { DateTime } from 'luxon';
import { BusinessCalendar, type Instant } from './calendar.ts';
import type { SlaCalendarConfigInput } from './contract.ts';

/** Mon–Wed 8–16, Thu 8–18, Fri 8–12, Europe/Berlin, Hessen (issue 6, section 4). */
export const OFFICE: SlaCalendarConfigInput = {
  timeZone: 'Europe/Berlin',
  holidayRegion: 'HE',
  openingHours: {
    mon: [{ from: '08:00', to: '16:00' }],
    tue: [{ from: '08:00', to: '16:00' }],
    wed: [{ from: '08:00', to: '16:00' }],
    thu: [{ from: '08:00', to: '18:00' }],
    fri: [{ from: '08:00', to: '12:00' }],
  },
};
export const OFFICE_WITH_CLOSURES: SlaCalendarConfigInput = {
  ...OFFICE,
  closures: [
    { date: '12-24', label: 'Heiligabend' },
    { date: '12-31', label: 'Silvester' },
  ],
};
const allDay = [{ from: '00:00', to: '24:00' }];
/** Around the clock, every day (a control room); holidays still count as closed. */
export const ALWAYS_OPEN: SlaCalendarConfigInput = {
  timeZone: 'Europe/Berlin',
  openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
};

export const office = () => new BusinessCalendar(OFFICE);
export const officeWithClosures = () => new BusinessCalendar(OFFICE_WITH_CLOSURES);
export const alwaysOpen = () => new BusinessCalendar(ALWAYS_OPEN);

/** '2025-04-17 15:00' in Berlin → instant. */
export function berlin(text: string): Instant {
  const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: 'Europe/Berlin' });
  if (!dt.isValid) throw new Error(`bad test time ${text}`);
  return dt.toMillis();
}

/** Instant → 'Thu 2025-04-17 15:00' in Berlin, so failures read like the issue. */
export function local(instant: Instant | null): string {
  if (instant === null) return 'null';
  return DateTime.fromMillis(instant, { zone: 'Europe/Berlin' }).toFormat("ccc yyyy-MM-dd HH:mm", { locale: 'en' });
}
