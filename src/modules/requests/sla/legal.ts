// Legal deadlines (gesetzliche Fristen) after § 31 VwVfG, which points to §§ 187–193 BGB:
// - § 187 (1) BGB: a period that starts with an event (receipt of the application) does not
//   count the day of the event;
// - § 188 (1): a period of days ends at the end of its last day; § 188 (2): a period of weeks or
//   months ends at the end of the day whose weekday / number matches the event day;
//   § 188 (3): when the last month has no such day, on its last day (31 Jan + 1 month → 28/29 Feb);
// - § 31 (3) VwVfG, § 193 BGB: ending on a Saturday, Sunday or statutory public holiday of the
//   state, the period ends at the end of the next working day. Local closure days (24/31 Dec)
//   are not statutory and do not move legal deadlines.
// Calendar days, not business time: opening hours play no part here.
import type { BusinessCalendar, Instant } from './calendar.ts';
import { addMonths, formatDay, isoWeekdayOf, type DayNumber } from './civil-date.ts';
import { LEGAL_UNITS, type LegalPeriod as LegalPeriodSchema } from './contract.ts';
import { SlaDurationError } from './errors.ts';
import type { z } from 'zod';

export type LegalPeriod = z.output<typeof LegalPeriodSchema>;

export type LegalDeadline = {
  /** Local day of the event (not counted). */
  eventDay: string;
  /** Last day by §§ 187, 188 BGB, before moving off weekends and holidays. */
  nominalLastDay: string;
  /** The day the period ends (at its end, 24:00 local time). */
  lastDay: string;
  /** Why the end moved, when it did: the nominal last day was a Saturday, Sunday or public holiday. */
  movedBecause: 'saturday' | 'sunday' | 'public-holiday' | null;
  /** Local midnight after the last day: anything before this instant keeps the deadline. */
  expiresAt: Instant;
};

export function nominalLastDay(eventDay: DayNumber, period: LegalPeriod): DayNumber {
  switch (period.unit) {
    case 'days':
      return eventDay + period.amount;
    case 'weeks':
      return eventDay + 7 * period.amount;
    case 'months':
      return addMonths(eventDay, period.amount);
    case 'years':
      return addMonths(eventDay, 12 * period.amount);
  }
}

/** Mon–Fri and not a statutory public holiday of the calendar's state. */
export function isLegalWorkingDay(calendar: BusinessCalendar, day: DayNumber): boolean {
  return isoWeekdayOf(day) <= 5 && !calendar.isPublicHoliday(day);
}

/** The legal deadline of a period that starts with an event at `eventAt` (in the calendar's time zone). */
export function legalDeadline(calendar: BusinessCalendar, eventAt: Instant, period: LegalPeriod): LegalDeadline {
  // Checked by hand, not by the zod schema: this runs for every deadline computation.
  if (!Number.isInteger(period.amount) || period.amount < 1 || !LEGAL_UNITS.includes(period.unit)) {
    throw new SlaDurationError(`Eine gesetzliche Frist braucht eine ganze Anzahl ≥ 1 von ${LEGAL_UNITS.join(', ')} (war ${period.amount} ${period.unit})`);
  }
  const eventDay = calendar.dayOf(eventAt);
  const nominal = nominalLastDay(eventDay, period);
  let last = nominal;
  while (!isLegalWorkingDay(calendar, last)) last++;
  const weekday = isoWeekdayOf(nominal);
  return {
    eventDay: formatDay(eventDay),
    nominalLastDay: formatDay(nominal),
    lastDay: formatDay(last),
    movedBecause: last === nominal ? null : weekday === 6 ? 'saturday' : weekday === 7 ? 'sunday' : 'public-holiday',
    expiresAt: calendar.day(last).end,
  };
}
