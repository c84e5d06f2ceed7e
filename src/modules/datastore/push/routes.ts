// Push publishing's HTTP side: the CKAN actions (datastore_create/upsert/delete) and the data
// dictionary API /api/v1/resources/{id}/datastore/fields.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../server/app.ts';
import { registerPushActions } from './actions.ts';
import { configurePush } from './settings.ts';

export function registerPushRoutes(_app: FastifyInstance, deps: AppDeps): void {
  configurePush(deps.db, deps.config);
  registerPushActions();
}
