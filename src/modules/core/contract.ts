// Request and response schemas of the core module. Routes, OpenAPI and the web client use these.
import { z } from 'zod';

const slug = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'nur Kleinbuchstaben, Ziffern und einzelne Bindestriche');
const text = (max: number) => z.string().trim().min(1, 'darf nicht leer sein').max(max);
const isoDate = z.iso.datetime({ offset: true });

export const Role = z.enum(['admin', 'editor', 'viewer']);
export const Scope = z.enum(['read', 'write', 'admin']);
export const TenantType = z.enum(['municipality', 'district']);

// ---- tenants and cooperations
export const Tenant = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  type: TenantType,
  ags: z.string().describe('Amtlicher Gemeindeschlüssel, 8 Ziffern'),
  ars: z.string().describe('Amtlicher Regionalschlüssel, 12 Ziffern'),
  parentSlug: z.string().nullable(),
  website: z.string().nullable(),
  population: z.number().int().nullable().describe('Einwohnerzahl (für Vergleiche je 1.000 Einwohner und Größenklassen)'),
  populationDate: z.string().nullable().describe('Stichtag der Einwohnerzahl (JJJJ-MM-TT)'),
  cooperations: z.array(z.string()).describe('Slugs der Kooperationen, in denen die Kommune Mitglied ist'),
});
const population = z.number().int('Einwohnerzahl als ganze Zahl').min(1, 'Einwohnerzahl ab 1').max(20_000_000, 'Einwohnerzahl höchstens 20 Millionen');
const populationDate = z.iso.date('Stichtag als JJJJ-MM-TT');
export const TenantCreate = z
  .object({
    slug,
    name: text(200),
    type: TenantType,
    ags: z.string().regex(/^\d{8}$/, 'AGS hat genau 8 Ziffern'),
    ars: z.string().regex(/^\d{12}$/, 'ARS hat genau 12 Ziffern'),
    parentSlug: slug.nullable().optional(),
    website: z.url().max(500).nullable().optional(),
    population: population.nullable().optional(),
    populationDate: populationDate.nullable().optional(),
  })
  .strict()
  .refine((t) => t.ars.slice(0, 5) === t.ags.slice(0, 5) && t.ars.slice(9) === t.ags.slice(5), {
    path: ['ars'],
    message: 'ARS passt nicht zum AGS (Land, Bezirk, Kreis und Gemeinde müssen übereinstimmen)',
  });
export const TenantUpdate = z
  .object({ name: text(200), website: z.url().max(500).nullable(), parentSlug: slug.nullable(), population: population.nullable(), populationDate: populationDate.nullable() })
  .partial()
  .strict();

export const Cooperation = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(z.object({ slug: z.string(), name: z.string() })),
});
export const CooperationCreate = z
  .object({ slug, name: text(200), description: z.string().max(2000).default(''), members: z.array(slug).max(500).default([]) })
  .strict();
export const CooperationUpdate = z
  .object({ name: text(200), description: z.string().max(2000), members: z.array(slug).max(500) })
  .partial()
  .strict();

export const Department = z.object({
  id: z.uuid(),
  tenantSlug: z.string(),
  slug: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isPublic: z.boolean(),
});
export const DepartmentCreate = z
  .object({
    slug,
    name: text(200),
    email: z.email().max(320).nullable().optional(),
    phone: z.string().trim().max(50).regex(/^[0-9 +()/-]+$/, 'nur Ziffern, Leerzeichen und + ( ) / -').nullable().optional(),
    isPublic: z.boolean().default(true),
  })
  .strict();
export const DepartmentUpdate = DepartmentCreate.omit({ slug: true }).partial().strict();

// ---- users, sessions, tokens
export const Membership = z.object({ tenantSlug: z.string(), tenantName: z.string(), role: Role });
export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: isoDate.nullable(),
  lastLoginAt: isoDate.nullable(),
  memberships: z.array(Membership),
});
const password = z.string().min(12, 'mindestens 12 Zeichen').max(256);
export const UserCreate = z
  .object({
    email: z.email().max(320),
    name: text(200),
    password,
    isPlatformAdmin: z.boolean().default(false),
    memberships: z.array(z.object({ tenantSlug: slug, role: Role }).strict()).max(100).default([]),
  })
  .strict();
export const UserUpdate = z
  .object({ name: text(200), password, disabled: z.boolean(), isPlatformAdmin: z.boolean() })
  .partial()
  .strict();
export const MembershipPut = z.object({ role: Role }).strict();

export const LoginBody = z.object({ email: z.string().max(320), password: z.string().max(256) }).strict();
export const SessionInfo = z.object({ user: User, csrfToken: z.string(), expiresAt: isoDate });

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(Scope),
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  createdAt: isoDate,
});
export const ApiTokenCreate = z
  .object({
    name: text(100),
    scopes: z.array(Scope).min(1, 'mindestens ein Bereich').max(3),
    expiresInDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();
export const ApiTokenCreated = ApiToken.extend({ token: z.string().describe('Nur jetzt sichtbar; gespeichert wird nur ein Hash') });

// ---- audit and jobs
export const AuditEntry = z.object({
  id: z.number(),
  at: isoDate,
  actor: z.string(),
  via: z.string(),
  tenantSlug: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export const Job = z.object({
  id: z.number(),
  type: z.string(),
  tenantSlug: z.string().nullable(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  runAt: isoDate,
  attempts: z.number(),
  maxAttempts: z.number(),
  scheduleName: z.string().nullable(),
  lockedBy: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
});
export const JobSchedule = z.object({
  name: z.string(),
  type: z.string(),
  tenantSlug: z.string().nullable(),
  intervalSeconds: z.number(),
  nextRunAt: isoDate,
  enabled: z.boolean(),
  lastEnqueuedAt: isoDate.nullable(),
});

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const SlugParams = z.object({ slug });
export const IdParams = z.object({ id: z.uuid() });

export type TenantT = z.infer<typeof Tenant>;
export type UserT = z.infer<typeof User>;
export type ApiTokenT = z.infer<typeof ApiToken>;
export type AuditEntryT = z.infer<typeof AuditEntry>;
export type JobT = z.infer<typeof Job>;
