// Response types of the API, inferred from the server's zod contract. Type-only imports: zod
// itself never reaches the browser bundle.
import type { z } from 'zod';
import type * as core from '../modules/core/contract.ts';

export type Tenant = z.infer<typeof core.Tenant>;
export type Cooperation = z.infer<typeof core.Cooperation>;
export type User = z.infer<typeof core.User>;
export type Role = z.infer<typeof core.Role>;
export type Scope = z.infer<typeof core.Scope>;
export type SessionInfo = z.infer<typeof core.SessionInfo>;
export type ApiToken = z.infer<typeof core.ApiToken>;
export type ApiTokenCreated = z.infer<typeof core.ApiTokenCreated>;
export type AuditEntry = z.infer<typeof core.AuditEntry>;
export type Job = z.infer<typeof core.Job>;
export type JobSchedule = z.infer<typeof core.JobSchedule>;
export type UserCreate = z.input<typeof core.UserCreate>;
export type TenantCreate = z.input<typeof core.TenantCreate>;
export type TenantUpdate = z.input<typeof core.TenantUpdate>;
export type ApiTokenCreate = z.input<typeof core.ApiTokenCreate>;
