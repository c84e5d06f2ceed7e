// Who handles the case: department, person (by e-mail; they must work for the municipality) and
// priority. Empty department or person removes the assignment. The server checks both and names
// the field it refuses.
import { api } from '../../../../web/api.ts';
import { Form } from '../../../../web/ui/Form.tsx';
import { Field, SelectField, type Option } from '../../../../web/ui/Field.tsx';
import { PRIORITY_LABELS } from './labels.ts';
import type { Case } from './types.ts';

const PRIORITIES: Option[] = Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label }));

export function AssignForm({ c, departments, onDone }: { c: Case; departments: Option[]; onDone: () => void }) {
  async function send(d: FormData): Promise<string> {
    const department = String(d.get('department') ?? '') || null;
    const assignee = String(d.get('assignee') ?? '').trim() || null;
    await api('POST', `/api/v1/requests/${encodeURIComponent(c.number)}/assign`, { department, assignee, priority: Number(d.get('priority')) });
    onDone();
    return 'Zuweisung gespeichert.';
  }
  // key: after a change elsewhere (bulk assignment, reload) and once the departments have loaded
  // (an uncontrolled select keeps its first value), the inputs show the stored values.
  return (
    <Form key={`${c.department}|${c.assignee}|${c.priority}|${departments.length}`} id="zuweisung" submitLabel="Zuweisung speichern" busyLabel="Wird gespeichert …" onSubmit={send} resetOnSuccess={false} aria-labelledby="zuweisung-titel">
      <h3 id="zuweisung-titel">Zuweisung</h3>
      <SelectField name="department" label="Abteilung" optional options={[{ value: '', label: '– keine –' }, ...departments]} defaultValue={c.department ?? ''} />
      <Field name="assignee" label="Bearbeitung (E-Mail-Adresse)" type="email" optional defaultValue={c.assignee ?? ''} autoComplete="off" hint="Leer lassen: niemand persönlich zuständig." />
      <SelectField name="priority" label="Priorität" options={PRIORITIES} defaultValue={String(c.priority)} />
    </Form>
  );
}
