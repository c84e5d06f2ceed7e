// The period form: last 30 days, 90 days, 12 months, or a free von–bis; applied with a button so
// nothing changes while a keyboard user moves through the options.
import { useState, type FormEvent } from 'react';
import { Button } from '../../../web/ui/Button.tsx';
import { dayLabel } from './format.ts';
import { FREE, PRESETS, type PeriodChoice } from './period.ts';
import type { Range } from './types.ts';

export function PeriodPicker({ choice, range, onChange }: { choice: PeriodChoice; range: Range; onChange: (c: PeriodChoice) => void }) {
  const [kind, setKind] = useState(choice.kind);
  const [von, setVon] = useState(choice.von || range.from);
  const [bis, setBis] = useState(choice.bis || range.to);
  const [error, setError] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === FREE && (!von || !bis)) return setError('Bitte „Von“ und „Bis“ angeben.');
    if (kind === FREE && von > bis) return setError('„Von“ muss vor „Bis“ liegen.');
    setError('');
    onChange({ kind, von, bis });
  };
  return (
    <form className="ana-period" onSubmit={submit} aria-labelledby="zeitraum-titel" noValidate>
      <h2 id="zeitraum-titel">Zeitraum</h2>
      <p className="hint" id="zeitraum-hinweis">
        Zahlen vom {dayLabel(range.from)} bis {dayLabel(range.to)}.
      </p>
      <div className="ana-period-fields">
        <p>
          <label htmlFor="zeitraum-art">Zeitraum wählen</label>
          <select id="zeitraum-art" value={kind} onChange={(e) => setKind(e.target.value)} aria-describedby="zeitraum-hinweis">
            {PRESETS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            <option value={FREE}>Frei wählen (von–bis)</option>
          </select>
        </p>
        {kind === FREE && (
          <>
            <p>
              <label htmlFor="zeitraum-von">Von</label>
              <input id="zeitraum-von" type="date" value={von} onChange={(e) => setVon(e.target.value)} aria-invalid={error ? true : undefined} />
            </p>
            <p>
              <label htmlFor="zeitraum-bis">Bis</label>
              <input id="zeitraum-bis" type="date" value={bis} onChange={(e) => setBis(e.target.value)} aria-invalid={error ? true : undefined} />
            </p>
          </>
        )}
        <p>
          <Button type="submit" variant="secondary">Anzeigen</Button>
        </p>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
