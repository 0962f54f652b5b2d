// Signing in and out over HTTP on the embedded store, with real users and the real authenticator:
// the session cookie, one answer for every refused sign-in, lockout and rate limit, TOTP
// enrolment, and CSRF protection of cookie-authenticated requests.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { createApiKey, LOCKOUT_MS } from '../../../server/auth';
import { totpCode } from '../../../server/auth/totp';
import { POLICY_INDEXES } from '../../../server/policies/policy-indexes';
import { POLICY_FAMILY } from '../../../server/policies/policy-version';
import { seedPublishedVersions } from '../../../server/versioning/seed-published-versions';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { readExampleFolder } from '../../unit/rating/builders';
import {
  aClock,
  auditLog,
  aUser,
  openAuthStore,
  PASSWORD,
  reloadUser,
  type TestClock,
} from '../auth/auth-fixtures';

const LOGIN = '/api/v1/auth/login';
const SESSION = '/api/v1/auth/session';
const LOGOUT = '/api/v1/auth/logout';
const ENROL = '/api/v1/auth/mfa/enrolment';
const CONFIRM = '/api/v1/auth/mfa/enrolment/confirm';
const PASSWORD_ROUTE = '/api/v1/auth/password';

const REFUSED =
  'the user name or password is wrong, or the account is locked after too many failed sign-ins';
const CSRF_REFUSED =
  'the CSRF token is missing or wrong: send the X-CSRF-Token header you received at sign-in';

let test: TestStore;
let store: Store;
let clock: TestClock;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  test = await openAuthStore('embedded');
  store = test.store;
  clock = aClock();
  // A new app for each test, so each starts with a fresh sign-in rate limiter.
  app = createApp(testAppContext({ store, clock }));
});

afterEach(async () => {
  await test.dispose();
});

function login(body: object) {
  return request(app).post(LOGIN).send(body);
}

/** The Set-Cookie line for one cookie, or undefined. */
function setCookie(response: request.Response, name: string): string | undefined {
  const lines = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** "name=value" of a Set-Cookie line, for the Cookie header of the next request. */
function cookieOf(response: request.Response, name: string): string {
  const line = setCookie(response, name);
  if (line === undefined) throw new Error(`no ${name} cookie was set`);
  return line.split(';')[0]!;
}

async function signedIn(username: string) {
  const response = await login({ username, password: PASSWORD });
  expect(response.status).toBe(200);
  return {
    cookie: cookieOf(response, 'll_session'),
    csrfToken: response.body.csrfToken as string,
  };
}

describe('POST /api/v1/auth/login', () => {
  it('signs in with an HttpOnly SameSite=Strict session cookie that the session route accepts', async () => {
    const user = await aUser(store, { username: 'fran', roles: ['finance'] });
    const response = await login({ username: 'Fran', password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      user: { id: user._id, roles: ['finance'], mfa: false },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-04-01T21:00:00.000Z',
    });
    // 12 hours; not Secure, as the request came over plain http.
    expect(setCookie(response, 'll_session')).toMatch(
      /^ll_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/,
    );

    const session = await request(app)
      .get(SESSION)
      .set('Cookie', `theme=dark; ${cookieOf(response, 'll_session')}`);
    expect(session.status).toBe(200);
    expect(session.body).toEqual(response.body);
  });

  it('gives a wrong password and an unknown user the identical 401', async () => {
    await aUser(store, { username: 'fran' });
    const wrongPassword = await login({ username: 'fran', password: 'not the password' });
    const unknownUser = await login({ username: 'nobody', password: PASSWORD });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrongPassword.body).toEqual({
      type: 'https://ledgerline.dev/problems/unauthenticated',
      title: 'Sign-in required',
      status: 401,
      detail: REFUSED,
      instance: LOGIN,
    });
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(setCookie(wrongPassword, 'll_session')).toBeUndefined();
  });

  it('locks the account after 5 wrong passwords, with the same 401, for 15 minutes', async () => {
    const user = await aUser(store, { username: 'fran' });
    const bodies = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await login({ username: 'fran', password: 'a wrong guess' });
      expect(response.status).toBe(401);
      bodies.push(response.body);
    }
    expect((await reloadUser(store, user._id)).lockedUntil).toBe('2026-04-01T09:15:00.000Z');
    const rightPasswordWhileLocked = await login({ username: 'fran', password: PASSWORD });
    expect(rightPasswordWhileLocked.status).toBe(401);
    for (const body of [...bodies, rightPasswordWhileLocked.body]) {
      expect(body).toEqual(bodies[0]);
    }

    clock.advance(LOCKOUT_MS);
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(200);
  });

  it('answers the 11th attempt in 5 minutes with 429 and Retry-After, before checking anything', async () => {
    const user = await aUser(store, { username: 'fran' });
    for (let attempt = 0; attempt < 10; attempt++) {
      clock.advance(1000);
      const response = await login({ username: `guess-${attempt}`, password: 'a wrong guess' });
      expect(response.status).toBe(401);
    }
    const limited = await login({ username: 'fran', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The first attempt, 9 seconds ago, leaves the 5-minute window in 291 seconds.
    expect(limited.headers['retry-after']).toBe('291');
    expect(limited.body.detail).toBe('too many sign-in attempts: try again in 291 seconds');
    expect((await reloadUser(store, user._id)).lastSignInAt).toBeUndefined();

    clock.advance(291_000);
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(200);
  });

  it('answers malformed JSON, missing and mistyped fields with 400 naming each', async () => {
    const malformed = await request(app)
      .post(LOGIN)
      .set('content-type', 'application/json')
      .send('{"username":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body.errors).toEqual([{ path: '$', message: 'must be valid JSON' }]);

    const mistyped = await login({ password: 42, totpCode: 123456, remember: true });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.detail).toBe('the sign-in request is invalid');
    expect(mistyped.body.errors).toEqual([
      { path: '$.username', message: 'is required' },
      { path: '$.password', message: 'must be a string' },
      { path: '$.totpCode', message: 'must be a string' },
      { path: '$.remember', message: 'is not a field of this request' },
    ]);

    const notAnObject = await request(app).post(LOGIN).send([]);
    expect(notAnObject.body.errors).toEqual([{ path: '$', message: 'must be a JSON object' }]);
  });
});

describe('MFA for an approver', () => {
  it('sends an approver without MFA to enrolment, then asks for a code and refuses a replayed one', async () => {
    const user = await aUser(store, { username: 'ann', roles: ['approver'] });
    const first = await login({ username: 'ann', password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      mfaEnrolmentRequired: true,
      csrfToken: expect.any(String),
      expiresAt: '2026-04-01T09:10:00.000Z',
    });
    expect(setCookie(first, 'll_session')).toBeUndefined();
    expect(setCookie(first, 'll_enrolment')).toMatch(
      /^ll_enrolment=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/api\/v1\/auth\/mfa; Max-Age=600$/,
    );
    const enrolmentCookie = cookieOf(first, 'll_enrolment');
    const enrolmentCsrf = first.body.csrfToken as string;
    // The enrolment session serves enrolment only, even presented as a session cookie.
    const asSession = await request(app)
      .get(SESSION)
      .set('Cookie', enrolmentCookie.replace('ll_enrolment', 'll_session'));
    expect(asSession.status).toBe(401);

    const withoutCsrf = await request(app).post(ENROL).set('Cookie', enrolmentCookie);
    expect(withoutCsrf.status).toBe(403);
    const started = await request(app)
      .post(ENROL)
      .set('Cookie', enrolmentCookie)
      .set('X-CSRF-Token', enrolmentCsrf);
    expect(started.status).toBe(200);
    expect(started.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toContain(`secret=${secret}`);

    const confirm = (body: object) =>
      request(app)
        .post(CONFIRM)
        .set('Cookie', enrolmentCookie)
        .set('X-CSRF-Token', enrolmentCsrf)
        .send(body);
    const missing = await confirm({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: '$.code', message: 'is required' }]);
    const staleCode = totpCode(secret, new Date(clock.now().getTime() - 10 * 60_000));
    const wrong = await confirm({ code: staleCode });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      { path: '$.code', message: 'is not the code the authenticator app shows now' },
    ]);
    const enrolmentCode = totpCode(secret, clock.now());
    const confirmed = await confirm({ code: enrolmentCode });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ enrolled: true });
    expect(setCookie(confirmed, 'll_enrolment')).toMatch(/^ll_enrolment=; .*Max-Age=0/);
    expect((await reloadUser(store, user._id)).totp?.secret).toBe(secret);
    // The enrolment session has ended.
    expect((await confirm({ code: enrolmentCode })).status).toBe(401);

    const withoutCode = await login({ username: 'ann', password: PASSWORD });
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.body).toMatchObject({
      status: 401,
      detail: 'enter the 6-digit code from your authenticator app as totpCode and sign in again',
      mfa: 'required',
    });
    // The code that confirmed the enrolment is used up.
    const replayedEnrolmentCode = await login({
      username: 'ann',
      password: PASSWORD,
      totpCode: enrolmentCode,
    });
    expect(replayedEnrolmentCode.status).toBe(401);
    expect(replayedEnrolmentCode.body.mfa).toBe('required');

    clock.advance(30_000);
    const code = totpCode(secret, clock.now());
    const withCode = await login({ username: 'ann', password: PASSWORD, totpCode: code });
    expect(withCode.status).toBe(200);
    expect(withCode.body.user).toEqual({ id: user._id, roles: ['approver'], mfa: true });
    const replayed = await login({ username: 'ann', password: PASSWORD, totpCode: code });
    expect(replayed.status).toBe(401);
    expect(replayed.body.mfa).toBe('required');
  });

  it('answers enrolment routes without an enrolment cookie with 401', async () => {
    const response = await request(app).post(ENROL);
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe(
      'there is no MFA enrolment under way, or it has ended: sign in again to start one',
    );
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('needs the CSRF header, then ends the session so the cookie no longer works', async () => {
    await aUser(store, { username: 'fran' });
    const { cookie, csrfToken } = await signedIn('fran');

    const withoutCsrf = await request(app).post(LOGOUT).set('Cookie', cookie);
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.detail).toBe(CSRF_REFUSED);
    const wrongCsrf = await request(app)
      .post(LOGOUT)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'x'.repeat(43));
    expect(wrongCsrf.status).toBe(403);
    expect((await request(app).get(SESSION).set('Cookie', cookie)).status).toBe(200);

    const loggedOut = await request(app)
      .post(LOGOUT)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken);
    expect(loggedOut.status).toBe(204);
    expect(setCookie(loggedOut, 'll_session')).toBe(
      'll_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
    );

    const after = await request(app).get(SESSION).set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect(after.body.detail).toBe('you are not signed in, or your session has ended: sign in');
    const again = await request(app)
      .post(LOGOUT)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken);
    expect(again.status).toBe(401);
  });

  it('answers without a cookie with 401', async () => {
    expect((await request(app).post(LOGOUT)).status).toBe(401);
    expect((await request(app).get(SESSION)).status).toBe(401);
  });
});

describe('POST /api/v1/auth/password', () => {
  const NEW_PASSWORD = 'a brand new passphrase';
  const change = (session: { cookie: string; csrfToken: string }, body: object) =>
    request(app)
      .post(PASSWORD_ROUTE)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send(body);

  it('changes the password, ends every session of the user, and is audited', async () => {
    const fran = await aUser(store, { username: 'fran' });
    const here = await signedIn('fran');
    const elsewhere = await signedIn('fran');

    const changed = await change(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });

    expect(changed.status).toBe(204);
    expect(setCookie(changed, 'll_session')).toBe(
      'll_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
    );
    for (const session of [here, elsewhere]) {
      expect((await request(app).get(SESSION).set('Cookie', session.cookie)).status).toBe(401);
    }
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(401);
    expect((await login({ username: 'fran', password: NEW_PASSWORD })).status).toBe(200);
    const log = await auditLog(store);
    expect(log).toContainEqual(
      expect.objectContaining({
        action: 'auth.password_changed',
        actor: { type: 'user', id: fran._id },
      }),
    );
  });

  it.each([
    [
      { currentPassword: PASSWORD, newPassword: 'short' },
      '$.newPassword',
      'must be at least 12 characters',
    ],
    [
      { currentPassword: PASSWORD, newPassword: 'fran-the-long-one' },
      '$.newPassword',
      'must not contain the user name',
    ],
    [
      { currentPassword: PASSWORD, newPassword: PASSWORD },
      '$.newPassword',
      'must differ from the current password',
    ],
    [{ newPassword: NEW_PASSWORD }, '$.currentPassword', 'is required'],
  ])('refuses %j with 400 naming %s, and changes nothing', async (body, path, message) => {
    await aUser(store, { username: 'fran' });
    const session = await signedIn('fran');
    const refused = await change(session, body);
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path, message })]);
    expect((await request(app).get(SESSION).set('Cookie', session.cookie)).status).toBe(200);
  });

  it('counts a wrong current password towards the lockout; the lock ends the session', async () => {
    await aUser(store, { username: 'fran' });
    const session = await signedIn('fran');
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await change(session, {
        currentPassword: 'not it at all',
        newPassword: NEW_PASSWORD,
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([{ path: '$.currentPassword', message: 'is wrong' }]);
    }
    const fifth = await change(session, {
      currentPassword: 'not it at all',
      newPassword: NEW_PASSWORD,
    });
    expect(fifth.status).toBe(401);
    expect(fifth.body.detail).toMatch(
      /^too many wrong passwords: the account is locked until \d\d:\d\d UTC, and signed out$/,
    );
    expect((await request(app).get(SESSION).set('Cookie', session.cookie)).status).toBe(401);
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(401);
    clock.advance(LOCKOUT_MS + 1);
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(200);
  });

  it('refuses without a session or without the CSRF header', async () => {
    await aUser(store, { username: 'fran' });
    const session = await signedIn('fran');
    const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
    expect((await request(app).post(PASSWORD_ROUTE).send(body)).status).toBe(401);
    const withoutCsrf = await request(app)
      .post(PASSWORD_ROUTE)
      .set('Cookie', session.cookie)
      .send(body);
    expect(withoutCsrf.status).toBe(403);
    expect((await login({ username: 'fran', password: PASSWORD })).status).toBe(200);
  });
});

describe('authenticating a guarded route (POST /api/v1/rate)', () => {
  const acme = readExampleFolder('saas/requests').find(({ file }) => file === 'acme-2026-03.json')!
    .document as object;

  beforeEach(async () => {
    await ensureIndexes(store, POLICY_INDEXES);
    const documents = readExampleFolder('saas/policies').map(({ document }) => document);
    await seedPublishedVersions({
      family: POLICY_FAMILY,
      store,
      clock,
      documents,
      reason: 'test data',
    });
  });

  it('refuses a cookie-authenticated POST without the CSRF header and accepts it with one', async () => {
    await aUser(store, { username: 'fran', roles: ['finance'] });
    const { cookie, csrfToken } = await signedIn('fran');

    const withoutCsrf = await request(app).post('/api/v1/rate').set('Cookie', cookie).send(acme);
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.detail).toBe(CSRF_REFUSED);
    const withCsrf = await request(app)
      .post('/api/v1/rate')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send(acme);
    expect(withCsrf.status).toBe(200);
    expect(withCsrf.body.totals.total).toBe('1654.15');
  });

  it('accepts an API key without a CSRF token and refuses an unknown or malformed key', async () => {
    const { secret } = await createApiKey({
      store,
      clock,
      actor: { type: 'user', id: 'usr_admin' },
      name: 'invoicing-job',
      scopes: ['rate'],
    });
    const withKey = await request(app)
      .post('/api/v1/rate')
      .set('Authorization', `Bearer ${secret}`)
      .send(acme);
    expect(withKey.status).toBe(200);

    await aUser(store, { username: 'fran', roles: ['finance'] });
    const { cookie, csrfToken } = await signedIn('fran');
    for (const authorization of [`Bearer ${secret}x`, 'Bearer', `Bearer ${secret} extra`]) {
      // A presented key is judged alone: a valid session cookie beside it does not count.
      const response = await request(app)
        .post('/api/v1/rate')
        .set('Authorization', authorization)
        .set('Cookie', cookie)
        .set('X-CSRF-Token', csrfToken)
        .send(acme);
      expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the sign-in body with its required fields and every answer', async () => {
    const document = (await request(app).get('/api/openapi.json')).body;
    const signIn = document.paths[LOGIN].post;
    expect(signIn.security).toEqual([]);
    expect(signIn.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['username', 'password'],
      additionalProperties: false,
    });
    expect(Object.keys(signIn.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '415',
      '429',
      'default',
    ]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([SESSION, LOGOUT, ENROL, CONFIRM]),
    );
  });
});
