// The browser editor's build: React with Monaco, everything bundled from node_modules (no CDN).
// `npm start` builds it when its sources changed (scripts/build-editor.mjs) and the server serves
// editor/dist. In development, `npx vite editor` serves it with the API proxied to the server.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco is one large chunk (about 4.5 MB), loaded only by the screens that edit; the first
    // screen does not wait for it.
    chunkSizeWarningLimit: 8192,
    // Rolldown's report of slow plugins is about Vite's own plugins here, not something to act on.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
