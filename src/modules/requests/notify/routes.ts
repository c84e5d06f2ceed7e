// HTTP of notification settings: the escalation contacts of a department.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { ContactsBody, ContactsParams, ContactsView } from './contract.ts';
import * as contacts from './contacts.ts';
import { configureNotifications } from './settings.ts';

export function registerNotifyRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  configureNotifications({ publicUrl: config.publicUrl });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Sachbearbeitung)'];
  const url = '/api/v1/tenants/:slug/departments/:department/contacts';
  r.get(url, {
    schema: { tags, ...AUTHENTICATED, params: ContactsParams, response: { 200: ContactsView }, summary: 'Eskalationskontakte einer Abteilung (Teamleitung, Amtsleitung)' },
  }, async (req) => contacts.getContacts(ctxOf(req, db), req.params.slug, req.params.department));
  r.put(url, {
    schema: {
      tags, ...AUTHENTICATED, params: ContactsParams, body: ContactsBody, response: { 200: ContactsView },
      summary: 'Eskalationskontakte setzen (nur Administration der Kommune); null entfernt einen Kontakt, dann gilt die E-Mail-Adresse der Abteilung',
    },
  }, async (req) => contacts.putContacts(ctxOf(req, db), req.params.slug, req.params.department, req.body));
}
