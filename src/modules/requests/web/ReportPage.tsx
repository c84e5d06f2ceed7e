// /anliegen/melden: the citizen form without login. Municipality (preset by ?kommune=), category,
// the category's questions, the place (map, own position, or coordinates typed in), description,
// photo and an optional e-mail. The server checks everything; its issues appear at each field.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiForm, query } from '../../../web/api.ts';
import type { Tenant } from '../../../web/types.ts';
import { useApi } from '../../../web/useApi.ts';
import { CheckboxGroup, Field, SelectField, TextAreaField } from '../../../web/ui/Field.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { formatBytes } from '../../core/files/format-bytes.ts';
import { LocationFields } from './LocationFields.tsx';
import { QuestionField } from './QuestionField.tsx';
import { Submitted } from './Submitted.tsx';
import type { ServicesForForm, Submitted as SubmittedAnswer } from './types.ts';
import './citizen.css';

export function ReportPage() {
  const [params, setParams] = useSearchParams();
  const tenant = params.get('kommune') ?? '';
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const [sent, setSent] = useState<SubmittedAnswer>();

  if (sent) return <Submitted answer={sent} onAnother={() => setSent(undefined)} />;
  return (
    <Page
      title="Anliegen melden"
      lead="Melden Sie einen Schaden, wilden Müll oder eine Frage an Ihre Kommune – ohne Anmeldung. Sie erhalten eine Nummer und einen Link, unter dem Sie den Stand verfolgen können."
    >
      <Loaded resource={tenants} loading="Kommunen werden geladen …" errorTitle="Die Kommunen konnten nicht geladen werden.">
        {({ items }) => (
          <Form
            id="meldung"
            className="report-form"
            submitLabel="Anliegen absenden"
            busyLabel="Wird gesendet …"
            resetOnSuccess={false}
            onSubmit={async (data) => setSent(await apiForm<SubmittedAnswer>('/api/v1/requests', data))}
          >
            <SelectField
              name="tenant"
              label="Kommune"
              hint="Wo ist das Anliegen? Die Meldung geht an diese Stadt oder diesen Landkreis."
              options={[{ value: '', label: 'Bitte wählen' }, ...items.map((t) => ({ value: t.slug, label: t.name }))]}
              defaultValue={items.some((t) => t.slug === tenant) ? tenant : ''}
              onChange={(v) => setParams(v ? { kommune: v } : {}, { replace: true })}
            />
            {tenant && <TenantPart key={tenant} tenant={tenant} />}
          </Form>
        )}
      </Loaded>
    </Page>
  );
}

/** Everything that depends on the municipality: its categories, their questions, its map. */
function TenantPart({ tenant }: { tenant: string }) {
  const catalogue = useApi<ServicesForForm>(`/api/v1/requests/services${query({ tenant })}`);
  const [code, setCode] = useState('');
  return (
    <Loaded resource={catalogue} loading="Kategorien werden geladen …" errorTitle="Die Kategorien dieser Kommune konnten nicht geladen werden.">
      {(c) => {
        const service = c.services.find((s) => s.code === code);
        return (
          <>
            <SelectField
              name="service_code"
              label="Kategorie"
              options={[{ value: '', label: 'Bitte wählen' }, ...c.services.map((s) => ({ value: s.code, label: s.name }))]}
              defaultValue=""
              onChange={setCode}
              hint={service?.description || 'Worum geht es?'}
            />
            {service && service.attributes.length > 0 && (
              <fieldset className="questions" key={service.code}>
                <legend>Angaben zu „{service.name}“</legend>
                {service.attributes.map((q) => (
                  <QuestionField key={q.code} q={q} />
                ))}
              </fieldset>
            )}
            <LocationFields tenant={tenant} centre={c.map_centre} />
            <TextAreaField name="description" label="Beschreibung" hint="Was ist los, und wo genau? Höchstens 4.000 Zeichen." rows={5} />
            <Field
              name="photo"
              type="file"
              label="Foto"
              optional
              accept="image/jpeg,image/png,image/webp"
              hint={`JPEG, PNG oder WebP, höchstens ${formatBytes(c.photo_max_bytes)}. Ortsangaben (GPS) und andere Metadaten entfernen wir vor dem Speichern; Fotos sieht nur die Verwaltung.`}
            />
            <Field name="email" type="email" label="E-Mail-Adresse" optional autoComplete="email" hint="Für Rückfragen. Sie wird nie veröffentlicht." />
            <CheckboxGroup name="notify" label="Benachrichtigung" options={[{ value: 'on', label: 'Ja, informieren Sie mich per E-Mail über den Fortgang.' }]} />
          </>
        );
      }}
    </Loaded>
  );
}
