// The period of the figures: the last 12 months unless "von"/"bis" are in the URL (days in
// Berlin, "bis" inclusive), so a chosen period can be bookmarked and shared.
import { useState, type FormEvent } from 'react';
import { useSearchState } from '../../../../web/useSearchState.ts';
import { formatDate } from '../../../../web/format.ts';
import { Button } from '../../../../web/ui/Button.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });

/** Midnight in Berlin at the start of a day, as ISO 8601 with its offset (+01:00 or +02:00). */
export function berlinMidnight(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const offset = offsetFormat.formatToParts(noon).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
  return `${day}T00:00:00${offset}`;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The API's from/to for the URL's period; both undefined means the API's default. */
export function usePeriod() {
  const { get, update } = useSearchState();
  const von = DAY.test(get('von')) ? get('von') : '';
  const bis = DAY.test(get('bis')) ? get('bis') : '';
  const api = { from: von ? berlinMidnight(von) : undefined, to: bis ? berlinMidnight(nextDay(bis)) : undefined };
  return { von, bis, api, set: (v: string, b: string) => update({ von: v, bis: b }) };
}

export function PeriodForm({ von, bis, shown, onChange }: { von: string; bis: string; shown: { from: string; to: string } | undefined; onChange: (von: string, bis: string) => void }) {
  const [from, setFrom] = useState(von);
  const [to, setTo] = useState(bis);
  const [error, setError] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to && from > to) return setError('„Von“ muss vor „Bis“ liegen.');
    setError('');
    onChange(from, to);
  };
  const reset = () => {
    setFrom('');
    setTo('');
    setError('');
    onChange('', '');
  };
  return (
    <form className="promise-period" onSubmit={submit} aria-labelledby="zeitraum-titel" noValidate>
      <h2 id="zeitraum-titel" className="promise-period-title">Zeitraum</h2>
      <p className="hint" id="zeitraum-hinweis">
        {shown ? `Anliegen, die vom ${formatDate(shown.from)} bis ${formatDate(new Date(Date.parse(shown.to) - 1).toISOString())} eingegangen sind.` : ' '}
        {!von && !bis && ' Ohne Auswahl: die letzten 12 Monate.'}
      </p>
      <div className="promise-period-fields">
        <p>
          <label htmlFor="zeitraum-von">Von</label>
          <input id="zeitraum-von" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="zeitraum-hinweis" aria-invalid={error ? true : undefined} />
        </p>
        <p>
          <label htmlFor="zeitraum-bis">Bis</label>
          <input id="zeitraum-bis" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="zeitraum-hinweis" />
        </p>
        <p className="promise-period-actions">
          <Button type="submit">Anzeigen</Button>{' '}
          {(von || bis) && <Button variant="secondary" onClick={reset}>Letzte 12 Monate</Button>}
        </p>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
