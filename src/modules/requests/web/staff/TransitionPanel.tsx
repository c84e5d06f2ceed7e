// State change: one button per allowed next state, with an optional public note that the reporter
// sees (tracking page, e-mail, Open311 status_notes). Its own small form because the buttons are
// the choice: ui/Form has a single submit button. A refusal (409 when the case moved on meanwhile,
// 400 for a bad note) is shown at the field it names, with aria-invalid and aria-describedby.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type Problem } from '../../../../web/api.ts';
import { Alert } from '../../../../web/ui/Alert.tsx';
import { Button } from '../../../../web/ui/Button.tsx';
import { STATE_LABELS } from './labels.ts';
import type { State } from './types.ts';

type Props = { number: string; nextStates: State[]; onDone: (message: string) => void; onRefused: () => void };

/** The server names allowed states by key ("erlaubt: in_progress, closed"); staff read labels. */
const inWords = (message: string) => message.replace(/\b[a-z_]+\b/g, (w) => (w in STATE_LABELS ? `„${STATE_LABELS[w as State]}“` : w));

export function TransitionPanel({ number, nextStates, onDone, onRefused }: Props) {
  const id = useId();
  const [busy, setBusy] = useState<State | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const to = submitter?.value as State | undefined;
    if (!to) return;
    const form = e.currentTarget;
    const note = String(new FormData(form).get('public_note') ?? '').trim();
    setBusy(to);
    try {
      await api('POST', `/api/v1/requests/${encodeURIComponent(number)}/transitions`, { to, ...(note && { public_note: note }) });
      setProblem(undefined);
      setErrors({});
      form.reset();
      onDone(`Status geändert: ${STATE_LABELS[to]}${note ? ', mit Nachricht an die meldende Person' : ''}.`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { title: 'Fehler', status: 0, detail: errorMessage(err) });
      setErrors(err instanceof ApiError ? err.fieldErrors() : {});
      // A 409 means the case moved on meanwhile (another clerk): show its current state and moves.
      if (err instanceof ApiError && err.status === 409) onRefused();
      setTimeout(() => summary.current?.focus());
    } finally {
      setBusy(undefined);
    }
  }

  if (!nextStates.length) return <p>Von diesem Status aus gibt es keinen weiteren Schritt.</p>;
  const noteError = errors.public_note;
  const toError = errors.to;
  return (
    <form className="form transition-form" noValidate onSubmit={submit} aria-labelledby={`${id}-titel`}>
      <h3 id={`${id}-titel`}>Status ändern</h3>
      {problem && (
        <Alert ref={summary} kind="error" focusable title="Der Status wurde nicht geändert">
          <p>{toError ? `${problem.detail ?? problem.title}. Die Seite zeigt jetzt den aktuellen Stand.` : noteError ? `Öffentliche Nachricht: ${noteError}` : (problem.detail ?? problem.title)}</p>
        </Alert>
      )}
      <div className={`field${noteError ? ' field-error' : ''}`}>
        <label htmlFor={`${id}-notiz`}>
          Öffentliche Nachricht zur Statusänderung<span className="optional"> (optional)</span>
        </label>
        <p className="hint" id={`${id}-notiz-hinweis`}>Sieht die meldende Person auf der Verfolgungsseite und per E-Mail.</p>
        {noteError && (
          <p className="error" id={`${id}-notiz-fehler`}>
            <span className="visually-hidden">Fehler: </span>
            {noteError}
          </p>
        )}
        <textarea id={`${id}-notiz`} name="public_note" rows={3} aria-invalid={noteError ? true : undefined}
          aria-describedby={[`${id}-notiz-hinweis`, noteError ? `${id}-notiz-fehler` : ''].filter(Boolean).join(' ')} />
      </div>
      <fieldset className={`field state-buttons${toError ? ' field-error' : ''}`} aria-describedby={toError ? `${id}-ziel-fehler` : undefined}>
        <legend>Neuer Status</legend>
        {toError && (
          <p className="error" id={`${id}-ziel-fehler`}>
            <span className="visually-hidden">Fehler: </span>
            {inWords(toError)}
          </p>
        )}
        {nextStates.map((s) => (
          <Button key={s} type="submit" name="to" value={s} variant="secondary" busy={busy === s} disabled={!!busy}>
            {STATE_LABELS[s]}
          </Button>
        ))}
      </fieldset>
    </form>
  );
}
