// Tables of request notifications (migration 20261123_1540_requests_notify).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const NOTIFICATION_KINDS = ['acknowledged', 'status', 'new_date', 'public_update', 'sla_warning', 'sla_escalation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'skipped';
export type StaffLevel = 'assignee' | 'teamLead' | 'headOfUnit';
export type Audience = 'citizen' | StaffLevel;
export const CONTACT_ROLES = ['team_lead', 'head_of_unit'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface NotifyTables {
  requests_notifications: {
    id: Generated<string>; tenant_id: string; request_id: string; kind: NotificationKind; audience: Audience; recipient: string | null;
    subject: string; body_text: string; status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>;
    attempts: Generated<number>; last_error: string | null; next_attempt_at: Ts; locked_until: TsNull; created_at: Ts; sent_at: TsNull; dedupe_key: string;
  };
  requests_department_contacts: { tenant_id: string; department_id: string; role: ContactRole; email: string; updated_at: Ts };
}
