// A row of select filters applied with a button (no surprise page changes while a keyboard or
// screen reader user moves through the options).
import { useId, type FormEvent } from 'react';
import { Button } from './Button.tsx';
import type { Option } from './Field.tsx';

export type Filter = { name: string; label: string; options: Option[]; value: string };

export function Filters({ filters, onApply, label = 'Filter' }: { filters: Filter[]; onApply: (values: Record<string, string>) => void; label?: string }) {
  const id = useId();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    onApply(Object.fromEntries(filters.map((f) => [f.name, String(d.get(f.name) ?? '')])));
  }
  return (
    <form className="filters" role="search" aria-label={label} onSubmit={submit}>
      {filters.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
          {/* key: a changed URL (back button) resets the uncontrolled select */}
          <select id={`${id}-${f.name}`} name={f.name} defaultValue={f.value} key={f.value}>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <Button type="submit" variant="secondary">
        Anzeigen
      </Button>
    </form>
  );
}
