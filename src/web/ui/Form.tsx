// Forms that talk to the API. The server validates; its problem+json issues appear next to each
// field (aria-invalid, aria-describedby) and in a summary that receives focus, so nobody has to
// hunt for what went wrong. Native browser validation is off (noValidate) to keep one voice.
import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage, type Problem } from '../api.ts';
import { Alert } from './Alert.tsx';
import { Button } from './Button.tsx';

type FormCtx = { idPrefix: string; errors: Record<string, string>; labels: Map<string, string> };
const FormContext = createContext<FormCtx>({ idPrefix: 'f', errors: {}, labels: new Map() });

/** Ids and error of one named input inside a <Form>. */
export function useFormField(name: string, label: string) {
  const ctx = useContext(FormContext);
  ctx.labels.set(name, label); // the summary links each issue to its field by label
  const id = `${ctx.idPrefix}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return { id, errorId: `${id}-fehler`, hintId: `${id}-hinweis`, error: ctx.errors[name] };
}

type Props = {
  id: string;
  submitLabel: string;
  busyLabel?: string;
  /** Sends the data; a returned string is shown as success message. */
  onSubmit: (data: FormData) => Promise<string | void>;
  children: ReactNode;
  resetOnSuccess?: boolean;
  secondary?: ReactNode;
  className?: string;
  'aria-labelledby'?: string;
};

export function Form({ id, submitLabel, busyLabel, onSubmit, children, resetOnSuccess = true, secondary, className, ...aria }: Props) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [success, setSuccess] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const labels = useRef(new Map<string, string>()).current;

  async function handle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setSuccess(undefined);
    try {
      const msg = await onSubmit(new FormData(form));
      setErrors({});
      setProblem(undefined);
      if (resetOnSuccess) form.reset();
      if (msg) setSuccess(msg);
    } catch (err) {
      const p: Problem = err instanceof ApiError ? err.problem : { title: 'Fehler', status: 0, detail: errorMessage(err) };
      setErrors(err instanceof ApiError ? err.fieldErrors() : {});
      setProblem(p);
      setFailures((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  // After each failed attempt (once the summary is rendered), move focus to the summary.
  useEffect(() => {
    if (failures > 0) summary.current?.focus();
  }, [failures]);

  const fieldIssues = Object.entries(errors);
  return (
    <FormContext.Provider value={{ idPrefix: id, errors, labels }}>
      <form id={id} className={['form', className].filter(Boolean).join(' ')} noValidate onSubmit={handle} {...aria}>
        {problem && (
          <Alert ref={summary} kind="error" focusable title={fieldIssues.length ? 'Bitte prüfen Sie Ihre Eingaben' : problem.title}>
            {fieldIssues.length ? (
              <ul className="error-list">
                {fieldIssues.map(([name, message]) => (
                  <li key={name}>
                    <SummaryItem idPrefix={id} name={name} label={labels.get(name)} message={message} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>{problem.detail || problem.title}</p>
            )}
          </Alert>
        )}
        {success && <Alert kind="success">{success}</Alert>}
        {children}
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            {busy ? (busyLabel ?? 'Wird gesendet …') : submitLabel}
          </Button>
          {secondary}
        </div>
      </form>
    </FormContext.Provider>
  );
}

function SummaryItem({ idPrefix, name, label, message }: { idPrefix: string; name: string; label?: string; message: string }) {
  if (!label) return <>{message}</>; // an issue about the whole request, not one field
  const target = `${idPrefix}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <a
      href={`#${target}`}
      onClick={(e) => {
        e.preventDefault();
        const el = document.getElementById(target);
        (el?.matches('fieldset') ? el.querySelector('input') : el)?.focus();
      }}
    >
      {label}: {message}
    </a>
  );
}
