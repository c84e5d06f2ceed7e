// buildApp assembles the HTTP application without listening, so tests can use inject().
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { registerErrorHandlers, TooManyRequests } from './http/errors.ts';
import { registerAuth } from './http/auth.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerSystemRoutes } from './http/system.ts';
import { MODULES } from './modules.ts';
import { principalResolver } from '../modules/core/index.ts';
import type { JobRunner } from '../modules/core/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(root, 'dist/web');

export type AppDeps = { config: Config; db: Db; jobs?: JobRunner };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Caps a single request's time on the socket; long work belongs in jobs.
    requestTimeout: 60_000,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandlers(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The API reference page styles itself inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Per-instance memory store: a second line of defence in front of the per-account lockout,
  // which lives in the database and so holds across instances.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => TooManyRequests(`Höchstens ${ctx.max} Anfragen pro Minute`, ctx.ttl / 1000),
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await registerOpenApi(app);
  registerAuth(app, principalResolver(deps.db, config));
  registerSystemRoutes(app, deps);
  for (const m of MODULES) await app.register((scope) => m.registerRoutes(scope, deps));
  await serveWebApp(app);
  return app;
}

/** Serves the built React app; unknown non-API paths get index.html for client-side routing. */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    app.log.warn('dist/web is missing: run `npm run build:web` to serve the web interface');
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const p = req.url.split('?')[0] ?? '';
    if (p.startsWith('/api/') || p.startsWith('/-/')) {
      return reply.callNotFound();
    }
    if (/\.[a-z0-9]+$/i.test(p)) {
      return reply.sendFile(p.slice(1), { maxAge: '1y', immutable: p.startsWith('/assets/') });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
