// A municipality's business calendar: stored configuration, or the default office hours; built
// calendars are kept per tenant and configuration version (building one costs ~1 ms, using it µs).
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { createBusinessCalendar, type BusinessCalendar } from '../sla/calendar.ts';
import type { SlaCalendarConfigInput } from '../sla/contract.ts';
import * as repo from './repo.ts';

/** Until a municipality sets its own: office hours Mon–Wed 8–16, Thu 8–18, Fri 8–12, Hessen, closed 24/31 Dec. */
export const DEFAULT_CALENDAR: SlaCalendarConfigInput = {
  timeZone: 'Europe/Berlin', holidayRegion: 'HE',
  openingHours: { mon: [{ from: '08:00', to: '16:00' }], tue: [{ from: '08:00', to: '16:00' }], wed: [{ from: '08:00', to: '16:00' }], thu: [{ from: '08:00', to: '18:00' }], fri: [{ from: '08:00', to: '12:00' }] },
  closures: [{ date: '12-24', label: 'Heiligabend' }, { date: '12-31', label: 'Silvester' }],
};

const cache = new Map<string, { version: string; calendar: BusinessCalendar }>();

export async function tenantCalendar(db: Kysely<Database>, tenantId: string): Promise<BusinessCalendar> {
  const row = await repo.calendarOf(db, tenantId);
  const version = row ? row.updated_at.toISOString() : 'default';
  const hit = cache.get(tenantId);
  if (hit?.version === version) return hit.calendar;
  const calendar = createBusinessCalendar((row?.config ?? DEFAULT_CALENDAR) as SlaCalendarConfigInput);
  cache.set(tenantId, { version, calendar });
  return calendar;
}
