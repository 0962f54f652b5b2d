// Real users signed in through the login route, and requests made as them: the session cookie,
// and the CSRF token that every change needs.
import request from 'supertest';
import { expect } from 'vitest';
import type { createApp } from '../../../server/api/create-app';
import {
  confirmTotpEnrolment,
  createUser,
  startTotpEnrolment,
  type Role,
} from '../../../server/auth';
import { totpCode } from '../../../server/auth/totp';
import type { Clock } from '../../../server/audit';
import type { Store } from '../../../server/store/store';
import { PASSWORD } from '../auth/auth-fixtures';

type App = ReturnType<typeof createApp>;

export interface SignedIn {
  id: string;
  cookie: string;
  csrfToken: string;
}

export async function aUser(
  store: Store,
  clock: Clock,
  username: string,
  roles: Role[],
): Promise<string> {
  const user = await createUser({
    store,
    clock,
    actor: { type: 'system', id: 'test-setup' },
    username,
    displayName: username.toUpperCase(),
    roles,
    password: PASSWORD,
  });
  return user.id;
}

/** Enrols a TOTP authenticator as the enrolment routes would; returns its secret. */
export async function enrolTotp(store: Store, clock: Clock, userId: string): Promise<string> {
  const { secret } = await startTotpEnrolment({ store, clock, userId });
  const code = totpCode(secret, clock.now());
  expect(await confirmTotpEnrolment({ store, clock, userId, code })).toEqual({ kind: 'enrolled' });
  return secret;
}

export async function signIn(
  app: App,
  id: string,
  username: string,
  code?: string,
): Promise<SignedIn> {
  const response = await request(app)
    .post('/api/v1/auth/login')
    .send({ username, password: PASSWORD, ...(code && { totpCode: code }) });
  expect(response.status).toBe(200);
  const line = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('ll_session='));
  return { id, cookie: line!.split(';')[0]!, csrfToken: response.body.csrfToken as string };
}

/** Requests as a signed-in user. */
export function as(app: App, user: SignedIn) {
  const withSession = (pending: request.Test) =>
    pending.set('Cookie', user.cookie).set('X-CSRF-Token', user.csrfToken);
  return {
    get: (path: string) => withSession(request(app).get(path)),
    post: (path: string, body?: object) => withSession(request(app).post(path)).send(body),
    put: (path: string, body: object) => withSession(request(app).put(path)).send(body),
  };
}
