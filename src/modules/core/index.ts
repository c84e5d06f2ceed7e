// The door of the core module: what other modules and the server may use.
import type { PlatformModule } from '../../server/modules.ts';
import { registerTenantRoutes } from './tenants/routes.ts';
import { registerIdentityRoutes } from './identity/routes.ts';
import { registerAuditRoutes } from './audit/routes.ts';
import { registerJobRoutes } from './jobs/routes.ts';
import { registerCoreJobs } from './jobs/runner.ts';
import { seedDemo } from './seed/demo.ts';
import { cleanupPendingFiles } from './files/store.ts';

export { principalResolver } from './identity/principal.ts';
export { sha256 } from './identity/secrets.ts';
export { JobRunner, enqueueJob, enqueueJobs } from './jobs/runner.ts';
export { recordAudit, type AuditEvent } from './audit/service.ts';
export { requireTenantRole, requireScope, requirePlatformAdmin, canSeePrivate, hasRole } from './permissions.ts';
export { getTenant, listTenants, tenantRef } from './tenants/service.ts';
export type { CoreTables, Role } from './tables.ts';
export { storeFile, claimFile, deleteFile, storedFile, fileStream, formatBytes, CHUNK_BYTES, FileTooLarge, FileRefused, type StoredFile, type FileMeta } from './files/store.ts';

export const coreModule: PlatformModule = {
  name: 'core',
  registerRoutes(app, deps) {
    registerTenantRoutes(app, deps);
    registerIdentityRoutes(app, deps);
    registerAuditRoutes(app, deps);
    registerJobRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerCoreJobs(jobs, deps.db);
    jobs.register('core.files.cleanup', () => cleanupPendingFiles(deps.db));
    jobs.declareSchedule({ name: 'core.files.cleanup', type: 'core.files.cleanup', intervalSeconds: 3600 });
  },
  seedDemo,
};
