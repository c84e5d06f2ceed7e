// Row types of the core module's tables, as Kysely sees them.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export type TenantType = 'municipality' | 'district';
export type Role = 'admin' | 'editor' | 'viewer';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface CoreTables {
  core_tenants: {
    id: Generated<string>;
    slug: string;
    name: string;
    type: TenantType;
    ags: string;
    ars: string;
    parent_id: string | null;
    website: string | null;
    population: ColumnType<number | null, number | null | undefined, number | null>;
    population_date: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  core_cooperations: {
    id: Generated<string>;
    slug: string;
    name: string;
    description: Generated<string>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  core_cooperation_members: { cooperation_id: string; tenant_id: string };
  core_departments: {
    id: Generated<string>;
    tenant_id: string;
    slug: string;
    name: string;
    email: string | null;
    phone: string | null;
    is_public: Generated<boolean>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  core_users: {
    id: Generated<string>;
    email: string;
    name: string;
    password_hash: string | null;
    is_platform_admin: Generated<boolean>;
    disabled: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    last_login_at: Date | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  core_memberships: { user_id: string; tenant_id: string; role: Role; created_at: Timestamp };
  core_sessions: { id: string; user_id: string; csrf_token: string; created_at: Timestamp; expires_at: Date };
  core_api_tokens: {
    id: Generated<string>;
    user_id: string;
    name: string;
    token_hash: string;
    prefix: string;
    scopes: string[];
    expires_at: Date;
    revoked_at: Date | null;
    last_used_at: Date | null;
    created_at: Timestamp;
  };
  core_audit_log: {
    id: Generated<number>;
    at: Timestamp;
    actor_user_id: string | null;
    actor_label: string;
    via: 'session' | 'token' | 'system' | 'cli';
    token_id: string | null;
    tenant_id: string | null;
    action: string;
    entity_type: string;
    entity_id: string | null;
    before: Json | null;
    after: Json | null;
    request_id: string | null;
  };
  core_jobs: {
    id: Generated<number>;
    type: string;
    payload: Json;
    tenant_id: string | null;
    status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
    run_at: Timestamp;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    unique_key: string | null;
    schedule_name: string | null;
    locked_by: string | null;
    locked_at: Date | null;
    last_error: string | null;
    result: Json | null;
    created_at: Timestamp;
    started_at: Date | null;
    finished_at: Date | null;
  };
  core_job_schedules: {
    name: string;
    type: string;
    payload: Json;
    tenant_id: string | null;
    interval_seconds: number;
    next_run_at: Timestamp;
    enabled: Generated<boolean>;
    last_enqueued_at: Date | null;
    created_at: Timestamp;
  };
}
