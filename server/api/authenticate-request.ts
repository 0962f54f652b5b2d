// Who a request comes from: a service presenting an API key ("Authorization: Bearer <key>"), or a
// browser presenting its session cookie.
//
// Security: a browser sends its cookie with every request to us, also with requests another page
// makes it send (cross-site request forgery). So a cookie-authenticated request that may change
// something (any method but GET, HEAD and OPTIONS) must also carry the session's CSRF token in
// the X-CSRF-Token header: another site can neither read the token nor set the header. An API key
// is never sent by the browser on its own, so API-key requests need no CSRF token.
import type { Request } from 'express';
import type { Clock } from '../audit';
import {
  authenticateApiKey,
  csrfTokenMatches,
  findSession,
  type ActiveSession,
  type Principal,
} from '../auth';
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import { readCookie, SESSION_COOKIE } from './cookies';

export interface RequestAuthenticatorOptions {
  store: Store;
  clock: Clock;
}

export const CSRF_HEADER = 'X-CSRF-Token';
export const CSRF_REFUSED =
  'the CSRF token is missing or wrong: send the X-CSRF-Token header you received at sign-in';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** AppContext.authenticate: the caller, or undefined (the route answers 401). */
export function createRequestAuthenticator(
  options: RequestAuthenticatorOptions,
): (request: Request) => Promise<Principal | undefined> {
  const { store, clock } = options;
  return async (request) => {
    const apiKey = bearerCredential(request);
    // A request that presents an API key is judged by the key alone, never by a cookie as well.
    if (apiKey !== undefined) return authenticateApiKey({ store, token: apiKey });
    return (await findRequestSession({ store, clock, request }))?.session.principal;
  };
}

export interface RequestSession {
  /** The session token from the cookie, for signing out. */
  token: string;
  session: ActiveSession;
}

/**
 * The live session of the request's session cookie, or undefined. Throws forbidden when the
 * request may change something and does not carry the session's CSRF token.
 */
export async function findRequestSession(options: {
  store: Store;
  clock: Clock;
  request: Request;
}): Promise<RequestSession | undefined> {
  const { store, clock, request } = options;
  const token = readCookie(request, SESSION_COOKIE.name);
  if (token === undefined) return undefined;
  const session = await findSession({ store, clock, token });
  if (session === undefined) return undefined;
  throwUnlessCsrfTokenPresented(request, session.csrfToken);
  return { token, session };
}

/** The double-submit check, for every request authenticated by a cookie. */
export function throwUnlessCsrfTokenPresented(request: Request, csrfToken: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!csrfTokenMatches(csrfToken, request.header(CSRF_HEADER))) {
    throw new AppError('forbidden', CSRF_REFUSED);
  }
}

/**
 * The credential of an "Authorization: Bearer ..." header: '' when it is malformed (which no key
 * matches), undefined without a Bearer header.
 */
function bearerCredential(request: Request): string | undefined {
  const [scheme, ...credentials] = (request.header('authorization') ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer') return undefined;
  return credentials.length === 1 ? credentials[0] : '';
}
