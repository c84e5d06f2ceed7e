// A note on the case: internal (staff only, the default) or a public message to the reporter. The
// two look and read differently — the choice comes first, the box, hint and button name change
// with it — so nobody sends an internal remark to a citizen by mistake.
import { useId, useState } from 'react';
import { api } from '../../../../web/api.ts';
import { Form } from '../../../../web/ui/Form.tsx';
import { TextAreaField } from '../../../../web/ui/Field.tsx';

export function NoteForm({ number, onDone }: { number: string; onDone: () => void }) {
  const id = useId();
  const [isPublic, setPublic] = useState(false);
  async function send(d: FormData): Promise<string> {
    await api('POST', `/api/v1/requests/${encodeURIComponent(number)}/notes`, { text: String(d.get('text') ?? ''), public: isPublic });
    onDone();
    const message = isPublic ? 'Nachricht an die meldende Person gesendet.' : 'Interne Notiz gespeichert.';
    setPublic(false); // back to the safe default after each note
    return message;
  }
  return (
    <section className={`note-box ${isPublic ? 'note-public' : 'note-internal'}`} aria-labelledby={`${id}-titel`}>
      <h3 id={`${id}-titel`}>Notiz oder Nachricht</h3>
      <fieldset className="field note-kind">
        <legend>Art</legend>
        <div className="checkbox">
          <input type="radio" id={`${id}-intern`} name={`${id}-art`} checked={!isPublic} onChange={() => setPublic(false)} />
          <label htmlFor={`${id}-intern`}>Interne Notiz – nur für die Verwaltung</label>
        </div>
        <div className="checkbox">
          <input type="radio" id={`${id}-oeffentlich`} name={`${id}-art`} checked={isPublic} onChange={() => setPublic(true)} />
          <label htmlFor={`${id}-oeffentlich`}>Öffentliche Nachricht an die meldende Person</label>
        </div>
      </fieldset>
      <Form id="notiz" submitLabel={isPublic ? 'Nachricht senden' : 'Interne Notiz speichern'} busyLabel="Wird gespeichert …" onSubmit={send}>
        <TextAreaField
          name="text"
          label={isPublic ? 'Nachricht an die meldende Person' : 'Interne Notiz'}
          hint={isPublic ? 'Öffentlich: erscheint auf der Verfolgungsseite, per E-Mail (falls gewünscht) und in Open311.' : 'Intern: sehen nur Beschäftigte der Kommune.'}
          rows={4}
        />
      </Form>
    </section>
  );
}
