// The browser editor (editor/dist, built by scripts/build-editor.ts) on every address outside the
// API: its hashed assets cached for a year, and index.html for any other GET, so that an address
// inside the app (/policies/saas-tax) can be reloaded and shared.
//
// Security: the page may load scripts, styles, workers and connections from this origin only
// (Monaco needs inline styles), frames only from itself and its own object URLs (the PDF preview;
// the HTML preview is a sandboxed srcdoc frame), and may not be framed by another site.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { AppError } from '../errors/app-error';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  // The PDF preview shows the PDF the server printed from an object URL.
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Paths that are never the app's page: the API, the probes, and assets (a missing one is a 404). */
function isNotAppPath(requestPath: string): boolean {
  return (
    requestPath === '/api' ||
    requestPath.startsWith('/api/') ||
    requestPath.startsWith('/assets/') ||
    requestPath === '/healthz' ||
    requestPath === '/readyz'
  );
}

export function serveEditor(app: Express, distDir: string): void {
  const indexFile = path.join(distDir, 'index.html');
  app.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isNotAppPath(request.path)) {
      next();
      return;
    }
    if (!existsSync(indexFile)) {
      next(new AppError('unavailable', 'the editor is not built: run npm run build:editor'));
      return;
    }
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  });
}
