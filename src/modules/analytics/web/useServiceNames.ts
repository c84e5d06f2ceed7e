// The services of a municipality (those with figures in the last year) with their names: for
// the builder's service filter and to name the series of a view split by service.
import { useApi } from '../../../web/useApi.ts';
import { serviceLabel } from './format.ts';
import { addDays, todayBerlin } from './period.ts';
import type { Overview } from './types.ts';

export function useServiceNames(api: string | null) {
  const today = todayBerlin();
  const overview = useApi<Overview>(api ? `${api}/services?from=${addDays(today, -364)}&to=${today}` : null);
  const items = [...(overview.data?.items ?? [])].sort((a, b) => serviceLabel(a).localeCompare(serviceLabel(b), 'de'));
  const names = new Map(items.map((i) => [i.service_key, serviceLabel(i)]));
  return { options: items.map((i) => ({ value: i.service_key, label: serviceLabel(i) })), names, nameOf: (key: string) => names.get(key) ?? `Dienst ${key}` };
}
