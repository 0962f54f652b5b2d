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
import { PASSWORD, type TestClock } from '../auth/auth-fixtures';

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

/** A request to the login route (with a TOTP code when given), its answer left to the caller. */
export function login(app: App, username: string, password: string, code?: string) {
  return request(app)
    .post('/api/v1/auth/login')
    .send({ username, password, ...(code && { totpCode: code }) });
}

export async function signIn(
  app: App,
  id: string,
  username: string,
  code?: string,
): Promise<SignedIn> {
  const response = await login(app, username, PASSWORD, code);
  expect(response.status).toBe(200);
  const line = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('ll_session='));
  return { id, cookie: line!.split(';')[0]!, csrfToken: response.body.csrfToken as string };
}

/**
 * The team that takes a change through review, signed in: bea (billing admin, the author), ann
 * (approver, with TOTP), dana (billing admin and approver, with TOTP) and sam (support).
 */
export async function signInReviewTeam(app: App, store: Store, clock: TestClock) {
  const beaId = await aUser(store, clock, 'bea', ['billing_admin']);
  const annId = await aUser(store, clock, 'ann', ['approver']);
  const danaId = await aUser(store, clock, 'dana', ['billing_admin', 'approver']);
  const samId = await aUser(store, clock, 'sam', ['support']);
  const annSecret = await enrolTotp(store, clock, annId);
  const danaSecret = await enrolTotp(store, clock, danaId);
  // The codes that confirmed the enrolments are used up: sign in with the next ones.
  clock.advance(30_000);
  return {
    bea: await signIn(app, beaId, 'bea'),
    ann: await signIn(app, annId, 'ann', totpCode(annSecret, clock.now())),
    dana: await signIn(app, danaId, 'dana', totpCode(danaSecret, clock.now())),
    sam: await signIn(app, samId, 'sam'),
  };
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
