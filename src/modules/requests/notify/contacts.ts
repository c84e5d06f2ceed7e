// Department contacts for escalations: set by the municipality's admins, read by its staff.
import type { Ctx } from '../../../server/http/context.ts';
import { NotFound } from '../../../server/http/errors.ts';
import { recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import type { ContactsBodyT } from './contract.ts';
import * as repo from './repo.ts';
import { CONTACT_ROLES, type ContactRole } from './tables.ts';

async function departmentOf(ctx: Ctx, slug: string, department: string) {
  const tenant = await tenantRef(ctx, slug);
  return { tenant, dep: await repo.findDepartment(ctx.db, tenant.id, department) };
}

async function view(db: Ctx['db'], dep: { id: string; slug: string; email: string | null }) {
  const rows = await repo.listContacts(db, dep.id);
  const of = (role: ContactRole) => rows.find((r) => r.role === role)?.email ?? null;
  return { department: dep.slug, team_lead: of('team_lead'), head_of_unit: of('head_of_unit'), department_email: dep.email };
}

export async function getContacts(ctx: Ctx, slug: string, department: string) {
  const { tenant, dep } = await departmentOf(ctx, slug, department);
  requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  if (!dep) throw NotFound(`Abteilung „${department}“`);
  return view(ctx.db, dep);
}

export async function putContacts(ctx: Ctx, slug: string, department: string, body: ContactsBodyT) {
  const { tenant, dep } = await departmentOf(ctx, slug, department);
  // Permission before existence, so outsiders cannot probe department names.
  requireTenantRole(ctx, tenant.id, 'admin', 'write');
  if (!dep) throw NotFound(`Abteilung „${department}“`);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await view(trx, dep);
    for (const role of CONTACT_ROLES) {
      const email = body[role];
      if (email === undefined) continue;
      if (email === null) await repo.removeContact(trx, dep.id, role);
      else await repo.setContact(trx, { tenantId: tenant.id, departmentId: dep.id, role, email });
    }
    const after = await view(trx, dep);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'requests.department_contacts.update', entityType: 'department', entityId: dep.id, before, after });
    return after;
  });
}
