// The server hands the browser editor out on every address outside the API, so that an address
// inside the app can be reloaded, without ever answering an API or asset miss with the page.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { testAppContext } from '../../support/test-app-context';
import { unusedStore } from '../../support/unused-store';

const clock = { now: () => new Date('2026-04-01T00:00:00Z') };
const PAGE = '<!doctype html><title>Ledgerline</title><div id="root"></div>';
let distDir: string;

const appServing = (editorDir: string) =>
  createApp(
    testAppContext({ store: unusedStore, clock, authenticate: async () => undefined, editorDir }),
  );

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'ledgerline-editor-'));
  await mkdir(join(distDir, 'assets'));
  await writeFile(join(distDir, 'index.html'), PAGE);
  await writeFile(join(distDir, 'assets', 'index-abc123.js'), 'console.log("app")');
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

describe('serving the editor', () => {
  it.each(['/', '/policies', '/policies/saas-tax', '/review?key=a&version=2'])(
    'answers %s with the page, under a same-origin content security policy',
    async (path) => {
      const response = await request(appServing(distDir)).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(PAGE);
      expect(response.headers['cache-control']).toBe('no-cache');
      const policy = response.headers['content-security-policy'] as string;
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('serves hashed assets cached for a year', async () => {
    const response = await request(appServing(distDir)).get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.text).toBe('console.log("app")');
  });

  it.each([
    ['get', '/assets/gone-123.js'],
    ['get', '/api/v1/nothing-here'],
    ['get', '/api'],
    ['post', '/policies'],
  ] as const)('answers %s %s with a problem, not the page', async (method, path) => {
    const response = await request(appServing(distDir))[method](path);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the API routes and probes', async () => {
    const response = await request(appServing(distDir)).get('/healthz');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('says the editor is not built when its folder has no page', async () => {
    const response = await request(appServing(join(distDir, 'assets'))).get('/policies');
    expect(response.status).toBe(503);
    expect(response.body.detail).toBe('the editor is not built: run npm run build:editor');
  });
});
