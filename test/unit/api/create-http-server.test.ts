// The server's HTTP server builds requests and responses as Express's own, so that Express never
// changes their prototype (which would keep V8 from optimising them), and the app works as it
// does on app.listen: routes, the parsed JSON body, Express's request and response methods.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { createHttpServer } from '../../../server/api/create-http-server';
import type { RouteDefinition } from '../../../server/api/route';
import { testAppContext } from '../../support/test-app-context';
import { unusedStore } from '../../support/unused-store';

const echoRoute: RouteDefinition = {
  method: 'post',
  path: '/echo/:name',
  operation: {
    operationId: 'echo',
    summary: 'Echo',
    tags: ['test'],
    public: true,
    responses: { '200': { description: 'The body back' } },
  },
  handle: (_context, request, response) => {
    response.status(200).json({
      name: request.params.name,
      body: request.body as unknown,
      contentType: request.header('content-type'),
    });
  },
};

const app = createApp(
  testAppContext({ store: unusedStore, clock: { now: () => new Date('2026-04-01T00:00:00Z') } }),
  [echoRoute],
);
const server = createHttpServer(app);
/** What the prototypes were when each request reached the server, before Express saw it. */
const arrivals: Array<{ request: boolean; response: boolean }> = [];
server.prependListener('request', (request, response) => {
  const prototypes = app as unknown as { request: object; response: object };
  arrivals.push({
    request: Object.getPrototypeOf(request) === prototypes.request,
    response: Object.getPrototypeOf(response) === prototypes.response,
  });
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createHttpServer', () => {
  it('creates every request and response with Express prototypes before Express sees them', async () => {
    arrivals.length = 0;
    for (let i = 0; i < 3; i++) {
      await fetch(`${url}/echo/x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    }
    expect(arrivals).toEqual([
      { request: true, response: true },
      { request: true, response: true },
      { request: true, response: true },
    ]);
  });

  it('serves the Express app: route parameters, the JSON body, Express methods', async () => {
    const response = await fetch(`${url}/echo/acme`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quantity: '12400' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      name: 'acme',
      body: { quantity: '12400' },
      contentType: 'application/json',
    });
  });

  it('answers problem+json from the app for a route it does not have', async () => {
    const response = await fetch(`${url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
