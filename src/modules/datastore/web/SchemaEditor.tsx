// /kooperationen/{slug}/schema-anlegen and /kooperationen/{slug}/schemas/{schema}/bearbeiten:
// a common schema's name, title, description, version and fields. The server checks the Table
// Schema; its issues appear at the inputs. A changed schema needs a new version, and then every
// attached resource is checked again.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { RequireLogin } from '../../../web/RequireLogin.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { Field, TextAreaField } from '../../../web/ui/Field.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { SchemaFieldsEditor } from './SchemaFieldsEditor.tsx';
import { bodyOf, onInputs, rowsOf } from './schema-form.ts';
import type { Schema } from './schema-types.ts';

const coopApi = (slug: string) => `/api/v1/cooperations/${encodeURIComponent(slug)}/schemas`;

export function SchemaCreatePage() {
  const { slug = '' } = useParams();
  return (
    <RequireLogin>
      <Page title="Neues gemeinsames Schema" lead={<Link to={`/kooperationen/${slug}`}>Zurück zur Kooperation</Link>}>
        <SchemaForm slug={slug} />
      </Page>
    </RequireLogin>
  );
}

export function SchemaEditPage() {
  const { slug = '', schema = '' } = useParams();
  const res = useApi<Schema>(`${coopApi(slug)}/${encodeURIComponent(schema)}`);
  return (
    <RequireLogin>
      <Loaded resource={res} loading="Schema wird geladen …" errorTitle="Das Schema konnte nicht geladen werden.">
        {(s) => (
          <Page title={`Schema bearbeiten: ${s.title}`} lead={<Link to={`/kooperationen/${slug}/schemas/${s.name}`}>Zurück zum Schema</Link>}>
            {s.can?.edit === false && <Alert kind="warning" title="Keine Berechtigung">Schemas der Kooperation ändert die Administration einer Mitgliedskommune.</Alert>}
            <SchemaForm slug={slug} initial={s} />
          </Page>
        )}
      </Loaded>
    </RequireLogin>
  );
}

function SchemaForm({ slug, initial }: { slug: string; initial?: Schema }) {
  const navigate = useNavigate();
  const [rows, setRows] = useState(() => rowsOf(initial?.schema));

  async function save(d: FormData): Promise<void> {
    const body = bodyOf(d, rows, initial?.schema);
    try {
      if (initial) {
        await api('PUT', `${coopApi(slug)}/${initial.name}`, body);
        navigate(`/kooperationen/${slug}/schemas/${initial.name}`, { state: { notice: `Version ${body.version} gespeichert. Die angehängten Ressourcen werden neu geprüft.` } });
      } else {
        const name = String(d.get('name') ?? '').trim();
        await api('POST', coopApi(slug), { name, ...body });
        navigate(`/kooperationen/${slug}/schemas/${name}`, { state: { notice: `Schema „${body.title}“ angelegt.` } });
      }
    } catch (err) {
      throw onInputs(err);
    }
  }

  return (
    <Form id="schema" submitLabel={initial ? 'Neue Version speichern' : 'Schema anlegen'} busyLabel="Wird gespeichert …" resetOnSuccess={false} onSubmit={save} className="editor">
      <section aria-labelledby="schema-grunddaten" className="editor-section">
        <h2 id="schema-grunddaten">Grunddaten</h2>
        {!initial && <Field name="name" label="Kurzname" hint="Kleinbuchstaben, Ziffern und Bindestriche, z. B. parkhausbelegung; steht in der Adresse und im Namen der gemeinsamen Sicht und ändert sich später nicht." />}
        <Field name="title" label="Titel" defaultValue={initial?.title} />
        <TextAreaField name="description" label="Beschreibung" optional defaultValue={initial?.description} rows={3} />
        <Field
          name="version"
          label="Version"
          className="input-short"
          defaultValue={initial?.version ?? '1.0'}
          hint={initial ? `Bisher ${initial.version}. Ein geändertes Schema braucht eine neue Version.` : 'z. B. 1.0'}
        />
        <Field name="schema.primaryKey" label="Schlüssel" optional defaultValue={initial?.schema.primaryKey?.join(', ') ?? ''} hint="Felder, die zusammen jede Zeile eindeutig machen, durch Kommas getrennt" />
      </section>
      <SchemaFieldsEditor rows={rows} onChange={setRows} />
    </Form>
  );
}
