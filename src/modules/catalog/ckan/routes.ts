// /api/3/action/<name> and /api/action/<name>: CKAN's envelope, status codes and error types,
// so existing CKAN clients and harvesters work unchanged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { ctxOf } from '../../../server/http/auth.ts';
import { AppError } from '../../../server/http/errors.ts';
import type { AppDeps } from '../../../server/app.ts';
import { ACTIONS, type Params } from './actions.ts';
import { CkanValidation } from './errors.ts';
import { SolrSyntaxError, UnknownFieldError } from '../search/solr-query.ts';
import { ckanMultipartAction } from '../uploads/service.ts';
import { uploadConfig } from '../uploads/routes.ts';
import { closeOnRefusedUpload } from '../uploads/multipart.ts';

class CkanBadRequest extends Error {}

const helpUrl = (req: FastifyRequest, name: string) => `${req.protocol}://${req.host}/api/3/action/help_show?name=${encodeURIComponent(name)}`;

function envelopeError(req: FastifyRequest, reply: FastifyReply, name: string, err: unknown) {
  const help = helpUrl(req, name);
  const fail = (status: number, error: Record<string, unknown>) => reply.status(status).type('application/json; charset=utf-8').send({ help, success: false, error });
  if (err instanceof CkanBadRequest) return reply.status(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - ${err.message}`));
  if (err instanceof CkanValidation) return fail(409, { __type: 'Validation Error', ...err.fields });
  // Fastify's own errors (e.g. body too large) may be RangeErrors too: those carry a status code.
  if (err instanceof SolrSyntaxError || err instanceof UnknownFieldError || (err instanceof RangeError && (err as { statusCode?: number }).statusCode === undefined)) {
    return fail(409, { __type: 'Search Query Error', message: err.message.startsWith('Search Query is invalid') ? err.message : `Search Query is invalid: ${err.message}` });
  }
  if (err instanceof AppError) {
    const fields = Object.fromEntries(err.issues.map((i) => [i.field.replace(/^body\./, ''), [i.message]]));
    if (err.status === 404) return fail(404, { __type: 'Not Found Error', message: 'Not found' });
    if (err.status === 413) return fail(413, { __type: 'Validation Error', ...(Object.keys(fields).length ? fields : { message: err.message }) });
    if (err.status === 401 || err.status === 403) return fail(403, { __type: 'Authorization Error', message: `Access denied: ${err.message}` });
    if (err.status === 429) return fail(429, { __type: 'Rate Limit', message: err.message });
    return fail(409, { __type: 'Validation Error', ...(Object.keys(fields).length ? fields : { message: err.message }) });
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 413) return fail(413, { __type: 'Validation Error', message: 'Request body too large' });
  if (status && status >= 400 && status < 500) return fail(status, { __type: 'Validation Error', message: (err as Error).message });
  req.log.error({ err }, 'CKAN action failed');
  return fail(500, { __type: 'Internal Server Error', message: 'Internal Server Error' });
}

export function registerCkanRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  const uploads = uploadConfig(deps);
  // Like CKAN (request.get_json(force=True)), any body is read as JSON, whatever its content type,
  // except multipart/form-data: form fields as parameters, and resource files (field `upload`).
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body ?? '');
      if (text.trim() === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(new CkanBadRequest(`JSON Error: ${(e as Error).message}`), undefined);
      }
    });
    await scope.register(multipart, { throwFileSizeLimit: false });
    closeOnRefusedUpload(scope);
    scope.setErrorHandler((err, req, reply) => envelopeError(req, reply, (req.params as { name?: string })?.name ?? '', err));
    const handler = async (req: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
      const name = req.params.name;
      const action = Object.prototype.hasOwnProperty.call(ACTIONS, name) ? ACTIONS[name] : undefined;
      if (!action) throw new CkanBadRequest(`Action name not known: ${name}`);
      const ctx = ctxOf(req, db);
      if (req.isMultipart()) {
        const result = await ckanMultipartAction(ctx, req, name, (p) => action.run(ctx, p), uploads);
        return reply.type('application/json; charset=utf-8').send({ help: helpUrl(req, name), success: true, result });
      }
      const body = req.method === 'POST' ? req.body : undefined;
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw new CkanBadRequest('JSON Error: Request data JSON decoded to an object that is not a dictionary');
      // GET parameters arrive as strings; POST bodies as JSON values (CKAN accepts both).
      const params: Params = { ...((req.query ?? {}) as Params), ...((body as Params | undefined) ?? {}) };
      const result = await action.run(ctx, params);
      return reply.type('application/json; charset=utf-8').send({ help: helpUrl(req, name), success: true, result });
    };
    for (const prefix of ['/api/3/action', '/api/action']) {
      // Reads may be POSTed anonymously (CKAN clients do); writes check the caller in the service.
      scope.get(`${prefix}/:name`, { schema: { hide: true } }, handler);
      scope.post(`${prefix}/:name`, { schema: { hide: true }, config: { publicWrite: true } }, handler);
    }
  });
}
