// A labelled group of radio buttons inside a <Form>, showing the server's error for its name.
import { useFormField } from '../../../web/ui/Form.tsx';
import type { Option } from '../../../web/ui/Field.tsx';

type Props = { name: string; label: string; options: Option[]; defaultValue?: string; value?: string; onChange?: (v: string) => void };

export function RadioChoice({ name, label, options, defaultValue, value, onChange }: Props) {
  const { id, errorId, error } = useFormField(name, label);
  return (
    <fieldset id={id} className={`field${error ? ' field-error' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>{label}</legend>
      {error && <p className="error" id={errorId}><span className="visually-hidden">Fehler: </span>{error}</p>}
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type="radio" id={`${id}-${o.value}`} name={name} value={o.value}
            {...(value !== undefined ? { checked: value === o.value, onChange: () => onChange?.(o.value) } : { defaultChecked: defaultValue === o.value })}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
