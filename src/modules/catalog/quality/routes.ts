// /api/v1/catalog/…/quality: the metadata quality of a dataset, a publisher and a tenant.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import * as c from './contract.ts';
import * as svc from './service.ts';

const NAME = z.string().min(1).max(100);

export function registerQualityRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Metadatenqualität'];
  r.get('/api/v1/catalog/datasets/:idOrName/quality', {
    schema: {
      tags, summary: 'Metadatenqualität eines Datensatzes (nach der MQA-Methodik von data.europa.eu) mit Hinweisen',
      description: 'Sichtbar wie `package_show`: private Datensätze und Entwürfe nur für Mitglieder der Kommune.',
      params: z.object({ idOrName: NAME }), response: { 200: c.DatasetQuality },
    },
  }, async (req) => svc.datasetQuality(ctxOf(req, db), req.params.idOrName));
  r.get('/api/v1/catalog/organizations/:name/quality', {
    schema: {
      tags, summary: 'Metadatenqualität einer veröffentlichenden Stelle: Mittel über ihre öffentlichen Datensätze, die schwächsten zuerst',
      params: z.object({ name: NAME }), querystring: c.WorstQuery, response: { 200: c.OrganizationQuality },
    },
  }, async (req) => svc.organizationQuality(ctxOf(req, db), req.params.name, req.query.worst));
  r.get('/api/v1/catalog/tenants/:slug/quality', {
    schema: {
      tags, summary: 'Metadatenqualität einer Kommune über alle ihre Organisationen',
      params: z.object({ slug: z.string().min(1).max(63) }), querystring: c.WorstQuery, response: { 200: c.TenantQuality },
    },
  }, async (req) => svc.tenantQuality(ctxOf(req, db), req.params.slug, req.query.worst));
}
