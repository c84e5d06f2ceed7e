// Bulk assignment for the rows ticked in the inbox: department, person and/or priority, applied to
// all of them at once (POST …/requests/assign, all or none). Empty choices stay unchanged.
import { api, ApiError } from '../../../../web/api.ts';
import { Form } from '../../../../web/ui/Form.tsx';
import { Field, SelectField, type Option } from '../../../../web/ui/Field.tsx';
import { PRIORITY_LABELS } from './labels.ts';

type Props = { tenant: string; selected: string[]; departments: Option[]; onDone: () => void };

const unchanged = { value: '', label: '– nicht ändern –' };
const PRIORITIES: Option[] = [unchanged, ...Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label }))];

function refuse(title: string, detail: string): never {
  throw new ApiError({ title, status: 0, detail });
}

export function BulkAssign({ tenant, selected, departments, onDone }: Props) {
  async function send(d: FormData): Promise<string> {
    if (!selected.length) refuse('Keine Anliegen ausgewählt', 'Bitte wählen Sie in der Tabelle mindestens ein Anliegen aus.');
    const department = String(d.get('department') ?? '');
    const assignee = String(d.get('assignee') ?? '').trim();
    const priority = String(d.get('priority') ?? '');
    if (!department && !assignee && !priority) refuse('Nichts zu ändern', 'Bitte wählen Sie eine Abteilung, eine Person oder eine Priorität.');
    const body = { numbers: selected, ...(department && { department }), ...(assignee && { assignee }), ...(priority && { priority: Number(priority) }) };
    const r = await api<{ updated: number }>('POST', `/api/v1/tenants/${encodeURIComponent(tenant)}/requests/assign`, body);
    onDone();
    const what = [department && `Abteilung ${departments.find((o) => o.value === department)?.label ?? department}`, assignee, priority && `Priorität ${PRIORITY_LABELS[Number(priority)]}`].filter(Boolean).join(', ');
    return `${r.updated === 1 ? 'Ein Anliegen' : `${r.updated} Anliegen`} zugewiesen: ${what}.`;
  }
  return (
    <section className="panel bulk-assign" aria-labelledby="sammelzuweisung">
      <h2 id="sammelzuweisung">Ausgewählte zuweisen</h2>
      <p aria-live="polite" className="bulk-count">
        {selected.length === 0 ? 'Keine Anliegen ausgewählt.' : selected.length === 1 ? '1 Anliegen ausgewählt.' : `${selected.length} Anliegen ausgewählt.`}
      </p>
      <Form id="sammel" submitLabel="Zuweisen" busyLabel="Wird zugewiesen …" onSubmit={send} className="bulk-form">
        <SelectField name="department" label="Abteilung" optional options={[unchanged, ...departments]} />
        <Field name="assignee" label="Bearbeitung (E-Mail-Adresse)" type="email" optional autoComplete="off" />
        <SelectField name="priority" label="Priorität" optional options={PRIORITIES} />
      </Form>
    </section>
  );
}
