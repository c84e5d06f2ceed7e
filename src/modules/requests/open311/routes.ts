// Open311 GeoReport v2 at /open311/v2/…{.json|.xml}: discovery, services, service definitions,
// POST and GET requests. Open311 speaks its own error array (JSON or XML) with 404/403/400, not
// problem+json; the routes parse their input themselves for that reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../server/app.ts';
import { AppError } from '../../../server/http/errors.ts';
import { principalResolver } from '../../core/index.ts';
import { definitionJson, requestJson, serviceJson, toXml, updateJson, type Open311Error } from './format.ts';
import { parseForm, readPost, readRequestQuery } from './input.ts';
import * as svc from './service.ts';

export const OPEN311_BASE = '/open311/v2';
type Format = 'json' | 'xml';
type Q = Record<string, string | undefined>;

function send(reply: FastifyReply, format: Format, status: number, root: string, body: unknown) {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, body));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Runs a handler; failures become the Open311 error array in the asked format. */
function open311(handler: (req: FastifyRequest, format: Format) => Promise<{ root: string; body: unknown; status?: number }>) {
  return async (req: FastifyRequest<{ Params: { format: string } }>, reply: FastifyReply) => {
    const format = req.params.format;
    if (format !== 'json' && format !== 'xml') return send(reply, 'json', 404, 'errors', [{ code: 404, description: `Format "${format}" gibt es nicht: .json oder .xml` }]);
    try {
      const r = await handler(req, format);
      return send(reply, format, r.status ?? 200, r.root, r.body);
    } catch (err) {
      const [status, errors]: [number, Open311Error[]] = err instanceof svc.Open311Failure ? [err.status, err.errors]
        : err instanceof AppError && err.status < 500 ? [err.status, [{ code: err.status, description: err.message }]] : [0, []];
      if (!status) throw err;
      return send(reply, format, status, 'errors', errors);
    }
  };
}

export function registerOpen311Routes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const resolver = principalResolver(db, config);
  const common = { schema: { tags: ['Open311 GeoReport v2'], hide: false } };
  void app.register(async (scope) => {
    // The spec's POST body is a form; `attribute[code][]` needs more than a flat parser.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));

    scope.get(`${OPEN311_BASE}/discovery.:format`, { ...common, schema: { ...common.schema, summary: 'Open311 Service Discovery' } }, open311(async (req) => {
      const base = `${req.protocol}://${req.host}${OPEN311_BASE}`;
      return {
        root: 'discovery',
        body: {
          changeset: '2026-11-23T00:00:00Z', contact: 'Über die Kommune (jurisdiction_id = Kurzname der Kommune, z. B. giessen)', key_service: `${req.protocol}://${req.host}/verwaltung/tokens`,
          endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-11-23T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }],
        },
      };
    }));

    scope.get(`${OPEN311_BASE}/services.:format`, { ...common, schema: { ...common.schema, summary: 'Open311: Dienste einer Kommune (jurisdiction_id)' } }, open311(async (req) => {
      const j = await svc.jurisdiction(db, (req.query as Q).jurisdiction_id);
      return { root: 'services', body: (await svc.services(db, j)).map(serviceJson) };
    }));

    scope.get(`${OPEN311_BASE}/services/:code.:format`, { ...common, schema: { ...common.schema, summary: 'Open311: Dienstdefinition (Attribute)' } }, open311(async (req) => {
      const j = await svc.jurisdiction(db, (req.query as Q).jurisdiction_id);
      return { root: 'service_definition', body: definitionJson(await svc.service(db, j, (req.params as { code: string }).code)) };
    }));

    scope.post(`${OPEN311_BASE}/requests.:format`, {
      ...common, config: { publicWrite: true }, schema: { ...common.schema, summary: 'Open311: Anliegen melden (api_key nötig)' },
    }, open311(async (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const input = readPost(body);
      const j = await svc.jurisdiction(db, typeof body.jurisdiction_id === 'string' ? body.jurisdiction_id : (req.query as Q).jurisdiction_id);
      // The client's key is an API token with the "write" scope; it names the app that reported.
      const client = input.api_key ? await resolver.fromToken(input.api_key) : undefined;
      if (!client || !client.scopes.has('write')) throw new svc.Open311Failure(403, [{ code: 403, description: input.api_key ? 'api_key ist ungültig, abgelaufen, widerrufen oder ohne Schreibrecht' : 'api_key fehlt' }]);
      const { number } = await svc.postRequest(db, j, client.name || client.email, input);
      return { root: 'service_requests', status: 201, body: [{ service_request_id: number, service_notice: null, account_id: null }] };
    }));

    scope.get(`${OPEN311_BASE}/requests.:format`, { ...common, schema: { ...common.schema, summary: 'Open311: Anliegen suchen' } }, open311(async (req) => {
      const q = req.query as Record<string, unknown>;
      const { query, errors } = readRequestQuery(q);
      const j = await svc.jurisdiction(db, typeof q.jurisdiction_id === 'string' ? q.jurisdiction_id : undefined);
      if (errors.length) throw new svc.Open311Failure(400, errors);
      return { root: 'service_requests', body: (await svc.findRequests(db, j, query)).map(requestJson) };
    }));

    // mySociety's extension: what happened to requests in a time window (state changes and public updates).
    scope.get(`${OPEN311_BASE}/servicerequestupdates.:format`, { ...common, schema: { ...common.schema, summary: 'Open311-Erweiterung (mySociety): öffentliche Neuigkeiten zu Anliegen' } }, open311(async (req) => {
      const q = req.query as Record<string, unknown>;
      const { query, errors } = readRequestQuery({ start_date: q.start_date, end_date: q.end_date, page_size: q.page_size });
      const j = await svc.jurisdiction(db, typeof q.jurisdiction_id === 'string' ? q.jurisdiction_id : undefined);
      if (errors.length) throw new svc.Open311Failure(400, errors);
      return { root: 'service_requests_updates', body: (await svc.findUpdates(db, j, query)).map(updateJson) };
    }));

    scope.get(`${OPEN311_BASE}/requests/:id.:format`, { ...common, schema: { ...common.schema, summary: 'Open311: ein Anliegen' } }, open311(async (req) => {
      const j = await svc.jurisdiction(db, (req.query as Q).jurisdiction_id);
      return { root: 'service_requests', body: (await svc.findRequest(db, j, (req.params as { id: string }).id)).map(requestJson) };
    }));
  });
}
