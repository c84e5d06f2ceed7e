// The resources of a dataset in the editor: each a link or a file, with name, format,
// description and licence; add, change the kind, remove. Inputs are named resources.{i}.{field},
// the names CKAN's validation errors use, so errors appear next to the right input.
import { Field, SelectField, TextAreaField, type Option } from '../../../web/ui/Field.tsx';
import { useFormField } from '../../../web/ui/Form.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { formatBytes } from '../../core/files/format-bytes.ts';
import { newRow, type ResourceRow } from './editor-model.ts';

type Props = { rows: ResourceRow[]; onChange: (rows: ResourceRow[]) => void; licences: Option[] };

export function ResourceEditor({ rows, onChange, licences }: Props) {
  const set = (i: number, patch: Partial<ResourceRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <section aria-labelledby="ressourcen-titel" className="editor-section">
      <h2 id="ressourcen-titel">Ressourcen</h2>
      <p className="hint">
        Die Daten selbst: ein Link auf eine Datei oder Schnittstelle, oder eine hochgeladene Datei. Änderungen werden beim Speichern wirksam;
        neu hochgeladene Dateien stehen danach am Ende der Liste.
      </p>
      {rows.length === 0 && <p>Noch keine Ressourcen.</p>}
      {rows.map((r, i) => (
        <fieldset key={r.key} className="resource-row">
          <legend>
            Ressource {i + 1}
            {r.name ? `: ${r.name}` : ''}
          </legend>
          <KindChoice index={i} row={r} onChange={(kind) => set(i, { kind })} />
          {r.kind === 'link' ? (
            <Field name={`resources.${i}.url`} label="Adresse der Daten (URL)" type="url" defaultValue={r.url} hint="z. B. https://www.stadt.de/daten.csv" />
          ) : (
            <UploadInput index={i} row={r} />
          )}
          <div className="form-grid">
            <Field name={`resources.${i}.name`} label="Name" optional defaultValue={r.name} hint={r.kind === 'upload' ? 'Leer lassen für den Dateinamen' : undefined} />
            <Field name={`resources.${i}.format`} label="Format" optional defaultValue={r.format} className="input-short" hint="z. B. CSV, JSON, GeoJSON" />
          </div>
          <TextAreaField name={`resources.${i}.description`} label="Beschreibung der Ressource" optional defaultValue={r.description} rows={2} />
          <SelectField name={`resources.${i}.license`} label="Lizenz der Ressource" options={[{ value: '', label: 'wie der Datensatz' }, ...licences]} defaultValue={r.license} optional />
          <Button variant="danger" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Ressource {i + 1}
            {r.name || r.format ? ` (${r.name || r.format})` : ''} entfernen
          </Button>
        </fieldset>
      ))}
      <div className="form-actions">
        <Button variant="secondary" onClick={() => onChange([...rows, newRow('link')])}>
          Link hinzufügen
        </Button>
        <Button variant="secondary" onClick={() => onChange([...rows, newRow('upload')])}>
          Datei hinzufügen
        </Button>
      </div>
    </section>
  );
}

function KindChoice({ index, row, onChange }: { index: number; row: ResourceRow; onChange: (kind: ResourceRow['kind']) => void }) {
  const name = `resources.${index}.kind`;
  const { id } = useFormField(name, 'Art der Ressource');
  return (
    <fieldset id={id} className="field kind-choice">
      <legend>Art der Ressource</legend>
      {(['link', 'upload'] as const).map((kind) => (
        <div className="checkbox" key={kind}>
          <input type="radio" id={`${id}-${kind}`} name={name} value={kind} checked={row.kind === kind} onChange={() => onChange(kind)} />
          <label htmlFor={`${id}-${kind}`}>{kind === 'link' ? 'Link auf Daten im Netz' : 'Datei hochladen'}</label>
        </div>
      ))}
    </fieldset>
  );
}

function UploadInput({ index, row }: { index: number; row: ResourceRow }) {
  const stored = row.stored;
  const hint = stored ? (
    <>
      Gespeichert: <a href={new URL(stored.url, location.origin).pathname}>{decodeURIComponent(stored.url.split('/').pop() ?? 'Datei')}</a>
      {stored.size !== null && <> ({formatBytes(stored.size)})</>}. Eine neue Datei ersetzt sie.
    </>
  ) : (
    'CSV, JSON, GeoJSON, XLSX, PDF, ZIP … – keine Programme.'
  );
  return <Field name={`resources.${index}.upload`} label={stored ? 'Datei ersetzen' : 'Datei'} type="file" optional={!!stored} hint={hint} />;
}
