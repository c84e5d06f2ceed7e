// German names for the API's codes, in one place so every page says the same.
import type { Job, Role, Scope, Tenant } from '../../../web/types.ts';

export const ROLE_LABEL: Record<Role, string> = { admin: 'Administration', editor: 'Redaktion', viewer: 'Lesen' };
export const SCOPE_LABEL: Record<Scope, string> = { read: 'Lesen', write: 'Schreiben', admin: 'Verwaltung' };
export const TENANT_TYPE_LABEL: Record<Tenant['type'], string> = { municipality: 'Stadt', district: 'Landkreis' };
export const JOB_STATUS_LABEL: Record<Job['status'], string> = {
  queued: 'Wartet',
  running: 'Läuft',
  succeeded: 'Erfolgreich',
  failed: 'Fehlgeschlagen',
  cancelled: 'Abgebrochen',
};

export const ROLE_OPTIONS = (Object.keys(ROLE_LABEL) as Role[]).map((r) => ({ value: r, label: ROLE_LABEL[r] }));
export const SCOPE_OPTIONS = (Object.keys(SCOPE_LABEL) as Scope[]).map((s) => ({ value: s, label: SCOPE_LABEL[s] }));
