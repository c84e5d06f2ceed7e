// Download of uploaded resource files at CKAN's address, and the plain REST upload.
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import { fileStream } from '../../core/index.ts';
import * as svc from './service.ts';
import { closeOnRefusedUpload } from './multipart.ts';

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function attachment(filename: string): string {
  const fallback = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'datei';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function uploadConfig({ config }: AppDeps): svc.UploadConfig {
  return { maxBytes: config.uploadMaxBytes, baseUrl: config.publicUrl };
}

export function registerUploadRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  const cfg = uploadConfig(deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Offene Daten'];

  r.get('/dataset/:id/resource/:rid/download/:filename', {
    schema: {
      tags, summary: 'Hochgeladene Datei einer Ressource (CKAN-Adresse); Link-Ressourcen leiten weiter',
      params: z.object({ id: z.string().max(200), rid: z.string().max(64), filename: z.string().max(500) }),
    },
  }, async (req, reply) => {
    const d = await svc.download(ctxOf(req, db), req.params.id, req.params.rid);
    if ('redirect' in d) return reply.redirect(d.redirect, 302);
    const f = d.file;
    const etag = `"${f.sha256}"`;
    reply
      .header('etag', etag)
      .header('cache-control', `${d.cache}, no-cache`)
      .header('content-type', f.content_type)
      .header('content-disposition', attachment(f.filename));
    const match = req.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
    reply.header('content-length', f.size);
    // HEAD: Fastify keeps the Content-Length of a stream answer; an empty one reads nothing.
    if (req.method === 'HEAD') return reply.send(Readable.from([]));
    return reply.send(fileStream(db, f));
  });

  // The REST upload speaks multipart/form-data only, in its own scope.
  app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    closeOnRefusedUpload(scope);
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/catalog/datasets/:idOrName/resources/upload', {
      schema: {
        tags, ...AUTHENTICATED, consumes: ['multipart/form-data'],
        summary: 'Datei als neue Ressource hochladen (multipart/form-data: Datei im Feld "upload", dazu name, description, format, license)',
        params: z.object({ idOrName: z.string().max(200) }),
      },
    }, async (req, reply) => reply.status(201).send(await svc.restUpload(ctxOf(req, db), req, req.params.idOrName, cfg)));
  });
}
