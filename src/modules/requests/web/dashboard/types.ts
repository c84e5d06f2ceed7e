// The public Serviceversprechen figures as GET /api/v1/requests/service-promises returns them,
// and how the dashboard names and formats them in German.
export type OnTimeRow = { tenant: string; clock: string; kept: number; missed: number; rate: number | null };
export type ResolutionRow = { tenant: string; service_code: string; service_name: string; resolved: number; median_hours: number; p90_hours: number };
export type VolumeRow = { tenant: string; month: string; received: number; resolved: number };
export type Promises = {
  period: { from: string; to: string };
  tenants: { slug: string; name: string }[];
  on_time: OnTimeRow[];
  resolution: ResolutionRow[];
  volume: VolumeRow[];
};

/** Which figures: one municipality or a cooperation (its cities side by side). */
export type PromiseScope = { kind: 'tenant' | 'cooperation'; slug: string };

/** The targets of an SLA policy in the order a request meets them. */
export const CLOCKS = ['firstResponse', 'maxSilence', 'resolution', 'legal'] as const;
export const CLOCK_LABEL: Record<string, string> = {
  firstResponse: 'Erste Reaktion',
  maxSilence: 'Rückmeldung',
  resolution: 'Erledigung',
  legal: 'Gesetzliche Frist',
};
export const clockLabel = (clock: string) => CLOCK_LABEL[clock] ?? clock;
export const clockRank = (clock: string) => {
  const i = (CLOCKS as readonly string[]).indexOf(clock);
  return i < 0 ? CLOCKS.length : i;
};

const oneDecimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** "92,3 %", or a dash where no deadline fell due (a rate of nothing is not 0 %). */
export const formatRate = (rate: number | null) => (rate === null ? '–' : `${oneDecimal.format(rate)} %`);
export const formatHours = (hours: number) => oneDecimal.format(hours);

const monthName = new Intl.DateTimeFormat('de-DE', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "2026-03" → "März 2026" (the API's months are already Berlin months). */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return monthName.format(new Date(Date.UTC(y!, m! - 1, 1)));
}

const berlinMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' });
/** Every Berlin month of the period, so months without requests show as 0 rather than vanish. */
export function monthsOf(period: { from: string; to: string }): string[] {
  const key = (iso: string) => berlinMonth.format(new Date(iso)).slice(0, 7);
  const last = key(new Date(new Date(period.to).getTime() - 1).toISOString());
  const out: string[] = [];
  let [y, m] = key(period.from).split('-').map(Number) as [number, number];
  for (let k = `${y}-${String(m).padStart(2, '0')}`; k <= last && out.length < 240; ) {
    out.push(k);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
    k = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

/** Query string of the API for a scope and an optional period. */
export function promiseQuery(scope: PromiseScope, period: { from?: string; to?: string }): string {
  const q = new URLSearchParams({ [scope.kind]: scope.slug });
  if (period.from) q.set('from', period.from);
  if (period.to) q.set('to', period.to);
  return q.toString();
}
