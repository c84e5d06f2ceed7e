// The modules of the platform. Each contributes routes and job handlers through its index.ts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';
import type { JobRunner } from '../modules/core/index.ts';
import { coreModule } from '../modules/core/index.ts';
import { catalogModule } from '../modules/catalog/index.ts';

export type PlatformModule = {
  name: string;
  registerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> | void;
  registerJobs?(jobs: JobRunner, deps: Omit<AppDeps, 'jobs'>): void;
};

export const MODULES: PlatformModule[] = [coreModule, catalogModule];
