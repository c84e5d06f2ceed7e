// HTTP of staff case handling (/api/v1/requests/{number}/…, the inbox per municipality). Staff
// of the request's municipality only: viewers read, editors change.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { AssignBody, BulkAssignBody, InboxQuery, MergeBody, NoteBody, NumberParams, TenantParams, TransitionBody } from './contract.ts';
import * as svc from './service.ts';
import * as duplicates from './duplicates.ts';

export function registerCaseRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Anliegen (Sachbearbeitung)'];
  r.get('/api/v1/tenants/:slug/requests', {
    schema: { tags, ...AUTHENTICATED, params: TenantParams, querystring: InboxQuery, summary: 'Posteingang: Anliegen der Kommune, die fälligsten zuerst (Filter: state, auch "open"; department; assignee; service)' },
  }, async (req) => svc.inbox(ctxOf(req, db), req.params.slug, req.query));
  r.post('/api/v1/tenants/:slug/requests/assign', {
    schema: { tags, ...AUTHENTICATED, params: TenantParams, body: BulkAssignBody, summary: 'Mehrere Anliegen auf einmal zuweisen (alle oder keines)' },
  }, async (req) => svc.bulkAssign(ctxOf(req, db), req.params.slug, req.body));
  r.get('/api/v1/requests/:number', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, summary: 'Ein Anliegen mit Kontaktdaten und ganzem Verlauf (Sachbearbeitung)' },
  }, async (req) => svc.getCase(ctxOf(req, db), req.params.number));
  r.post('/api/v1/requests/:number/transitions', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, body: TransitionBody, summary: 'Status ändern (nur erlaubte Übergänge; sonst 409)' },
  }, async (req) => svc.transition(ctxOf(req, db), req.params.number, req.body));
  r.post('/api/v1/requests/:number/notes', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, body: NoteBody, summary: 'Interne Notiz (public: false) oder öffentliche Nachricht an die Meldenden (public: true)' },
  }, async (req, reply) => reply.status(201).send(await svc.addNote(ctxOf(req, db), req.params.number, req.body)));
  r.get('/api/v1/requests/:number/duplicates', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, summary: 'Mögliche Duplikate: derselbe Dienst höchstens 100 m entfernt, höchstens 7 Tage auseinander' },
  }, async (req) => duplicates.suggestions(ctxOf(req, db), req.params.number));
  r.post('/api/v1/requests/:number/merge', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, body: MergeBody, summary: 'Als Duplikat schließen und mit einem anderen Anliegen zusammenführen' },
  }, async (req) => duplicates.merge(ctxOf(req, db), req.params.number, req.body.into));
  r.post('/api/v1/requests/:number/assign', {
    schema: { tags, ...AUTHENTICATED, params: NumberParams, body: AssignBody, summary: 'Abteilung, Bearbeiter/in oder Priorität setzen' },
  }, async (req) => svc.assign(ctxOf(req, db), req.params.number, req.body));
}
