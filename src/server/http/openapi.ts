import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../version.ts';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'stadtkern API',
        version: VERSION,
        description:
          'API der Plattform stadtkern. Lesen ist öffentlich, Schreiben braucht eine Anmeldung: ' +
          'ein API-Token (`Authorization: Bearer <token>`) oder eine Sitzung mit CSRF-Token. ' +
          'Fehler kommen als `application/problem+json` (RFC 9457) mit allen ungültigen Feldern in `errors`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API-Token, einmalig bei der Erstellung angezeigt' },
          session: { type: 'apiKey', in: 'cookie', name: 'stadtkern_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

/** OpenAPI security requirement for routes that need a token or a session. */
export const AUTHENTICATED: { security: { [label: string]: string[] }[] } = { security: [{ bearer: [] }, { session: [] }] };
