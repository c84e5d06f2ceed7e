// One question of a category (an Open311 attribute) as a form field fitting its datatype. The
// input's name is `attribute[code]`, which is also the field the server names in its errors.
import { CheckboxGroup, Field, SelectField, TextAreaField } from '../../../web/ui/Field.tsx';
import type { ServiceQuestion } from './types.ts';

export function QuestionField({ q }: { q: ServiceQuestion }) {
  const name = `attribute[${q.code}]`;
  const common = { name, label: q.description, optional: !q.required, hint: q.datatype_description ?? undefined };
  const options = q.values.map((v) => ({ value: v.key, label: v.name }));
  switch (q.datatype) {
    case 'singlevaluelist':
      return <SelectField {...common} options={[{ value: '', label: 'Bitte wählen' }, ...options]} defaultValue="" />;
    case 'multivaluelist':
      return <CheckboxGroup {...common} options={options} />;
    case 'text':
      return <TextAreaField {...common} rows={3} />;
    case 'number':
      return <Field {...common} inputMode="decimal" autoComplete="off" />;
    case 'datetime':
      return <Field {...common} type="datetime-local" />;
    default:
      return <Field {...common} autoComplete="off" />;
  }
}
