// Labelled inputs for <Form>. Each shows its hint and the server's error for its name.
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useFormField } from './Form.tsx';

type Common = { name: string; label: string; hint?: ReactNode; optional?: boolean };

function describedBy(hint: unknown, hintId: string, error: unknown, errorId: string): string | undefined {
  return [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
}

function LabelText({ label, optional }: { label: string; optional?: boolean }) {
  return (
    <>
      {label}
      {optional && <span className="optional"> (optional)</span>}
    </>
  );
}

/** The hint and the server's error under a label; their ids are what aria-describedby names. */
function HintAndError({ hint, hintId, error, errorId }: { hint?: ReactNode; hintId: string; error?: string; errorId: string }) {
  return (
    <>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={errorId}>
          <span className="visually-hidden">Fehler: </span>
          {error}
        </p>
      )}
    </>
  );
}

/** Label, hint and error around one input or select, and the ARIA attributes for the control. */
function useLabelledControl(name: string, label: string, hint: ReactNode, optional: boolean | undefined) {
  const f = useFormField(name, label);
  const control = {
    id: f.id,
    name,
    required: !optional,
    'aria-invalid': f.error ? true : undefined,
    'aria-describedby': describedBy(hint, f.hintId, f.error, f.errorId),
  };
  const frame = (children: ReactNode) => (
    <div className={`field${f.error ? ' field-error' : ''}`}>
      <label htmlFor={f.id}>
        <LabelText label={label} optional={optional} />
      </label>
      <HintAndError hint={hint} hintId={f.hintId} error={f.error} errorId={f.errorId} />
      {children}
    </div>
  );
  return { control, frame };
}

type FieldProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

export function Field({ name, label, hint, optional, type = 'text', ...rest }: FieldProps) {
  const { control, frame } = useLabelledControl(name, label, hint, optional);
  return frame(<input type={type} {...control} {...rest} />);
}

type TextAreaProps = Common & { defaultValue?: string; rows?: number };

export function TextAreaField({ name, label, hint, optional, defaultValue, rows = 5 }: TextAreaProps) {
  const { control, frame } = useLabelledControl(name, label, hint, optional);
  return frame(<textarea {...control} defaultValue={defaultValue} rows={rows} />);
}

export type Option = { value: string; label: string };

type SelectProps = Common & { options: Option[]; defaultValue?: string; onChange?: (value: string) => void };

export function SelectField({ name, label, hint, optional, options, defaultValue, onChange }: SelectProps) {
  const { control, frame } = useLabelledControl(name, label, hint, optional);
  return frame(
    <select {...control} defaultValue={defaultValue} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>,
  );
}

type CheckboxGroupProps = Common & { options: Option[]; defaultValues?: string[] };

/** Several checkboxes sharing one name; FormData.getAll(name) returns the checked values. */
export function CheckboxGroup({ name, label, hint, options, defaultValues = [] }: CheckboxGroupProps) {
  const { id, errorId, hintId, error } = useFormField(name, label);
  return (
    <fieldset id={id} className={`field${error ? ' field-error' : ''}`} aria-describedby={describedBy(hint, hintId, error, errorId)}>
      <legend>{label}</legend>
      <HintAndError hint={hint} hintId={hintId} error={error} errorId={errorId} />
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type="checkbox"
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValues.includes(o.value)}
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
