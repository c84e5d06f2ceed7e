// For editors of a member city: attach one of their datastore resources to a common schema. The
// server checks the table against the schema; the status and report appear in the list above.
import { api } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { numberDe } from '../../../web/format.ts';
import { Form } from '../../../web/ui/Form.tsx';
import { SelectField } from '../../../web/ui/Field.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import type { Attachable, Attachment } from './schema-types.ts';

type Props = { base: string; attachedCount: number; onAttached: () => void };

export function AttachPanel({ base, attachedCount, onAttached }: Props) {
  // Reloaded whenever the list of attachments changes (attach or detach elsewhere on the page).
  const res = useApi<{ items: Attachable[] }>(`${base}/attachable?n=${attachedCount}`);
  async function attach(d: FormData): Promise<string> {
    const a = await api<Attachment>('POST', `${base}/resources`, { resource_id: String(d.get('resource_id') ?? '') });
    onAttached();
    return `„${a.resource_name}“ (${a.kommune}) angehängt.${a.status === 'pending' ? ' Die Prüfung läuft; das Ergebnis erscheint oben.' : ''}`;
  }
  return (
    <section aria-labelledby="schema-anhaengen" className="panel">
      <h2 id="schema-anhaengen">Eigene Ressource anhängen</h2>
      <Loaded resource={res} loading="Ressourcen werden geladen …" errorTitle="Die Ressourcen konnten nicht geladen werden.">
        {({ items }) => {
          const free = items.filter((x) => !x.attached);
          if (free.length === 0) return <p>Ihre Kommune hat keine weitere Ressource mit Datastore-Tabelle. Laden Sie zuerst Daten in den Datastore.</p>;
          return (
            <Form id="anhaengen" submitLabel="Anhängen und prüfen" busyLabel="Wird angehängt …" onSubmit={attach}>
              <SelectField
                name="resource_id"
                label="Ressource"
                hint="Ressourcen Ihrer Kommune mit Datastore-Tabelle. Die Tabelle wird gegen das Schema geprüft; nur passende öffentliche Ressourcen erscheinen in den gemeinsamen Daten."
                options={free.map((x) => ({ value: x.resource_id, label: `${x.kommune}: ${x.dataset_title} – ${x.resource_name} (${numberDe.format(x.row_count)} Zeilen)` }))}
              />
            </Form>
          );
        }}
      </Loaded>
    </section>
  );
}
