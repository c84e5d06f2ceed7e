// HTTP of the service catalogue: public lists per municipality and per cooperation, and the
// admin writes (define, deactivate, adopt). The SLA policies of a service live in deadlines/.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { AdoptBody, CooperationParams, CooperationServiceList, ListQuery, ServiceBody, ServiceList, ServiceParams, ServiceView, TenantParams } from './contract.ts';
import * as svc from './service.ts';

export function registerCatalogueRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Dienstkatalog)'];
  const base = '/api/v1/tenants/:slug/request-services';
  r.get(base, {
    schema: { tags, params: TenantParams, querystring: ListQuery, response: { 200: ServiceList }, summary: 'Dienstkatalog einer Kommune: aktive Dienste mit Fragen, Abteilung, Servicelevel und Herkunft' },
  }, async (req) => svc.listServices(ctxOf(req, db), req.params.slug, req.query.include_inactive === 'true'));
  r.put(`${base}/:code`, {
    schema: { tags, ...AUTHENTICATED, params: ServiceParams, body: ServiceBody, response: { 200: ServiceView, 201: ServiceView }, summary: 'Dienst anlegen oder ändern (Administration der Kommune)' },
  }, async (req, reply) => {
    const { created, service } = await svc.putService(ctxOf(req, db), req.params.slug, req.params.code, req.body);
    return reply.status(created ? 201 : 200).send(service);
  });
  r.delete(`${base}/:code`, {
    schema: { tags, ...AUTHENTICATED, params: ServiceParams, response: { 200: ServiceView }, summary: 'Dienst abschalten (bestehende Anliegen behalten ihn)' },
  }, async (req) => svc.deactivateService(ctxOf(req, db), req.params.slug, req.params.code));
  r.post(`${base}/adopt`, {
    schema: { tags, ...AUTHENTICATED, params: TenantParams, body: AdoptBody, response: { 201: ServiceView }, summary: 'Dienst eines Kooperationspartners übernehmen (mit SLA-Richtlinien, Verweis auf das Original)' },
  }, async (req, reply) => reply.status(201).send(await svc.adoptService(ctxOf(req, db), req.params.slug, req.body)));
  r.get('/api/v1/cooperations/:slug/request-services', {
    schema: { tags, params: CooperationParams, response: { 200: CooperationServiceList }, summary: 'Dienste der Mitglieder einer Kooperation, zum Übernehmen' },
  }, async (req) => svc.cooperationServices(ctxOf(req, db), req.params.slug));
}
