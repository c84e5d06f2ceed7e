import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE core_tenants (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name        text NOT NULL,
      type        text NOT NULL CHECK (type IN ('municipality', 'district')),
      ags         char(8) NOT NULL UNIQUE CHECK (ags ~ '^[0-9]{8}$'),
      ars         char(12) NOT NULL UNIQUE CHECK (ars ~ '^[0-9]{12}$'),
      parent_id   uuid REFERENCES core_tenants(id) ON DELETE RESTRICT,
      website     text,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE core_cooperations (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name        text NOT NULL,
      description text NOT NULL DEFAULT '',
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE core_cooperation_members (
      cooperation_id uuid NOT NULL REFERENCES core_cooperations(id) ON DELETE CASCADE,
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      PRIMARY KEY (cooperation_id, tenant_id)
    );
    CREATE TABLE core_departments (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name        text NOT NULL,
      email       text,
      phone       text,
      is_public   boolean NOT NULL DEFAULT true,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    );
    CREATE TABLE core_users (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email             text NOT NULL,
      name              text NOT NULL,
      password_hash     text,
      is_platform_admin boolean NOT NULL DEFAULT false,
      disabled          boolean NOT NULL DEFAULT false,
      failed_logins     integer NOT NULL DEFAULT 0,
      locked_until      timestamptz,
      last_login_at     timestamptz,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX core_users_email_key ON core_users (lower(email));
    CREATE TABLE core_memberships (
      user_id    uuid NOT NULL REFERENCES core_users(id) ON DELETE CASCADE,
      tenant_id  uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      role       text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, tenant_id)
    );
    CREATE INDEX core_memberships_tenant ON core_memberships (tenant_id);
    CREATE TABLE core_sessions (
      id          text PRIMARY KEY,            -- sha256 of the cookie value, never the value
      user_id     uuid NOT NULL REFERENCES core_users(id) ON DELETE CASCADE,
      csrf_token  text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      expires_at  timestamptz NOT NULL
    );
    CREATE INDEX core_sessions_expires ON core_sessions (expires_at);
    CREATE TABLE core_api_tokens (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES core_users(id) ON DELETE CASCADE,
      name         text NOT NULL,
      token_hash   text NOT NULL UNIQUE,       -- sha256 of the token, never the token
      prefix       text NOT NULL,              -- first characters, so people can recognise it
      scopes       text[] NOT NULL,
      expires_at   timestamptz NOT NULL,
      revoked_at   timestamptz,
      last_used_at timestamptz,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX core_api_tokens_user ON core_api_tokens (user_id);
    CREATE TABLE core_audit_log (
      id            bigserial PRIMARY KEY,
      at            timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid REFERENCES core_users(id) ON DELETE SET NULL,
      actor_label   text NOT NULL,
      via           text NOT NULL CHECK (via IN ('session', 'token', 'system', 'cli')),
      token_id      uuid,
      tenant_id     uuid REFERENCES core_tenants(id) ON DELETE SET NULL,
      action        text NOT NULL,
      entity_type   text NOT NULL,
      entity_id     text,
      before        jsonb,
      after         jsonb,
      request_id    text
    );
    CREATE INDEX core_audit_log_tenant_at ON core_audit_log (tenant_id, at DESC);
    CREATE INDEX core_audit_log_at ON core_audit_log (at DESC);
    CREATE TABLE core_jobs (
      id           bigserial PRIMARY KEY,
      type         text NOT NULL,
      payload      jsonb NOT NULL DEFAULT '{}',
      tenant_id    uuid REFERENCES core_tenants(id) ON DELETE CASCADE,
      status       text NOT NULL DEFAULT 'queued'
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      run_at       timestamptz NOT NULL DEFAULT now(),
      attempts     integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
      unique_key   text,
      schedule_name text,
      locked_by    text,
      locked_at    timestamptz,
      last_error   text,
      result       jsonb,
      created_at   timestamptz NOT NULL DEFAULT now(),
      started_at   timestamptz,
      finished_at  timestamptz
    );
    -- The claim query scans only runnable jobs.
    CREATE INDEX core_jobs_runnable ON core_jobs (run_at) WHERE status = 'queued';
    CREATE INDEX core_jobs_running ON core_jobs (locked_at) WHERE status = 'running';
    CREATE INDEX core_jobs_tenant_created ON core_jobs (tenant_id, created_at DESC);
    -- At most one pending or running job per unique key (e.g. "harvest source X").
    CREATE UNIQUE INDEX core_jobs_unique_pending ON core_jobs (unique_key)
      WHERE unique_key IS NOT NULL AND status IN ('queued', 'running');
    CREATE TABLE core_job_schedules (
      name             text PRIMARY KEY,
      type             text NOT NULL,
      payload          jsonb NOT NULL DEFAULT '{}',
      tenant_id        uuid REFERENCES core_tenants(id) ON DELETE CASCADE,
      interval_seconds integer NOT NULL CHECK (interval_seconds >= 1),
      next_run_at      timestamptz NOT NULL,
      enabled          boolean NOT NULL DEFAULT true,
      last_enqueued_at timestamptz,
      created_at       timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
