// The publisher editor: one dataset with all its DCAT-AP.de fields and its resources (links or
// uploaded files). Saves through the CKAN API like every other client: package_create or
// package_update, then one resource_create/resource_patch with the file per upload. Required
// fields are checked here; everything else by the server, whose errors land on the inputs.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { CheckboxGroup, Field, SelectField, TextAreaField, type Option } from '../../../web/ui/Field.tsx';
import { ckanAction, ckanUpload, inputFor } from './ckan.ts';
import { ResourceEditor } from './ResourceEditor.tsx';
import { code, dateInput, extra, FREQUENCIES, HVD_CATEGORIES, planSave, rowOf, rowsOf, THEMES, type ResourceRow } from './editor-model.ts';
import type { Envelope, Package, Resource } from './types.ts';

const NEW = 'neu';
type Licence = { id: string; title: string };

/** /verwaltung/datensaetze/neu and /verwaltung/datensaetze/{name}. */
export function DatasetEditorPage() {
  const { name = NEW } = useParams();
  const navigate = useNavigate();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  // After creating, the address changes to the new name; the open form stays as it is.
  const [saved, setSaved] = useState<Package>();
  const [editorKey, setEditorKey] = useState(name);
  useEffect(() => {
    if (name !== saved?.name) setEditorKey(name);
  }, [name, saved?.name]);
  const loaded = useApi<Envelope<Package>>(name === NEW || saved?.name === name ? null : `/api/3/action/package_show?id=${encodeURIComponent(name)}`);
  const licences = useApi<Envelope<Licence[]>>('/api/3/action/license_list');

  const onSaved = (p: Package) => {
    setSaved(p);
    if (p.name !== name) navigate(`/verwaltung/datensaetze/${p.name}`, { replace: true });
  };
  const editor = (p: Package | undefined) => (
    <Loaded resource={licences} loading="Lizenzen werden geladen …" errorTitle="Die Lizenzen konnten nicht geladen werden.">
      {({ result }) => <DatasetEditor key={editorKey} initial={p} licences={result.map((l) => ({ value: l.id, label: l.title }))} onSaved={onSaved} />}
    </Loaded>
  );
  const current = saved?.name === name ? saved : loaded.data?.result;
  return (
    <Page
      title={name === NEW && !saved ? 'Neuer Datensatz' : `Datensatz bearbeiten${current ? `: ${current.title}` : ''}`}
      lead={<Link to="/verwaltung/datensaetze">Zurück zur Liste der Datensätze</Link>}
    >
      {notice && <Alert kind="success">{notice}</Alert>}
      {current && (
        <p>
          <Link to={`/daten/${current.name}`}>Im Portal ansehen<span className="visually-hidden">: {current.title}</span></Link>
        </p>
      )}
      {name === NEW || current ? editor(current) : (
        <Loaded resource={loaded} loading="Datensatz wird geladen …" errorTitle="Der Datensatz konnte nicht geladen werden.">
          {({ result }) => editor(result)}
        </Loaded>
      )}
    </Page>
  );
}

type EditorProps = { initial: Package | undefined; licences: Option[]; onSaved: (p: Package) => void };

function DatasetEditor({ initial, licences, onSaved }: EditorProps) {
  const { user } = useSession();
  const [current, setCurrent] = useState(initial);
  const [rows, setRows] = useState<ResourceRow[]>(() => rowsOf(initial));
  const orgs: Option[] = (user?.memberships ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.tenantSlug, label: m.tenantName }));
  if (current && !orgs.some((o) => o.value === current.organization.name)) orgs.unshift({ value: current.organization.name, label: current.organization.title });
  if (orgs.length === 0) orgs.push({ value: '', label: '– Organisation wählen –' });
  const p = initial;
  const visibility = [...(p?.private ? ['private'] : []), ...(p?.state === 'draft' ? ['draft'] : [])];

  async function save(d: FormData): Promise<string> {
    const { plan, issues } = planSave(d, rows, current, inputFor);
    if (issues.length) throw new ApiError({ title: 'Eingabe unvollständig', status: 0, errors: issues });
    const pkg = await ckanAction<Package>(current ? 'package_update' : 'package_create', plan.dict, plan.mapField);
    // From now on this is an existing dataset with these resource ids, even if an upload fails.
    let next = rows.map((r, i) => {
      const k = plan.sent.indexOf(i);
      return k >= 0 && pkg.resources[k] ? { ...r, id: pkg.resources[k]!.id } : r;
    });
    setCurrent(pkg);
    setRows(next);
    onSaved(pkg);
    for (const u of plan.uploads) {
      const target: Record<string, string> = u.resourceId ? { id: u.resourceId } : { package_id: pkg.id };
      const res = await ckanUpload<Resource>(u.resourceId ? 'resource_patch' : 'resource_create', { ...target, ...u.fields }, u.file, (f) => `resources.${u.row}.${f}`);
      next = next.map((r, j) => (j === u.row ? rowOf(res) : r));
      setRows(next);
    }
    const fresh = plan.uploads.length ? (await api<Envelope<Package>>('GET', `/api/3/action/package_show?id=${pkg.id}`)).result : pkg;
    setCurrent(fresh);
    setRows(rowsOf(fresh));
    onSaved(fresh);
    return `Gespeichert: „${fresh.title}“${fresh.private ? ' (privat)' : fresh.state === 'draft' ? ' (Entwurf)' : ''}.`;
  }

  return (
    <Form id="datensatz" submitLabel="Speichern" busyLabel="Wird gespeichert …" resetOnSuccess={false} onSubmit={save} className="editor">
      <section aria-labelledby="grunddaten-titel" className="editor-section">
        <h2 id="grunddaten-titel">Grunddaten</h2>
        <Field name="title" label="Titel" defaultValue={p?.title} />
        <Field name="name" label="Kurzname in der Adresse" optional defaultValue={p?.name} hint={p ? 'Kleinbuchstaben, Ziffern, - und _. Eine Änderung ändert die Adresse des Datensatzes.' : 'Kleinbuchstaben, Ziffern, - und _; leer lassen, um ihn aus dem Titel zu bilden.'} />
        <TextAreaField name="notes" label="Beschreibung" optional defaultValue={p?.notes} hint="Was die Daten enthalten, woher sie kommen, wie oft sie sich ändern." />
        <div className="form-grid">
          <SelectField name="owner_org" label="Organisation" options={orgs} defaultValue={p?.organization.name} />
          <SelectField name="license_id" label="Lizenz" options={[{ value: '', label: '– keine Angabe –' }, ...licences]} defaultValue={p ? (p.license_id ?? '') : 'http://dcat-ap.de/def/licenses/dl-by-de/2.0'} />
        </div>
        <Field name="tags" label="Schlagwörter" optional defaultValue={p?.tags.map((t) => t.name).join(', ')} hint="Durch Kommas getrennt, z. B. Verkehr, Parken" />
        <CheckboxGroup name="groups" label="Themen" hint="Die Themen der EU, unter denen der Datensatz gefunden wird." options={THEMES} defaultValues={p?.groups.map((g) => g.name)} />
        <CheckboxGroup
          name="visibility"
          label="Sichtbarkeit"
          options={[{ value: 'private', label: 'Privat – nur für Mitglieder der Kommune sichtbar' }, { value: 'draft', label: 'Entwurf – noch nicht veröffentlicht' }]}
          defaultValues={visibility}
        />
      </section>
      <section aria-labelledby="zeit-titel" className="editor-section">
        <h2 id="zeit-titel">Zeitbezug und Aktualität</h2>
        <div className="form-grid">
          <Field name="temporal_start" label="Zeitraum von" type="date" optional defaultValue={dateInput(extra(p, 'temporal_start'))} />
          <Field name="temporal_end" label="Zeitraum bis" type="date" optional defaultValue={dateInput(extra(p, 'temporal_end'))} />
        </div>
        <div className="form-grid">
          <Field name="issued" label="Veröffentlicht am" type="date" optional defaultValue={dateInput(extra(p, 'issued'))} />
          <Field name="modified" label="Zuletzt geändert am" type="date" optional defaultValue={dateInput(extra(p, 'modified'))} />
        </div>
        <div className="form-grid">
          <SelectField name="frequency" label="Aktualisierungsrhythmus" optional options={FREQUENCIES} defaultValue={code(extra(p, 'frequency'))} />
          <SelectField name="hvd_category" label="Hochwertiger Datensatz (HVD)" optional options={HVD_CATEGORIES} defaultValue={code(extra(p, 'hvd_category'))} />
        </div>
      </section>
      <section aria-labelledby="kontakt-titel" className="editor-section">
        <h2 id="kontakt-titel">Ansprechpartner und Webseite</h2>
        <div className="form-grid">
          <Field name="maintainer" label="Ansprechpartner" optional defaultValue={p?.maintainer ?? ''} hint="z. B. Amt für Verkehr" />
          <Field name="maintainer_email" label="E-Mail-Adresse" type="email" optional defaultValue={p?.maintainer_email ?? ''} />
        </div>
        <Field name="url" label="Webseite zum Datensatz" type="url" optional defaultValue={p?.url ?? ''} hint="Eine Seite mit mehr Informationen (Landing Page)" />
      </section>
      <ResourceEditor rows={rows} onChange={setRows} licences={licences} />
    </Form>
  );
}
