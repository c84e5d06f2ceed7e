// HTTP of request routing areas: a municipality's boundary and districts as GeoJSON.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { AreasBody, AreasParams } from './contract.ts';
import * as svc from './service.ts';

export function registerRoutingRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Sachbearbeitung)'];
  r.get('/api/v1/tenants/:slug/request-areas', {
    schema: { tags, params: AreasParams.pick({ slug: true }), summary: 'Gemeindegrenze und Bezirke der Kommune (GeoJSON), nach denen Anliegen zugestellt werden' },
  }, async (req) => svc.getAreas(ctxOf(req, db), req.params.slug));
  r.put('/api/v1/tenants/:slug/request-areas/:kind', {
    schema: {
      tags, ...AUTHENTICATED, params: AreasParams, body: AreasBody,
      summary: 'Gemeindegrenze (kind=boundary) oder Bezirke (kind=district) ersetzen; Bezirke mit properties.department und optional properties.services',
    },
  }, async (req) => svc.putAreas(ctxOf(req, db), req.params.slug, req.params.kind, req.body));
}
