// The HTTP shell: problem+json for every failure, 404 and 405, health checks, and an OpenAPI
// document that lists exactly the routes the server has.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { allRoutes, createApp } from '../../../server/api/create-app';
import { openApiPath } from '../../../server/api/route';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';

/** Only ping is reached by these routes; the real stores have their own contract tests. */
function storeThat(answers: boolean): Store {
  return {
    kind: 'embedded',
    collection: () => {
      throw new Error('not used by these routes');
    },
    ping: async () => {
      if (!answers) throw new Error('store down');
    },
    close: async () => {},
  };
}

function appWith(store: Store) {
  const clock = { now: () => new Date('2026-04-01T00:00:00Z') };
  return createApp(
    testAppContext({
      store,
      clock,
      // Nobody is signed in: routes with a permission answer 401.
      authenticate: async () => undefined,
    }),
  );
}

const app = appWith(storeThat(true));

describe('health', () => {
  it('is alive', async () => {
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when the store answers', async () => {
    const response = await request(app).get('/readyz');
    expect(response.body).toEqual({ status: 'ready', store: 'embedded' });
  });

  it('is not ready when the store does not answer', async () => {
    const response = await request(appWith(storeThat(false))).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 503,
      detail: 'the embedded store does not answer',
    });
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 problem+json', async () => {
    const response = await request(app).get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual({
      type: 'https://ledgerline.dev/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: 'no route for GET /api/v1/nothing-here',
      instance: '/api/v1/nothing-here',
    });
  });

  it('asks for a session or an API key on a route that needs a permission', async () => {
    const response = await request(app).post('/api/v1/rate').send({});
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe(
      'sign in, or send an API key as "Authorization: Bearer <key>"',
    );
  });

  it('answers a known route with the wrong method with 405 and Allow', async () => {
    const response = await request(app).delete('/healthz');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET');
    expect(response.body.detail).toBe('DELETE is not allowed here; use GET');
  });
});

describe('the OpenAPI document', () => {
  it('lists exactly the routes the server answers, each with its methods', async () => {
    const document = (await request(app).get('/api/openapi.json')).body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    const routes = allRoutes();
    expect(documented).toEqual(
      routes.map((route) => `${route.method} ${openApiPath(route.path)}`).sort(),
    );
    for (const route of routes) {
      const response = await request(app)[route.method](route.path.replace(/:(\w+)/g, 'x'));
      expect({ route: route.path, status: response.status }).not.toMatchObject({ status: 404 });
      expect({ route: route.path, status: response.status }).not.toMatchObject({ status: 405 });
    }
  });
});

describe('the OpenAPI path parameters', () => {
  it('declares every :parameter of a route path as a required path parameter', async () => {
    const document = (await request(app).get('/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; required: boolean }[] }>
      >;
    };
    for (const route of allRoutes()) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => name);
      const declared = (document.paths[openApiPath(route.path)]![route.method]!.parameters ?? [])
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      expect({ route: route.path, declared }).toEqual({ route: route.path, declared: names });
    }
  });
});
