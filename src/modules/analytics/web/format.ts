// Numbers, periods and codes of the analytics in German: "1.234", "45,6 %", "KW 48/2026",
// "Online-Ausweis (eID)". A dash stands where there is no figure (a rate of nothing is not 0 %).
const int = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const fmtInt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : int.format(n));
export const fmtPct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${dec1.format(n)} %`);
export const fmtDec1 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : dec1.format(n));
export const fmtDec2 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : dec2.format(n));

export const AUTH_LABEL: Record<string, string> = {
  eid: 'Online-Ausweis (eID)',
  bundid_password: 'BundID Benutzername/Passwort',
  elster_certificate: 'ELSTER-Zertifikat',
  eu_eid: 'EU-eID',
  company_account: 'Unternehmenskonto',
  videoident: 'VideoIdent',
  none: 'ohne Anmeldung',
  other: 'sonstiges Verfahren',
};
export const PAYMENT_LABEL: Record<string, string> = {
  card: 'Kreditkarte',
  paypal: 'PayPal',
  sepa_direct_debit: 'SEPA-Lastschrift',
  invoice: 'Rechnung/Überweisung',
  other: 'sonstige Zahlart',
};
export const OUTCOME_LABEL: Record<string, string> = { success: 'erfolgreich', failure: 'fehlgeschlagen', abort: 'abgebrochen' };
export const ERROR_LABEL: Record<string, string> = {
  validation: 'Eingabeprüfung',
  technical: 'Technischer Fehler',
  timeout: 'Zeitüberschreitung',
  upload: 'Hochladen von Dateien',
  payment: 'Bezahlung',
  other: 'Sonstige',
};
export const DURATION_LABEL: Record<string, string> = {
  '<1m': 'unter 1 Minute',
  '1-5m': '1 bis 5 Minuten',
  '5-15m': '5 bis 15 Minuten',
  '15-60m': '15 bis 60 Minuten',
  '>60m': 'über 60 Minuten',
};
const DEVICE_LABEL: Record<string, string> = { desktop: 'Desktop', mobile: 'Smartphone', tablet: 'Tablet', other: 'sonstiges Gerät' };
const CHANNEL_LABEL: Record<string, string> = { web: 'Web', app: 'App', kiosk: 'Kiosk', other: 'sonstiger Kanal' };

/** A counter's dimension in words: "eid:failure" → "Online-Ausweis (eID): fehlgeschlagen". */
export function dimensionLabel(metric: string, dimension: string): string {
  if (!dimension) return 'ohne Merkmal';
  if (metric.endsWith('.device')) return DEVICE_LABEL[dimension] ?? dimension;
  if (metric.endsWith('.channel')) return CHANNEL_LABEL[dimension] ?? dimension;
  const [code = '', outcome] = dimension.split(':');
  if (metric === 'auth' || metric === 'payment') {
    const name = (metric === 'auth' ? AUTH_LABEL : PAYMENT_LABEL)[code] ?? code;
    return outcome ? `${name}: ${OUTCOME_LABEL[outcome] ?? outcome}` : name;
  }
  if (metric === 'error') return ERROR_LABEL[dimension] ?? dimension;
  if (metric === 'duration') return DURATION_LABEL[dimension] ?? dimension;
  if (metric === 'step') return `Schritt ${dimension}`;
  if (metric === 'rating') return dimension === '1' ? '1 Stern' : `${dimension} Sterne`;
  return dimension;
}

const monthName = new Intl.DateTimeFormat('de-DE', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayName = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });

/** A period label of the series: "2026-11-23" → "23.11.2026", "2026-W48" → "KW 48/2026",
 *  "2026-11" → "Nov. 2026", "2026" stays. */
export function periodLabel(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return `KW ${Number(week[2])}/${week[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return dayName.format(new Date(`${period}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(period)) return monthName.format(new Date(`${period}-01T00:00:00Z`));
  return period;
}

/** "2026-11-23" → "23.11.2026". */
export const dayLabel = (day: string) => periodLabel(day);

/** The name of a service, or its key while it has none. */
export const serviceLabel = (s: { name: string | null; service_key: string }) => s.name ?? `Dienst ${s.service_key}`;

/** The change of a figure against the period before, in words and with an arrow. */
export function changeOf(now: number | null, before: number | null | undefined): { arrow: string; words: string; delta: number | null } {
  if (now === null || before === null || before === undefined) return { arrow: '', words: 'kein Vergleich', delta: null };
  const delta = now - before;
  if (delta === 0) return { arrow: '→', words: 'gleich', delta };
  return delta > 0 ? { arrow: '▲', words: 'gestiegen', delta } : { arrow: '▼', words: 'gesunken', delta };
}
