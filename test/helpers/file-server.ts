// A loopback web server for load tests: files by path (body, type, status, ETag with 304 on a
// matching If-None-Match), a path that never answers (`hang`), and the requests it saw.
import http from 'node:http';

export type Route = { body: string | Buffer; type?: string; status?: number; etag?: string };

export type FileServer = { routes: Map<string, Route>; base: string; seen: { path: string; ifNoneMatch?: string }[]; close(): void };

export async function fileServer(o: { hang?: string } = {}): Promise<FileServer> {
  const routes = new Map<string, Route>();
  const seen: FileServer['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url!, ifNoneMatch: req.headers['if-none-match'] });
    if (req.url === o.hang) return; // never answers
    const r = routes.get(req.url!);
    if (!r) return res.writeHead(404).end();
    if (r.etag && req.headers['if-none-match'] === r.etag) return res.writeHead(304).end();
    res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/csv', ...(r.etag && { etag: r.etag }) }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    routes, seen,
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
