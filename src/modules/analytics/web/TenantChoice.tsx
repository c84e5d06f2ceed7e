// Which municipality's figures: offered only to users with more than one.
import { useId, type FormEvent } from 'react';
import { Button } from '../../../web/ui/Button.tsx';
import type { Option } from '../../../web/ui/Field.tsx';

export function TenantChoice({ choices, tenant, onChange }: { choices: Option[]; tenant: string; onChange: (slug: string) => void }) {
  const id = useId();
  if (choices.length < 2) return null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onChange(String(new FormData(e.currentTarget).get('kommune') ?? ''));
  };
  return (
    <form className="ana-tenant filters" aria-label="Kommune wählen" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Kommune</label>
        <select id={id} name="kommune" defaultValue={tenant} key={tenant}>
          {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </div>
      <Button type="submit" variant="secondary">Wechseln</Button>
    </form>
  );
}
