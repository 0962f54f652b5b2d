// Every route that needs a permission refuses every role and API key scope without it, and lets
// the others through the permission check (what happens next is each route's own test).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { allRoutes, createApp } from '../../../server/api/create-app';
import { API_KEY_SCOPES, ROLES, can, type Principal } from '../../../server/auth/permissions';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';

const principals: [string, Principal][] = [
  ...ROLES.map((role): [string, Principal] => [
    role,
    { type: 'user', id: role, roles: [role], mfa: true },
  ]),
  ...API_KEY_SCOPES.map((scope): [string, Principal] => [
    `api key ${scope}`,
    { type: 'api_key', id: scope, scopes: [scope] },
  ]),
];

/** Past the permission check a route answers for itself (400 for an empty body, 503 on this store). */
const unavailableStore: Store = {
  kind: 'embedded',
  collection: () => {
    throw new Error('store unavailable in the matrix test');
  },
  ping: async () => {
    throw new Error('store unavailable in the matrix test');
  },
  close: async () => {},
};

function appFor(principal: Principal) {
  const clock = { now: () => new Date('2026-04-01T00:00:00Z') };
  return createApp(
    testAppContext({ store: unavailableStore, clock, authenticate: async () => principal }),
  );
}

const guarded = allRoutes().filter((route) => route.permission !== undefined);

describe('role x route matrix', () => {
  it('covers every guarded route', () => {
    expect(guarded.map((route) => `${route.method} ${route.path}`)).toContain('post /api/v1/rate');
  });

  describe.each(principals)('%s', (_name, principal) => {
    it.each(
      guarded.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const),
    )('%s', async (_label, route) => {
      const client = request(appFor(principal));
      const path = route.path.replace(/:(\w+)/g, 'x');
      const response = await client[route.method](path).send({});
      if (can(principal, route.permission!)) {
        expect(response.status).not.toBe(401);
        expect(response.status).not.toBe(403);
      } else {
        expect(response.status).toBe(403);
        expect(response.body.detail).toBe(`this needs the "${route.permission}" permission`);
      }
    });
  });
});
