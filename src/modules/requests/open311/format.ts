// Open311 GeoReport v2 representations, one model for both formats: the JSON objects below, and
// XML generated from the same objects (the spec's JSON is a mapping of its XML, "Spark
// convention"): an array becomes a wrapper element with one child per item, null an empty element.
import type { ServiceRow, PublicRequest } from '../repo.ts';
import { open311Status, STATE_LABELS, type ServiceAttribute, type State } from '../tables.ts';

export function serviceJson(s: ServiceRow) {
  const attributes = s.attributes as ServiceAttribute[];
  return {
    service_code: s.code, service_name: s.name, description: s.description || null, metadata: attributes.length > 0,
    type: s.type, keywords: s.keywords.join(',') || null, group: s.category || null,
  };
}

export function definitionJson(s: ServiceRow) {
  return {
    service_code: s.code,
    attributes: (s.attributes as ServiceAttribute[]).map((a) => ({
      variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description ?? null,
      order: a.order, description: a.description, ...(a.values && { values: a.values }),
    })),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function requestJson(r: PublicRequest) {
  const state = r.state as State;
  return {
    service_request_id: r.number, status: open311Status(state), status_notes: r.status_notes ?? null, service_name: r.service_name, service_code: r.service_code,
    description: r.description || null, agency_responsible: r.department_name ?? null, service_notice: null,
    requested_datetime: iso(r.requested_at), updated_datetime: iso(r.updated_at), expected_datetime: iso(r.expected_at),
    address: r.address ?? null, address_id: null, zipcode: null, lat: r.lat, long: r.lon, media_url: r.media_url ?? null,
    // The German case state next to Open311's open/closed (extension, as Chicago's extended_attributes).
    extended_attributes: { status_detail: state, status_label: STATE_LABELS[state], jurisdiction_id: r.tenant_slug },
  };
}

/** mySociety's status words for service request updates (FixMyStreet reads them). */
const UPDATE_STATUS: Record<State, string> = {
  received: 'open', acknowledged: 'investigating', in_progress: 'in_progress', waiting_citizen: 'action_scheduled',
  waiting_third_party: 'internal_referral', resolved: 'fixed', closed: 'closed',
};

/** One public event as a mySociety service request update. */
export function updateJson(u: { id: string; at: Date; kind: string; to_state: string | null; text: string | null; number: string; state: string; media_url: string | null }) {
  const state = (u.to_state ?? u.state) as State;
  return {
    update_id: String(u.id), service_request_id: u.number, status: UPDATE_STATUS[state], updated_datetime: u.at.toISOString(),
    description: u.text ?? (u.kind === 'created' ? 'Eingegangen' : STATE_LABELS[state]), media_url: u.media_url ?? null, external_status_code: state,
  };
}

export type Open311Error = { code: number; description: string };

const ITEM: Record<string, string> = { services: 'service', service_requests: 'request', service_requests_updates: 'request_update', attributes: 'attribute', values: 'value', errors: 'error' };

function escape(v: string): string {
  // Characters XML 1.0 does not allow at all are dropped; the five specials escaped.
  // eslint-disable-next-line no-control-regex
  return v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, v: unknown, indent: string): string {
  if (v === null || v === undefined) return `${indent}<${name}/>\n`;
  if (Array.isArray(v)) return `${indent}<${name}>\n${v.map((x) => element(ITEM[name] ?? 'item', x, `${indent}  `)).join('')}${indent}</${name}>\n`;
  if (typeof v === 'object') return `${indent}<${name}>\n${Object.entries(v).map(([k, x]) => element(k, x, `${indent}  `)).join('')}${indent}</${name}>\n`;
  return `${indent}<${name}>${escape(String(v))}</${name}>\n`;
}

/** The XML document for a response: `root` holds the items (services, service_requests, errors) or is one object (service_definition). */
export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, body, '')}`;
}
