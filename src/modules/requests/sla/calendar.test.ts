import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BusinessCalendar } from './calendar.ts';
import { civilDateOf, dayNumberOf, isoWeekdayOf, parseDay } from './civil-date.ts';
import { SlaCalendarConfig } from './contract.ts';
import { SlaConfigError } from './errors.ts';
import { publicHolidays } from './holidays.ts';
import { berlin, local, office, officeWithClosures, OFFICE } from './test-helpers.ts';

describe('holidays (feiertagejs, Hessen)', () => {
  it('Hessen has its ten statutory holidays in 2025, Corpus Christi included', () => {
    const days = publicHolidays('HE', 2025).map((h) => h.date);
    assert.deepEqual(days, ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-06-19', '2025-10-03', '2025-12-25', '2025-12-26']);
  });
  it('the calendar marks the day kinds', () => {
    const cal = officeWithClosures();
    const kind = (y: number, m: number, d: number) => cal.day(dayNumberOf(y, m, d)).kind;
    assert.equal(kind(2025, 4, 18), 'public-holiday');
    assert.equal(kind(2025, 12, 24), 'closure');
    assert.equal(kind(2025, 12, 27), 'closed-weekday');
    assert.equal(kind(2025, 12, 29), 'open');
    assert.equal(kind(2025, 11, 1), 'closed-weekday'); // All Saints is no holiday in Hessen (and a Saturday)
  });
  it('one-off closure days count only in their year', () => {
    const cal = new BusinessCalendar({ ...OFFICE, closures: [{ date: '2025-05-30', label: 'Brückentag' }] });
    assert.equal(cal.day(dayNumberOf(2025, 5, 30)).kind, 'closure');
    assert.equal(cal.day(dayNumberOf(2026, 5, 29)).kind, 'open');
  });
});

describe('calendar days and instants', () => {
  it('dayOf uses the local day around midnight and DST', () => {
    const cal = office();
    for (const t of ['2025-03-30 00:00', '2025-03-30 23:59', '2025-10-26 00:00', '2025-10-26 23:59', '2025-06-01 00:00']) {
      const day = cal.dayOf(berlin(t));
      const { year, month, day: dom } = civilDateOf(day);
      assert.equal(`${year}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`, t.slice(0, 10), t);
    }
  });
  it('office intervals are the right instants in winter and summer', () => {
    const cal = office();
    const thu = cal.day(dayNumberOf(2025, 4, 17));
    assert.deepEqual(thu.open.map(local), ['Thu 2025-04-17 08:00', 'Thu 2025-04-17 18:00']);
    assert.equal(local(cal.day(dayNumberOf(2025, 1, 10)).open[1]!), 'Fri 2025-01-10 12:00');
  });
  it('civil dates round-trip and know their weekday', () => {
    for (let d = dayNumberOf(1999, 12, 25); d < dayNumberOf(2031, 1, 5); d += 37) assert.equal(dayNumberOf(...(Object.values(civilDateOf(d)) as [number, number, number])), d);
    assert.equal(isoWeekdayOf(dayNumberOf(2025, 4, 17)), 4);
    assert.equal(isoWeekdayOf(dayNumberOf(1970, 1, 1)), 4);
    assert.equal(parseDay('2025-02-29'), undefined);
  });
});

describe('calendar configuration (zod, German messages)', () => {
  const messages = (input: unknown) => {
    const r = SlaCalendarConfig.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('accepts the office calendar and fills defaults (Europe/Berlin, HE, no closures)', () => {
    const parsed = SlaCalendarConfig.parse({ openingHours: OFFICE.openingHours });
    assert.equal(parsed.timeZone, 'Europe/Berlin');
    assert.equal(parsed.holidayRegion, 'HE');
    assert.deepEqual(parsed.closures, []);
    assert.deepEqual(parsed.openingHours.sat, []);
  });
  it('lists every problem with a clear message', () => {
    const m = messages({
      timeZone: 'Europe/Frankfurt',
      holidayRegion: 'XX',
      openingHours: { mon: [{ from: '16:00', to: '08:00' }], tue: [{ from: '8:00', to: '12:00' }], wed: [{ from: '08:00', to: '12:00' }, { from: '11:00', to: '14:00' }], fri: [{ from: '08:00', to: '24:30' }] },
      closures: [{ date: '2025-02-30' }, { date: '13-01' }],
    });
    const expect = ['timeZone: unbekannte Zeitzone', 'holidayRegion: Bundesland-Kürzel', 'openingHours.mon.0: Der Beginn muss vor dem Ende', 'openingHours.tue.0.from: Uhrzeit im Format HH:MM',
      'openingHours.wed: Zeitfenster überschneiden sich: 08:00–12:00 und 11:00–14:00', 'openingHours.fri.0.to: Uhrzeit', 'closures.0.date: Datum als JJJJ-MM-TT', 'closures.1.date: Datum als'];
    for (const e of expect) assert.ok(m.some((x) => x.startsWith(e)), `${e}\n in ${m.join('\n')}`);
  });
  it('an empty week is rejected, also through the BusinessCalendar constructor', () => {
    assert.ok(messages({ openingHours: {} }).some((m) => m.includes('keine Öffnungszeiten')));
    assert.throws(() => new BusinessCalendar({ openingHours: { sun: [] } }), (e: unknown) => e instanceof SlaConfigError && e.issues.some((i) => i.message.includes('keine Öffnungszeiten')));
  });
  it('rejects unknown fields (typos do not pass silently)', () => {
    assert.deepEqual(messages({ openingHours: { monday: [{ from: '08:00', to: '12:00' }], mon: [{ from: '08:00', to: '12:00' }] } }), ['openingHours: unbekannte Felder: monday']);
    assert.deepEqual(messages('Mo–Fr 8–16'), [': Kalender {timeZone, holidayRegion, openingHours, closures} erwartet']);
  });
});
