import { sql, type Kysely } from 'kysely';

// E-mail notifications of citizen requests (issue 6, item 5) as an outbox: the code that changes a
// request writes the mail into this table in its own transaction, and a job sends it later. A
// rolled-back change therefore never mails, and a committed one always does (retried until the
// SMTP server takes it). dedupe_key makes every notification happen once however often its cause
// is replayed (an SLA timer fired twice, a job retried).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests_notifications (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES core_tenants(id),
      request_id      uuid NOT NULL REFERENCES requests_items(id) ON DELETE CASCADE,
      kind            text NOT NULL CHECK (kind IN ('acknowledged', 'status', 'new_date', 'public_update', 'sla_warning', 'sla_escalation')),
      audience        text NOT NULL,             -- citizen | assignee | teamLead | headOfUnit
      recipient       text,                      -- e-mail address; null when there was nobody to tell (status skipped) or after deletion of personal data
      subject         text NOT NULL,
      body_text       text NOT NULL,
      status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
      attempts        int NOT NULL DEFAULT 0,
      last_error      text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until    timestamptz,               -- a sender's lease while it talks to the SMTP server
      created_at      timestamptz NOT NULL DEFAULT now(),
      sent_at         timestamptz,
      dedupe_key      text NOT NULL UNIQUE
    );
    CREATE INDEX requests_notifications_due ON requests_notifications (next_attempt_at) WHERE status = 'queued';
    CREATE INDEX requests_notifications_request ON requests_notifications (request_id, created_at);

    -- Who hears about SLA warnings and escalations beyond the assignee (else the department's e-mail).
    CREATE TABLE requests_department_contacts (
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id),
      department_id uuid NOT NULL REFERENCES core_departments(id) ON DELETE CASCADE,
      role          text NOT NULL CHECK (role IN ('team_lead', 'head_of_unit')),
      email         text NOT NULL,
      updated_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (department_id, role)
    );
    CREATE INDEX requests_department_contacts_tenant ON requests_department_contacts (tenant_id);
  `.execute(db);
}
