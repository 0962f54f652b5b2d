// Signing in and out in a browser: a session cookie, a CSRF token for the requests that change
// something, and TOTP enrolment for the users whose role needs a second factor. The routes are
// public (whoever signs in has no session yet); each checks the cookie it needs itself.
//
// Security:
// - A wrong password, an unknown user name and a locked account get one and the same answer, so
//   the answer tells neither which names exist nor that guessing has locked an account.
// - Sign-in attempts are limited per client address and per user name (LoginRateLimiter) on top
//   of the lockout that the user record keeps.
// - Answers that carry a CSRF token or a TOTP secret are never cached.
import type { Request } from 'express';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  findEnrolmentSession,
  LoginRateLimiter,
  loginRateLimitKeys,
  ROLES,
  signIn,
  signOut,
  startTotpEnrolment,
  type EnrolmentSession,
  type UserPrincipal,
} from '../auth';
import { AppError } from '../errors/app-error';
import type { AppContext } from './app-context';
import {
  CSRF_HEADER,
  findRequestSession,
  throwUnlessCsrfTokenPresented,
} from './authenticate-request';
import {
  clearCredentialCookie,
  ENROLMENT_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setCredentialCookie,
} from './cookies';
import type { RouteDefinition } from './route';
import { stringFieldsIssues, stringFieldsSchema, type StringFields } from './string-fields-body';

/** The answer to every refused sign-in that is not a request for the code. */
export const SIGN_IN_REFUSED =
  'the user name or password is wrong, or the account is locked after too many failed sign-ins';
export const MFA_CODE_REQUIRED =
  'enter the 6-digit code from your authenticator app as totpCode and sign in again';
const NO_SESSION = 'you are not signed in, or your session has ended: sign in';
const NO_ENROLMENT_SESSION =
  'there is no MFA enrolment under way, or it has ended: sign in again to start one';

const LOGIN_FIELDS: StringFields = {
  username: { required: true, maxLength: 256, description: 'The user name' },
  password: { required: true, maxLength: 1024, description: 'The password' },
  totpCode: {
    required: false,
    maxLength: 16,
    description: 'The 6 digits the authenticator app shows, once the user has enrolled one',
  },
};
interface LoginBody {
  username: string;
  password: string;
  totpCode?: string;
}

const PASSWORD_FIELDS: StringFields = {
  currentPassword: { required: true, maxLength: 1024, description: 'The password used now' },
  newPassword: {
    required: true,
    maxLength: 256,
    description: 'At least 12 characters, not containing the user name',
  },
};

const CODE_FIELDS: StringFields = {
  code: { required: true, maxLength: 16, description: 'The 6 digits the authenticator app shows' },
};

const SESSION_SCHEMA = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
        mfa: { type: 'boolean', description: 'Whether the session passed a TOTP check' },
      },
      required: ['id', 'roles', 'mfa'],
    },
    csrfToken: {
      type: 'string',
      description: `Send it as the ${CSRF_HEADER} header with every POST, PUT, PATCH and DELETE`,
    },
    expiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['user', 'csrfToken', 'expiresAt'],
};

const ENROLMENT_REQUIRED_SCHEMA = {
  type: 'object',
  properties: {
    mfaEnrolmentRequired: { const: true },
    csrfToken: {
      type: 'string',
      description: `Send it as the ${CSRF_HEADER} header to the enrolment routes`,
    },
    expiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['mfaEnrolmentRequired', 'csrfToken', 'expiresAt'],
};

const NOT_JSON = { description: 'The request body is not application/json' };

export const authRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    operation: {
      operationId: 'signIn',
      summary: 'Sign in with a user name, a password and, once enrolled, a TOTP code',
      description:
        'On success the session is the HttpOnly cookie ll_session; the CSRF token in the answer goes in the X-CSRF-Token header of every request that changes something. A user whose role needs MFA and who has not enrolled gets only an enrolment session (the ll_enrolment cookie) for the enrolment routes.',
      tags: ['auth'],
      public: true,
      requestBody: { schema: stringFieldsSchema(LOGIN_FIELDS) },
      responses: {
        '200': {
          description:
            'Signed in (Set-Cookie: ll_session), or an MFA enrolment is needed first (Set-Cookie: ll_enrolment)',
          schema: { oneOf: [SESSION_SCHEMA, ENROLMENT_REQUIRED_SCHEMA] },
        },
        '400': { description: 'The body is not valid JSON, or a field is missing or mistyped' },
        '401': {
          description:
            'Wrong user name or password, or the account is locked (one answer for all); or, with the member "mfa": "required", the code from the authenticator app is missing or wrong',
        },
        '415': NOT_JSON,
        '429': { description: 'Too many sign-in attempts; Retry-After says when to try again' },
      },
    },
    handle: async (context, request, response) => {
      const issues = stringFieldsIssues(request.body, LOGIN_FIELDS);
      if (issues.length > 0) {
        throw new AppError('invalid_request', 'the sign-in request is invalid', { issues });
      }
      const { username, password, totpCode } = request.body as LoginBody;
      throwIfRateLimited(context, request, username);
      const { store, clock } = context;
      const outcome = await signIn({ store, clock, username, password, totpCode });
      response.setHeader('Cache-Control', 'no-store');
      switch (outcome.kind) {
        case 'signed_in': {
          const { session, principal } = outcome;
          setCredentialCookie(response, SESSION_COOKIE, { ...session, now: clock.now() });
          response.json(sessionView(principal, session));
          return;
        }
        case 'mfa_enrolment_required': {
          const { enrolment } = outcome;
          setCredentialCookie(response, ENROLMENT_COOKIE, { ...enrolment, now: clock.now() });
          response.json({
            mfaEnrolmentRequired: true,
            csrfToken: enrolment.csrfToken,
            expiresAt: enrolment.expiresAt,
          });
          return;
        }
        case 'mfa_required':
          throw new AppError('unauthenticated', MFA_CODE_REQUIRED, {
            extensions: { mfa: 'required' },
          });
        case 'invalid_credentials':
        case 'locked':
          throw new AppError('unauthenticated', SIGN_IN_REFUSED);
      }
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/mfa/enrolment',
    operation: {
      operationId: 'startMfaEnrolment',
      summary: 'Start TOTP enrolment: a new secret for the authenticator app',
      description:
        'Needs the ll_enrolment cookie from sign-in and its CSRF token in X-CSRF-Token. Starting again replaces the secret not yet confirmed.',
      tags: ['auth'],
      public: true,
      responses: {
        '200': {
          description: 'The secret, to type in or to show as a QR code of otpauthUri',
          schema: {
            type: 'object',
            properties: {
              secret: { type: 'string', description: 'Base32' },
              otpauthUri: { type: 'string' },
            },
            required: ['secret', 'otpauthUri'],
          },
        },
        '401': { description: 'No enrolment session: sign in again' },
        '403': { description: 'The X-CSRF-Token header is missing or wrong' },
        '409': { description: 'The user has enrolled already, or has been disabled' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const enrolment = await requireEnrolmentSession(context, request);
      const { secret, otpauthUri } = await startTotpEnrolment({
        store: context.store,
        clock: context.clock,
        userId: enrolment.userId,
      });
      response.setHeader('Cache-Control', 'no-store');
      response.json({ secret, otpauthUri });
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/mfa/enrolment/confirm',
    operation: {
      operationId: 'confirmMfaEnrolment',
      summary: 'Confirm TOTP enrolment with a code from the authenticator app',
      description:
        'Needs the ll_enrolment cookie and its CSRF token in X-CSRF-Token. On success the enrolment session ends: sign in again, with a new code.',
      tags: ['auth'],
      public: true,
      requestBody: { schema: stringFieldsSchema(CODE_FIELDS) },
      responses: {
        '200': {
          description: 'Enrolled (the ll_enrolment cookie is cleared): sign in again with a code',
          schema: {
            type: 'object',
            properties: { enrolled: { const: true } },
            required: ['enrolled'],
          },
        },
        '400': { description: 'The code is missing, mistyped, or not the one the app shows now' },
        '401': { description: 'No enrolment session: sign in again' },
        '403': { description: 'The X-CSRF-Token header is missing or wrong' },
        '409': { description: 'No enrolment was started, or it changed meanwhile' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const enrolment = await requireEnrolmentSession(context, request);
      const issues = stringFieldsIssues(request.body, CODE_FIELDS);
      if (issues.length > 0) {
        throw new AppError('invalid_request', 'the enrolment confirmation is invalid', { issues });
      }
      const { code } = request.body as { code: string };
      const outcome = await confirmTotpEnrolment({
        store: context.store,
        clock: context.clock,
        userId: enrolment.userId,
        code,
      });
      if (outcome.kind === 'invalid_code') {
        throw new AppError('invalid_request', 'the code does not match the new secret', {
          issues: [{ path: '$.code', message: 'is not the code the authenticator app shows now' }],
        });
      }
      clearCredentialCookie(response, ENROLMENT_COOKIE);
      response.json({ enrolled: true });
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    operation: {
      operationId: 'signOut',
      summary: 'Sign out: end the session of the cookie',
      description: 'Needs the ll_session cookie and its CSRF token in X-CSRF-Token.',
      tags: ['auth'],
      public: true,
      responses: {
        '204': { description: 'Signed out; the cookie is cleared' },
        '401': { description: 'No live session' },
        '403': { description: 'The X-CSRF-Token header is missing or wrong' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const { store, clock } = context;
      const found = await findRequestSession({ store, clock, request });
      if (found === undefined) throw new AppError('unauthenticated', NO_SESSION);
      await signOut({ store, clock, token: found.token });
      clearCredentialCookie(response, SESSION_COOKIE);
      response.status(204).end();
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/password',
    operation: {
      operationId: 'changeOwnPassword',
      summary: 'Change your own password; every session of yours ends, this one included',
      description:
        'Needs the ll_session cookie and its CSRF token in X-CSRF-Token (an API key has no password). A wrong current password counts towards the lockout like a failed sign-in; the lock it may bring ends your sessions. On success sign in again with the new password.',
      tags: ['auth'],
      public: true,
      requestBody: { schema: stringFieldsSchema(PASSWORD_FIELDS) },
      responses: {
        '204': { description: 'Changed; the cookie is cleared' },
        '400': {
          description:
            'A field is missing, the current password is wrong ($.currentPassword), or the new one is not accepted ($.newPassword)',
        },
        '401': { description: 'No live session, or this wrong password locked the account' },
        '403': {
          description: 'The X-CSRF-Token header is missing or wrong, or the account is locked',
        },
        '409': { description: 'The password was changed meanwhile' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const { store, clock } = context;
      const found = await findRequestSession({ store, clock, request });
      if (found === undefined) throw new AppError('unauthenticated', NO_SESSION);
      const issues = stringFieldsIssues(request.body, PASSWORD_FIELDS);
      if (issues.length > 0) {
        throw new AppError('invalid_request', 'the password change is invalid', { issues });
      }
      const { currentPassword, newPassword } = request.body as Record<string, string>;
      await changeOwnPassword({
        store,
        clock,
        userId: found.session.principal.id,
        currentPassword: currentPassword!,
        newPassword: newPassword!,
      });
      clearCredentialCookie(response, SESSION_COOKIE);
      response.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/session',
    operation: {
      operationId: 'currentSession',
      summary: 'The signed-in user of the cookie, and the CSRF token of the session',
      tags: ['auth'],
      public: true,
      responses: {
        '200': { description: 'The session', schema: SESSION_SCHEMA },
        '401': { description: 'No live session' },
      },
    },
    handle: async (context, request, response) => {
      const found = await findRequestSession({
        store: context.store,
        clock: context.clock,
        request,
      });
      if (found === undefined) throw new AppError('unauthenticated', NO_SESSION);
      response.setHeader('Cache-Control', 'no-store');
      response.json(sessionView(found.session.principal, found.session));
    },
  },
];

function sessionView(
  principal: UserPrincipal,
  session: { csrfToken: string; expiresAt: string },
): object {
  return {
    user: { id: principal.id, roles: principal.roles, mfa: principal.mfa },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

/** One limiter per app, created with the app's clock; its counts live in memory. */
const loginRateLimiters = new WeakMap<AppContext, LoginRateLimiter>();

function throwIfRateLimited(context: AppContext, request: Request, username: string): void {
  let limiter = loginRateLimiters.get(context);
  if (limiter === undefined) {
    limiter = new LoginRateLimiter({ clock: context.clock });
    loginRateLimiters.set(context, limiter);
  }
  // request.ip is the peer address, or the client's as a trusted proxy reports it ("trust proxy").
  const clientAddress = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  const decision = limiter.attempt(loginRateLimitKeys({ clientAddress, username }));
  if (decision.allowed) return;
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  throw new AppError('rate_limited', `too many sign-in attempts: try again in ${seconds} seconds`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** The enrolment session of the request's cookie, its CSRF token checked; 401 without one. */
async function requireEnrolmentSession(
  context: AppContext,
  request: Request,
): Promise<EnrolmentSession> {
  const token = readCookie(request, ENROLMENT_COOKIE.name);
  const enrolment =
    token === undefined
      ? undefined
      : await findEnrolmentSession({ store: context.store, clock: context.clock, token });
  if (enrolment === undefined) throw new AppError('unauthenticated', NO_ENROLMENT_SESSION);
  throwUnlessCsrfTokenPresented(request, enrolment.csrfToken);
  return enrolment;
}
