// Builds the web UI into <repo>/dist/web, which the server serves with an SPA fallback.
// In development (`npx vite --config src/web/vite.config.ts`) the API runs on :3000 and is proxied.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '../..');
const api = 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // The server's CSP forbids inline scripts, so nothing may be inlined as a data: script.
    assetsInlineLimit: 0,
    sourcemap: true,
    // Chart (~540 kB) and map (~1 MB) libraries are chunks of their own, loaded only on pages
    // that show a chart or a map.
    chunkSizeWarningLimit: 1200,
  },
  // MapLibre's worker is an ES module (it imports its shared chunk).
  worker: { format: 'es' },
  server: {
    port: 5173,
    // Module pages live in src/modules/*/web, outside the web root.
    fs: { allow: [repoRoot] },
    proxy: { '/api': api, '/-/': api },
  },
});
