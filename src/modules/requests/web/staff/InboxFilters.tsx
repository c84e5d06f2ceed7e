// The inbox filters: municipality, state (with "offen"), department, service and person. Applied
// with a button like the app's other filters (ui/Filters.tsx), which has selects only; the person
// is an e-mail input here because readers may not list a municipality's users.
import { useId, type FormEvent } from 'react';
import { Button } from '../../../../web/ui/Button.tsx';
import type { Option } from '../../../../web/ui/Field.tsx';

export type InboxFilterValues = { kommune: string; status: string; abteilung: string; dienst: string; bearbeitung: string };

type Props = {
  values: InboxFilterValues;
  tenants: Option[];
  states: Option[];
  departments: Option[];
  services: Option[];
  knownAssignees: Option[];
  onApply: (v: InboxFilterValues) => void;
};

function Select({ id, name, label, options, value }: { id: string; name: string; label: string; options: Option[]; value: string }) {
  return (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {/* key: a changed URL (back button) resets the uncontrolled select */}
      <select id={`${id}-${name}`} name={name} defaultValue={value} key={value}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function InboxFilters({ values, tenants, states, departments, services, knownAssignees, onApply }: Props) {
  const id = useId();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const get = (k: keyof InboxFilterValues) => String(d.get(k) ?? '').trim();
    onApply({ kommune: get('kommune'), status: get('status'), abteilung: get('abteilung'), dienst: get('dienst'), bearbeitung: get('bearbeitung') });
  }
  const all = { value: '', label: 'Alle' };
  return (
    <form className="filters staff-filters" role="search" aria-label="Anliegen filtern" onSubmit={submit}>
      {tenants.length > 1 && <Select id={id} name="kommune" label="Kommune" options={tenants} value={values.kommune} />}
      <Select id={id} name="status" label="Status" options={states} value={values.status} />
      <Select id={id} name="abteilung" label="Abteilung" options={[all, ...departments]} value={values.abteilung} />
      <Select id={id} name="dienst" label="Kategorie" options={[all, ...services]} value={values.dienst} />
      <div className="field">
        <label htmlFor={`${id}-bearbeitung`}>Bearbeitung (E-Mail)</label>
        <input id={`${id}-bearbeitung`} name="bearbeitung" type="email" list={`${id}-personen`} defaultValue={values.bearbeitung} key={values.bearbeitung} autoComplete="off" />
        <datalist id={`${id}-personen`}>
          {knownAssignees.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
      </div>
      <Button type="submit" variant="secondary">
        Anzeigen
      </Button>
    </form>
  );
}
