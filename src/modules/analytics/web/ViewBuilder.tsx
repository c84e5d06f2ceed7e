// The builder of a saved view: name, description, who sees it, and the chart definition —
// metric, interval, period (last N days or von–bis), filters, split and chart type. "Vorschau"
// runs the definition on the own figures before anything is saved; the server checks the
// definition when saving and names every bad field here.
import { useState } from 'react';
import { Button } from '../../../web/ui/Button.tsx';
import { Field, SelectField, TextAreaField, type Option } from '../../../web/ui/Field.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { INTERVAL_LABEL, INTERVALS, metricLabel, SPLIT_LABEL } from './metrics.ts';
import { RadioChoice } from './RadioChoice.tsx';
import type { SavedView, Split } from './types.ts';
import { BUILDER_METRICS, bodyOf, CHART_LABEL, VISIBILITY_LABEL, type ViewBody } from './viewForm.ts';

type Props = {
  id: string;
  services: Option[];
  initial?: SavedView;
  submitLabel: string;
  onSubmit: (body: ViewBody) => Promise<string | void>;
  onPreview: (body: ViewBody) => void;
};

const options = (labels: Record<string, string>): Option[] => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function ViewBuilder({ id, services, initial, submitLabel, onSubmit, onPreview }: Props) {
  const d = initial?.definition;
  const [periodKind, setPeriodKind] = useState(d?.period.from ? 'fixed' : 'last');
  const preview = () => {
    const form = document.getElementById(id);
    if (form instanceof HTMLFormElement) onPreview(bodyOf(new FormData(form)));
  };
  return (
    <Form
      id={id} className="ana-builder" submitLabel={submitLabel} busyLabel="Wird gespeichert …" resetOnSuccess={!initial}
      onSubmit={(data) => onSubmit(bodyOf(data))}
      secondary={<Button variant="secondary" onClick={preview}>Vorschau anzeigen</Button>}
    >
      <Field name="name" label="Name" defaultValue={initial?.name} maxLength={100} />
      <TextAreaField name="description" label="Beschreibung" optional rows={2} defaultValue={initial?.description} />
      <RadioChoice name="visibility" label="Wer sieht die Ansicht?" options={options(VISIBILITY_LABEL)} defaultValue={initial?.visibility ?? 'private'} />
      <fieldset>
        <legend>Was gezeigt wird</legend>
        <div className="inline-fields">
          <SelectField name="definition.metric" label="Kennzahl" options={BUILDER_METRICS.map((m) => ({ value: m, label: metricLabel(m) }))} defaultValue={d?.metric ?? 'submitted'} />
          <SelectField name="definition.interval" label="Intervall" options={INTERVALS.map((i) => ({ value: i, label: INTERVAL_LABEL[i] }))} defaultValue={d?.interval ?? 'week'} />
          <SelectField name="definition.by" label="Aufteilen nach" optional options={[{ value: '', label: 'nicht aufteilen' }, ...(Object.keys(SPLIT_LABEL) as Split[]).map((s) => ({ value: s, label: SPLIT_LABEL[s] }))]} defaultValue={d?.by ?? ''} />
        </div>
        <RadioChoice name="definition.chart" label="Darstellung" options={options(CHART_LABEL)} defaultValue={d?.chart ?? 'line'} />
      </fieldset>
      <fieldset>
        <legend>Zeitraum</legend>
        <RadioChoice name="period_kind" label="Art des Zeitraums" value={periodKind} onChange={setPeriodKind} options={[{ value: 'last', label: 'Die letzten Tage bis zum Öffnen' }, { value: 'fixed', label: 'Fester Zeitraum (von–bis)' }]} />
        {periodKind === 'last' ? (
          <Field name="definition.period.last_days" label="Anzahl Tage" type="number" min={1} max={3650} className="input-short" defaultValue={d?.period.last_days ?? 90} hint="1 bis 3.650 Tage, gezählt bis zu dem Tag, an dem jemand die Ansicht öffnet." />
        ) : (
          <div className="inline-fields">
            <Field name="definition.period.from" label="Von" type="date" defaultValue={d?.period.from} />
            <Field name="definition.period.to" label="Bis" type="date" defaultValue={d?.period.to} />
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Filter</legend>
        <div className="inline-fields">
          <SelectField key={services.length} name="definition.filters.service_key" label="Dienst" optional options={[{ value: '', label: 'alle Dienste' }, ...services]} defaultValue={d?.filters.service_key ?? ''} />
          <Field name="definition.filters.online_service" label="Onlinedienst" optional defaultValue={d?.filters.online_service} />
          <Field name="definition.filters.form_version" label="Formularversion" optional className="input-short" defaultValue={d?.filters.form_version} />
        </div>
      </fieldset>
    </Form>
  );
}
