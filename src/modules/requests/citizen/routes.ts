// The citizen side of requests, without login: the form's service catalogue, sending a request
// (multipart/form-data with an optional photo, or JSON), and the tracking page's data.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import * as c from './contract.ts';
import { readCitizenForm } from './form.ts';
import * as svc from './service.ts';

export function registerCitizenRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const tags = ['Anliegen (Bürgerinnen und Bürger)'];
  const cfg: svc.CitizenConfig = { photoMaxBytes: config.requestsCitizen.photoMaxBytes, publicUrl: config.publicUrl };
  void app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    // A refused upload ends the connection with the answer, so the browser stops sending the rest.
    scope.addHook('onError', async (req, reply) => {
      if (req.isMultipart() && !req.raw.complete) reply.header('connection', 'close');
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get('/api/v1/requests/services', {
      schema: { tags, summary: 'Kategorien (Dienste) einer Kommune mit ihren Zusatzfragen, für das Meldeformular', querystring: c.ServicesQuery, response: { 200: c.ServicesAnswer } },
    }, async (req) => svc.servicesFor(db, cfg, req.query.tenant));

    r.post('/api/v1/requests', {
      config: { publicWrite: true, rateLimit: { max: config.requestsCitizen.postsPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags, consumes: ['multipart/form-data', 'application/json'], response: { 201: c.SubmitAnswer },
        summary: 'Anliegen melden, ohne Anmeldung',
        description: 'Felder: tenant, service_code, lat und lon (WGS84) oder address, description, attribute[code] (JSON: attributes), email, notify; '
          + 'optional ein Foto im Feld "photo" (JPEG, PNG oder WebP, Ortsangaben und andere Metadaten werden entfernt). '
          + 'Die Antwort nennt die Nummer und den Verfolgungs-Link; der Link wird nur hier gezeigt.',
      },
    }, async (req, reply) => reply.status(201).send(await svc.submit(db, cfg, await readCitizenForm(req, cfg.photoMaxBytes))));

    r.get('/api/v1/requests/track/:token', {
      schema: { tags, summary: 'Stand eines Anliegens über den Verfolgungs-Link (nur öffentliche Einträge)', params: c.TrackParams, response: { 200: c.TrackAnswer } },
    }, async (req) => svc.track(db, req.params.token));
  });
}
