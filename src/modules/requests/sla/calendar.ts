// A tenant's business calendar: weekly opening hours in its time zone, minus statutory public
// holidays of its state and local closure days. Everything else in the SLA engine asks it one
// question – "which instants of this local day are open?" – and the answers are cached per day,
// so adding business time steps over a few cached numbers instead of converting wall-clock times.
import { DateTime } from 'luxon';
import { civilDateOf, formatDay, isoWeekdayOf, type DayNumber } from './civil-date.ts';
import { SlaCalendarConfig, WEEKDAYS, minutesOfTime, type SlaCalendarConfigInput, type SlaCalendarConfigParsed } from './contract.ts';
import { parseOrThrow } from './errors.ts';
import { isPublicHoliday } from './holidays.ts';

/** Milliseconds since 1970-01-01T00:00Z; what the engine computes with (and PostgreSQL stores as timestamptz). */
export type Instant = number;

export type CalendarDay = {
  day: DayNumber;
  /** Local midnight that begins the day, and the one that ends it (23, 24 or 25 hours later). */
  start: Instant;
  end: Instant;
  /** Open intervals as flat pairs [from0, to0, from1, to1, …], ascending, half-open [from, to). */
  open: readonly Instant[];
  kind: 'open' | 'closed-weekday' | 'public-holiday' | 'closure';
};

const MAX_CACHED_DAYS = 50_000; // ~137 years; a long-running server never grows beyond this

export class BusinessCalendar {
  readonly config: SlaCalendarConfigParsed;
  /** Opening minutes per ISO weekday (index 1 = Monday), as sorted [from, to] pairs. */
  private readonly weekly: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  private readonly recurringClosures: ReadonlySet<string>;
  private readonly closureDays: ReadonlySet<string>;
  private readonly days = new Map<DayNumber, CalendarDay>();

  constructor(config: SlaCalendarConfigInput) {
    this.config = parseOrThrow(SlaCalendarConfig, config, 'Der Geschäftszeiten-Kalender');
    const hours = this.config.openingHours;
    this.weekly = [[], ...WEEKDAYS.map((d) => hours[d].map((i) => [minutesOfTime(i.from), minutesOfTime(i.to)] as const).sort((a, b) => a[0] - b[0]))];
    this.recurringClosures = new Set(this.config.closures.filter((c) => c.date.length === 5).map((c) => c.date));
    this.closureDays = new Set(this.config.closures.filter((c) => c.date.length === 10).map((c) => c.date));
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  /** The local day with its open intervals as instants (cached). */
  day(day: DayNumber): CalendarDay {
    let info = this.days.get(day);
    if (!info) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      info = this.buildDay(day);
      this.days.set(day, info);
    }
    return info;
  }

  /** The local day an instant falls on. */
  dayOf(instant: Instant): DayNumber {
    // The UTC day is at most one off for any real offset (< ±24 h); settle it with cached midnights.
    let day = Math.floor(instant / 86_400_000);
    while (instant < this.day(day).start) day--;
    while (instant >= this.day(day).end) day++;
    return day;
  }

  isPublicHoliday(day: DayNumber): boolean {
    return isPublicHoliday(this.config.holidayRegion, civilDateOf(day).year, day);
  }

  isClosureDay(day: DayNumber): boolean {
    const iso = formatDay(day);
    return this.closureDays.has(iso) || this.recurringClosures.has(iso.slice(5));
  }

  /** The instant of a local wall-clock time; minutes may be 1440 (24:00 = next midnight). */
  wallTime(day: DayNumber, minutes: number): Instant {
    const d = minutes >= 1440 ? day + 1 : day;
    const m = minutes >= 1440 ? minutes - 1440 : minutes;
    const { year, month, day: dom } = civilDateOf(d);
    // Luxon resolves a wall time that does not exist (spring forward, 02:30) with the offset
    // before the change (→ 03:30 summer time) and an ambiguous one (fall back) with the later offset.
    return DateTime.fromObject({ year, month, day: dom, hour: Math.floor(m / 60), minute: m % 60 }, { zone: this.config.timeZone }).toMillis();
  }

  private buildDay(day: DayNumber): CalendarDay {
    const start = this.wallTime(day, 0);
    const end = this.wallTime(day + 1, 0);
    const intervals = this.weekly[isoWeekdayOf(day)]!;
    const kind = intervals.length === 0 ? 'closed-weekday' : this.isPublicHoliday(day) ? 'public-holiday' : this.isClosureDay(day) ? 'closure' : 'open';
    const open: Instant[] = [];
    if (kind === 'open') {
      for (const [fromMin, toMin] of intervals) {
        // On DST days wall times can collapse (02:00–03:00 in spring) or reorder; keep real time only.
        const from = Math.max(this.wallTime(day, fromMin), open.length ? open[open.length - 1]! : start);
        const to = this.wallTime(day, toMin);
        if (to > from) open.push(from, to);
      }
    }
    return { day, start, end, open, kind: kind === 'open' && open.length === 0 ? 'closed-weekday' : kind };
  }
}

export function createBusinessCalendar(config: SlaCalendarConfigInput): BusinessCalendar {
  return new BusinessCalendar(config);
}
