// Tables of the requests module (migration 20261123_1500_requests_init).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** Open311 attribute datatypes. */
export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Datatype = (typeof DATATYPES)[number];
export type ServiceAttribute = {
  code: string; datatype: Datatype; required: boolean; description: string; datatype_description?: string; order: number;
  values?: { key: string; name: string }[];
};

/** Case states; the two waiting states pause the SLA clock. */
export const STATES = ['received', 'acknowledged', 'in_progress', 'waiting_citizen', 'waiting_third_party', 'resolved', 'closed'] as const;
export type State = (typeof STATES)[number];
export const STATE_LABELS: Record<State, string> = {
  received: 'Eingegangen', acknowledged: 'Bestätigt', in_progress: 'In Bearbeitung', waiting_citizen: 'Wartet auf Rückmeldung',
  waiting_third_party: 'Wartet auf Dritte', resolved: 'Erledigt', closed: 'Abgeschlossen',
};
/** Open311 knows only open and closed. */
export const open311Status = (s: State) => (s === 'resolved' || s === 'closed' ? 'closed' : 'open');

export interface RequestsTables {
  requests_services: {
    id: Generated<string>; tenant_id: string; code: string; name: string; description: Generated<string>; category: Generated<string>;
    keywords: ColumnType<string[], string[] | undefined, string[]>; type: Generated<'realtime' | 'batch' | 'blackbox'>;
    attributes: Json<ServiceAttribute[]>; department_id: string | null; sla_policy: Json<unknown> | null; adopted_from: string | null;
    active: Generated<boolean>; created_at: Ts; updated_at: Ts;
  };
  requests_items: {
    id: Generated<string>; tenant_id: string; number: string; service_id: string; state: ColumnType<State, State | undefined, State>;
    description: Generated<string>; lat: number | null; lon: number | null; address: string | null; attributes: Json<Record<string, string | string[]>>;
    media_url: string | null; department_id: string | null; assignee_id: string | null; priority: Generated<number>; merged_into: string | null;
    source: Generated<string>; client_name: string | null; contact_name: string | null; contact_email: string | null; contact_phone: string | null;
    notify: Generated<boolean>; personal_deleted_at: TsNull; requested_at: Ts; updated_at: Ts; expected_at: TsNull; closed_at: TsNull;
    /** SHA-256 (hex) of the citizen's tracking token (migration 20261123_1600); null for requests not made through the form. */
    tracking_token_hash: ColumnType<string | null, string | null | undefined, string | null>;
  };
  requests_events: {
    id: Generated<string>; request_id: string; tenant_id: string; at: Ts; kind: string; from_state: string | null; to_state: string | null;
    public: Generated<boolean>; text: string | null; actor_id: string | null; data: Json<Record<string, unknown>>;
  };
  requests_counters: { tenant_id: string; year: number; last: Generated<number> };
  requests_prefixes: { tenant_id: string; prefix: string };
  requests_calendars: { tenant_id: string; config: Json<unknown>; updated_at: Ts };
  requests_deadlines: {
    request_id: string; tenant_id: string; clock: string; policy_id: string; cycle: number; status: string;
    started_at: Ts; due_at: TsNull; stopped_at: TsNull; announced_due_at: TsNull;
  };
  requests_sla_fired: { request_id: string; clock: string; cycle: number; percent: string; fired_at: Ts };
  requests_areas: {
    id: Generated<string>; tenant_id: string; kind: 'boundary' | 'district'; name: string; geometry: Json<unknown>;
    min_lon: number; min_lat: number; max_lon: number; max_lat: number; department_id: string | null;
    service_codes: ColumnType<string[], string[] | undefined, string[]>; position: Generated<number>; created_at: Ts;
  };
  /** Photos of a request in the core file store; staff-only unless public (they may show people). */
  requests_photos: {
    id: Generated<string>; request_id: string; tenant_id: string; file_id: string; stripped: ColumnType<string[], string[] | undefined, string[]>;
    public: Generated<boolean>; created_at: Ts;
  };
}
