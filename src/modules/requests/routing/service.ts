// Where a report goes: to the member of a cooperation whose boundary holds the point, and
// within a municipality to the department of the first district rule that matches the point and
// the service (else the service's own department).
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, type FieldIssue } from '../../../server/http/errors.ts';
import { requireTenantRole, tenantRef } from '../../core/index.ts';
import type { AreasBodyT } from './contract.ts';
import { bboxOf, contains, geometryProblem, type Area } from './geo.ts';
import * as repo from './repo.ts';

export async function putAreas(ctx: Ctx, slug: string, kind: 'boundary' | 'district', body: AreasBodyT) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'admin', 'write');
  const issues: FieldIssue[] = [];
  const departments = new Map((await ctx.db.selectFrom('core_departments').select(['id', 'slug']).where('tenant_id', '=', tenant.id).execute()).map((d) => [d.slug, d.id]));
  const services = new Set((await ctx.db.selectFrom('requests_services').select('code').where('tenant_id', '=', tenant.id).execute()).map((s) => s.code));
  const areas = body.features.map((f, i) => {
    const problem = geometryProblem(f.geometry);
    if (problem) issues.push({ field: `features.${i}.geometry`, message: problem });
    const dep = f.properties.department ?? null;
    if (dep && !departments.has(dep)) issues.push({ field: `features.${i}.properties.department`, message: `Abteilung „${dep}“ gibt es nicht` });
    for (const c of f.properties.services ?? []) if (!services.has(c)) issues.push({ field: `features.${i}.properties.services`, message: `Dienst „${c}“ gibt es nicht` });
    if (kind === 'boundary' && (dep || f.properties.services?.length)) issues.push({ field: `features.${i}.properties`, message: 'eine Gemeindegrenze hat keine Abteilung und keine Dienste' });
    return { f, dep };
  });
  if (issues.length) throw BadRequest('Die Flächen sind nicht verwendbar', issues);
  await ctx.db.transaction().execute((trx) => repo.replaceAreas(trx, tenant.id, kind, areas.map(({ f, dep }, position) => ({
    name: f.properties.name, geometry: f.geometry, ...bboxOf(f.geometry as Area), department_id: dep ? departments.get(dep)! : null, service_codes: f.properties.services ?? [], position,
  }))));
  return { kind, areas: areas.length };
}

export async function getAreas(ctx: Ctx, slug: string) {
  const tenant = await tenantRef(ctx, slug);
  const rows = await repo.listAreas(ctx.db, tenant.id);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({ type: 'Feature', properties: { kind: r.kind, name: r.name, department: r.department, services: r.service_codes }, geometry: r.geometry })),
  };
}

/** The member of the cooperation whose boundary holds the point (the first, if boundaries overlap). */
export async function memberAt(db: Db, cooperationId: string, lat: number, lon: number): Promise<{ id: string; slug: string; name: string } | undefined> {
  const members = await repo.members(db, cooperationId);
  const areas = await repo.areasAt(db, 'boundary', lat, lon, members.map((m) => m.id));
  const hit = areas.find((a) => contains(a.geometry as Area, lat, lon));
  return hit && members.find((m) => m.id === hit.tenant_id);
}

/** The department of the first district rule for this point and service, if any. */
export async function districtDepartment(db: Db, tenantId: string, serviceCode: string, lat: number, lon: number): Promise<string | undefined> {
  const areas = await repo.areasAt(db, 'district', lat, lon, [tenantId]);
  const rule = areas.find((a) => a.department_id && (!a.service_codes.length || a.service_codes.includes(serviceCode)) && contains(a.geometry as Area, lat, lon));
  return rule?.department_id ?? undefined;
}

export { findCooperation } from './repo.ts';
