// The modules of the platform. Each contributes routes and job handlers through its index.ts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';
import type { Db } from './db/connect.ts';
import type { JobRunner } from '../modules/core/index.ts';
import { coreModule } from '../modules/core/index.ts';
import { catalogModule } from '../modules/catalog/index.ts';
import { datastoreModule } from '../modules/datastore/index.ts';
import { requestsModule } from '../modules/requests/index.ts';
import { analyticsModule } from '../modules/analytics/index.ts';

export type PlatformModule = {
  name: string;
  registerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> | void;
  registerJobs?(jobs: JobRunner, deps: Omit<AppDeps, 'jobs'>): void;
  /** Idempotent demo content, run after core's tenants exist (`seed-demo`, `serve --demo`). */
  seedDemo?(db: Db, log: (m: string) => void): Promise<void>;
};

export const MODULES: PlatformModule[] = [coreModule, catalogModule, datastoreModule, requestsModule, analyticsModule];

/** Every module's demo content, in module order (core's tenants first). */
export async function seedAllDemo(db: Db, log: (m: string) => void): Promise<void> {
  for (const m of MODULES) await m.seedDemo?.(db, log);
}
