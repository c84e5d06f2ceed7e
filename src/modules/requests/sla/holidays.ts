// Statutory public holidays per German state, from `feiertagejs` (maintained, MIT, no
// dependencies; see docs/dependencies.md). A call costs 1–2 ms, so each (region, year) is asked
// once and kept as a set of day numbers; holidays of a year never change.
import { getHolidays } from 'feiertagejs';
import { parseDay, type DayNumber } from './civil-date.ts';

/** German states as feiertagejs names them; tenants in Hessen use 'HE'. */
export const HOLIDAY_REGIONS = ['BW', 'BY', 'BE', 'BB', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

export type PublicHoliday = { day: DayNumber; date: string; name: string };

const byRegionYear = new Map<string, { days: Set<DayNumber>; list: PublicHoliday[] }>();

function yearOf(region: HolidayRegion, year: number) {
  const key = `${region}:${year}`;
  let entry = byRegionYear.get(key);
  if (!entry) {
    const list = getHolidays(year, region).map((h) => {
      const day = parseDay(h.dateString);
      if (day === undefined) throw new Error(`feiertagejs lieferte ein ungültiges Datum: ${h.dateString}`);
      return { day, date: h.dateString, name: h.translate('de') ?? h.name };
    });
    entry = { days: new Set(list.map((h) => h.day)), list };
    byRegionYear.set(key, entry);
  }
  return entry;
}

export function isPublicHoliday(region: HolidayRegion, year: number, day: DayNumber): boolean {
  return yearOf(region, year).days.has(day);
}

export function publicHolidays(region: HolidayRegion, year: number): readonly PublicHoliday[] {
  return yearOf(region, year).list;
}
