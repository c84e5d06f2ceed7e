// The read side of the datastore: CKAN actions and the REST rows/export API.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../server/app.ts';
import { registerQueryActions } from './ckan-actions.ts';
import { registerRowsRoutes } from './routes.ts';

export function registerQueryRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerQueryActions(deps.db, deps.config);
  registerRowsRoutes(app, deps);
}
