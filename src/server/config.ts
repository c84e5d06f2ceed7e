// The only place that reads environment variables. Everything else gets a Config.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  TRUST_PROXY: bool.default(false),
  COOKIE_SECURE: bool.optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(104_857_600),
  TOKEN_MAX_DAYS: z.coerce.number().int().min(1).default(365),
  JOBS_ENABLED: bool.default(true),
  JOBS_POLL_MS: z.coerce.number().int().min(10).default(1000),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  JOBS_LOCK_TIMEOUT_S: z.coerce.number().int().min(5).default(600),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'smtp://user:pass@host:587 or smtps://…:465 expected').optional(),
  MAIL_FROM: z.string().regex(/^[^\r\n]*@[^\r\n]+$/, 'an e-mail address, optionally with a name: "Stadt <noreply@example.org>"').default('stadtkern <noreply@localhost>'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DB_POOL_MAX: z.coerce.number().int().min(1).default(10),
  DATASTORE_SQL_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
  DATASTORE_SQL_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(32_000),
  DATASTORE_SEARCH_ROWS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(32_000),
  LINKCHECK_ALLOW_PRIVATE: bool.default(false),
  HARVEST_ALLOW_PRIVATE: bool.default(false),
  LINKCHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LINKCHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  LINKCHECK_MAX_AGE_HOURS: z.coerce.number().positive().default(24),
  DATASTORE_MAX_BYTES: z.coerce.number().int().min(1024).default(1024 ** 3),
  DATASTORE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  DATASTORE_ALLOW_PRIVATE: bool.default(false),
  DATASTORE_PUSH_MAX_RECORDS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  DATASTORE_KEEP_VERSIONS_DAYS: z.coerce.number().min(0).max(36_500).default(30),
  DATASTORE_AUTOLOAD: bool.default(true),
  DATASTORE_AUTOLOAD_PER_RUN: z.coerce.number().int().min(1).max(10_000).default(20),
  REQUESTS_PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  REQUESTS_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  REQUESTS_PERSONAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
  ANALYTICS_COMMENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  // Below 3 a published figure could single out one or two people: refused, not clamped.
  ANALYTICS_MIN_CELL: z.coerce.number().int('a whole number').min(3, 'at least 3: smaller published groups could single out individual users').max(1000).default(5),
  ANALYTICS_OPEN_DATA_MAX_ROWS: z.coerce.number().int('a whole number').min(1).max(10_000_000).default(100_000),
  CATALOG_TITLE: z.string().min(1).default('Offene Daten'),
  CATALOG_PUBLISHER: z.string().min(1).default('Betreiber dieser stadtkern-Installation'),
  CATALOG_CONTRIBUTOR_ID: z.string().regex(/^http:\/\/dcat-ap\.de\/def\/contributors\/\w+$/, 'an IRI from http://dcat-ap.de/def/contributors/').default('http://dcat-ap.de/def/contributors/hessen'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  publicUrl: string;
  trustProxy: boolean;
  cookieSecure: boolean;
  sessionTtlMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  loginRatePerMinute: number;
  bodyLimitBytes: number;
  /** Largest uploaded file (catalogue resources); streamed, so not bound by bodyLimitBytes. */
  uploadMaxBytes: number;
  tokenMaxDays: number;
  jobs: { enabled: boolean; pollMs: number; concurrency: number; lockTimeoutS: number };
  /** Outgoing e-mail (request notifications): SMTP server URL (none: e-mail off, notifications
   *  are marked skipped), sender, tries per mail before it counts as failed. */
  mail: { smtpUrl: string | undefined; from: string; maxAttempts: number };
  dbPoolMax: number;
  /**
   * Datastore reads: statement timeout of datastore_search_sql, datastore_search and the rows API;
   * row cap of datastore_search_sql (then records_truncated); largest `limit` of datastore_search.
   */
  datastoreQuery: { sqlTimeoutMs: number; sqlMaxRows: number; searchRowsMax: number };
  /** Link checks of catalogue resources (metadata quality). */
  linkCheck: { allowPrivate: boolean; timeoutMs: number; concurrency: number; maxAgeHours: number };
  /** Harvesting of other portals: may sources be private, loopback or link-local addresses? */
  harvest: { allowPrivate: boolean };
  /** The platform-wide DCAT-AP.de catalogue: title, publisher, GovData contributor id. */
  catalog: { title: string; publisher: string; contributorId: string };
  /** Datastore loads: largest file, time limit of a URL fetch, private addresses allowed (tests). */
  datastoreLoad: { maxBytes: number; fetchTimeoutMs: number; allowPrivate: boolean };
  /** Most records one datastore_create/datastore_upsert request may carry (also bound by bodyLimitBytes). */
  datastorePushMaxRecords: number;
  /** Datastore versions: days a replaced version's table stays downloadable; automatic first load of
   *  tabular resources (on/off, at most this many per run). */
  datastoreVersions: { keepDays: number; autoLoad: boolean; autoLoadPerRun: number };
  /** The citizen request form: largest photo (after which 413), requests per client IP and minute. */
  requestsCitizen: { photoMaxBytes: number; postsPerMinute: number };
  /** Citizen requests: days after resolution/closing before contact fields and photos are deleted. */
  requestsPrivacy: { retentionDays: number };
  /** Feedback comments of online services: days after receipt before the daily job deletes them. */
  analyticsComments: { retentionDays: number };
  /** Service analytics: figures from 1 to minCell − 1 are never published (open data, federal
   *  reports, other municipalities in comparisons); ANALYTICS_MIN_CELL, at least 3. One open data
   *  answer has at most openDataMaxRows rows (ANALYTICS_OPEN_DATA_MAX_ROWS). */
  analytics: { minCell: number; openDataMaxRows: number };
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    publicUrl,
    trustProxy: e.TRUST_PROXY,
    // Secure cookies only work over https; default follows the public URL.
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    tokenMaxDays: e.TOKEN_MAX_DAYS,
    jobs: { enabled: e.JOBS_ENABLED, pollMs: e.JOBS_POLL_MS, concurrency: e.JOBS_CONCURRENCY, lockTimeoutS: e.JOBS_LOCK_TIMEOUT_S },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, maxAttempts: e.MAIL_MAX_ATTEMPTS },
    dbPoolMax: e.DB_POOL_MAX,
    datastoreQuery: { sqlTimeoutMs: e.DATASTORE_SQL_TIMEOUT_MS, sqlMaxRows: e.DATASTORE_SQL_MAX_ROWS, searchRowsMax: e.DATASTORE_SEARCH_ROWS_MAX },
    linkCheck: { allowPrivate: e.LINKCHECK_ALLOW_PRIVATE, timeoutMs: e.LINKCHECK_TIMEOUT_MS, concurrency: e.LINKCHECK_CONCURRENCY, maxAgeHours: e.LINKCHECK_MAX_AGE_HOURS },
    harvest: { allowPrivate: e.HARVEST_ALLOW_PRIVATE },
    datastoreLoad: { maxBytes: e.DATASTORE_MAX_BYTES, fetchTimeoutMs: e.DATASTORE_FETCH_TIMEOUT_MS, allowPrivate: e.DATASTORE_ALLOW_PRIVATE },
    datastorePushMaxRecords: e.DATASTORE_PUSH_MAX_RECORDS,
    datastoreVersions: { keepDays: e.DATASTORE_KEEP_VERSIONS_DAYS, autoLoad: e.DATASTORE_AUTOLOAD, autoLoadPerRun: e.DATASTORE_AUTOLOAD_PER_RUN },
    requestsCitizen: { photoMaxBytes: e.REQUESTS_PHOTO_MAX_BYTES, postsPerMinute: e.REQUESTS_POSTS_PER_MINUTE },
    requestsPrivacy: { retentionDays: e.REQUESTS_PERSONAL_RETENTION_DAYS },
    analyticsComments: { retentionDays: e.ANALYTICS_COMMENT_RETENTION_DAYS },
    analytics: { minCell: e.ANALYTICS_MIN_CELL, openDataMaxRows: e.ANALYTICS_OPEN_DATA_MAX_ROWS },
    catalog: { title: e.CATALOG_TITLE, publisher: e.CATALOG_PUBLISHER, contributorId: e.CATALOG_CONTRIBUTOR_ID },
    ...overrides,
  };
}
