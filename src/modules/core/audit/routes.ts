import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import * as c from '../contract.ts';
import { readAuditLog } from './service.ts';
import { tenantRef } from '../tenants/service.ts';

export function registerAuditRoutes(app: FastifyInstance, { db }: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/audit', {
    schema: {
      tags: ['Protokoll'], ...AUTHENTICATED,
      summary: 'Änderungsprotokoll (Kommunen-Administration: nur eigene Kommunen)',
      querystring: c.PageQuery.extend({ tenant: z.string().max(63).optional() }),
      response: { 200: c.Page(c.AuditEntry) },
    },
  }, async (req) => {
    const ctx = ctxOf(req, db);
    const tenantId = req.query.tenant ? (await tenantRef(ctx, req.query.tenant)).id : undefined;
    return readAuditLog(ctx, { tenantId, limit: req.query.limit, offset: req.query.offset });
  });
}
