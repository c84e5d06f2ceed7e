// /-/ system endpoints (Datasette style): health for load balancers, version for ops.
import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app.ts';
import { VERSION } from '../version.ts';

const startedAt = new Date();

export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/-/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Gesundheitsprüfung (prüft die Datenbank)',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.literal('ok'), latencyMs: z.number() }),
          503: z.object({ status: z.literal('error'), database: z.literal('error'), detail: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      const t0 = performance.now();
      try {
        await sql`SELECT 1`.execute(deps.db);
        return { status: 'ok' as const, database: 'ok' as const, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
      } catch (err) {
        return reply.status(503).send({ status: 'error' as const, database: 'error' as const, detail: String((err as Error).message) });
      }
    },
  );
  r.get(
    '/-/version',
    {
      schema: {
        tags: ['system'],
        summary: 'Version und Laufzeit',
        response: { 200: z.object({ name: z.string(), version: z.string(), node: z.string(), startedAt: z.string() }) },
      },
    },
    async () => ({ name: 'stadtkern', version: VERSION, node: process.version, startedAt: startedAt.toISOString() }),
  );
}
