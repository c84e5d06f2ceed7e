// The fields of a common schema in the editor: one group of inputs per field (name, type, title,
// description, required/unique, and the constraints its type allows), add and remove fields.
import { Button } from '../../../web/ui/Button.tsx';
import { CheckboxGroup, Field, SelectField, TextAreaField } from '../../../web/ui/Field.tsx';
import { useFormField } from '../../../web/ui/Form.tsx';
import { ENUM_TYPES, newFieldRow, RANGE_TYPES, type FieldRow } from './schema-form.ts';
import { TYPE_DE } from './schema-types.ts';

const TYPES = Object.entries(TYPE_DE).map(([value, label]) => ({ value, label: `${label} (${value})` }));
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

type Props = { rows: FieldRow[]; onChange: (rows: FieldRow[]) => void };

export function SchemaFieldsEditor({ rows, onChange }: Props) {
  const set = (i: number, patch: Partial<FieldRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const all = useFormField('schema.fields', 'Felder');
  return (
    <section aria-labelledby="schema-felder-titel" className="editor-section">
      <h2 id="schema-felder-titel">Felder</h2>
      <p className="hint">Die Spalten, die jede angehängte Tabelle haben muss: Name wie in der Tabelle, Typ und Regeln, die für alle Zeilen gelten.</p>
      {all.error && (
        <p className="error" id={all.id} tabIndex={-1}>
          <span className="visually-hidden">Fehler: </span>
          {all.error}
        </p>
      )}
      {rows.map((r, i) => <FieldGroup key={r.key} row={r} index={i} onType={(type) => set(i, { type })} onRemove={rows.length > 1 ? () => onChange(rows.filter((_, j) => j !== i)) : undefined} />)}
      <div className="form-actions">
        <Button variant="secondary" onClick={() => onChange([...rows, newFieldRow()])}>Feld hinzufügen</Button>
      </div>
    </section>
  );
}

function FieldGroup({ row, index: i, onType, onRemove }: { row: FieldRow; index: number; onType: (t: string) => void; onRemove?: () => void }) {
  const p = `schema.fields.${i}`;
  const f = row.initial;
  const c = f.constraints ?? {};
  const label = `Feld ${i + 1}${f.name ? ` (${f.name})` : ''}`;
  return (
    <fieldset className="resource-row">
      <legend>{label}</legend>
      <div className="form-grid">
        <Field name={`${p}.name`} label="Name (Spalte)" defaultValue={f.name} hint="wie die Spalte in der Tabelle heißt, z. B. frei" />
        <SelectField name={`${p}.type`} label="Typ" options={TYPES} defaultValue={row.type} onChange={onType} />
      </div>
      <div className="form-grid">
        <Field name={`${p}.title`} label="Bezeichnung" optional defaultValue={f.title ?? ''} />
        <TextAreaField name={`${p}.description`} label="Beschreibung" optional defaultValue={f.description ?? ''} rows={2} />
      </div>
      <CheckboxGroup
        name={`${p}.flags`}
        label="Regeln"
        options={[{ value: 'required', label: 'Pflichtfeld (keine leeren Werte)' }, { value: 'unique', label: 'Eindeutig (kein Wert doppelt)' }]}
        defaultValues={[...(c.required ? ['required'] : []), ...(c.unique ? ['unique'] : [])]}
      />
      <div className="form-grid">
        {RANGE_TYPES.includes(row.type) && (
          <>
            <Field name={`${p}.constraints.minimum`} label="Kleinster Wert" optional defaultValue={str(c.minimum)} />
            <Field name={`${p}.constraints.maximum`} label="Größter Wert" optional defaultValue={str(c.maximum)} />
          </>
        )}
        {row.type === 'string' && (
          <>
            <Field name={`${p}.constraints.minLength`} label="Mindestlänge (Zeichen)" optional inputMode="numeric" defaultValue={str(c.minLength)} />
            <Field name={`${p}.constraints.maxLength`} label="Höchstlänge (Zeichen)" optional inputMode="numeric" defaultValue={str(c.maxLength)} />
            <Field name={`${p}.constraints.pattern`} label="Muster (regulärer Ausdruck)" optional defaultValue={c.pattern ?? ''} hint="gilt für den ganzen Wert, z. B. [0-9]{5}" />
          </>
        )}
        {ENUM_TYPES.includes(row.type) && (
          <Field name={`${p}.constraints.enum`} label="Erlaubte Werte" optional defaultValue={(c.enum ?? []).map(str).join(', ')} hint="durch Kommas getrennt; leer: alle Werte des Typs" />
        )}
      </div>
      {onRemove && (
        <Button variant="danger" onClick={onRemove}>
          {label} entfernen
        </Button>
      )}
    </fieldset>
  );
}
