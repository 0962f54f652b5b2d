// The browser's credentials: the session cookie, and the enrolment cookie of a user who must set
// up a second factor before they may sign in.
//
// Security: both cookies are HttpOnly (page scripts, and so injected scripts, cannot read them)
// and SameSite=Strict (the browser does not send them with requests that other sites start).
// They are Secure whenever the request came over https. The enrolment cookie is sent only to the
// enrolment routes.
import type { Request, Response } from 'express';

export const SESSION_COOKIE = { name: 'll_session', path: '/' } as const;
export const ENROLMENT_COOKIE = { name: 'll_enrolment', path: '/api/v1/auth/mfa' } as const;

export type CredentialCookie = typeof SESSION_COOKIE | typeof ENROLMENT_COOKIE;

/**
 * The value of a cookie the request carries, or undefined. With the same name twice, the first
 * counts: browsers send the cookie with the longest path first.
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.header('cookie');
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    return pair
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Sets the cookie to a token that the browser keeps until `expiresAt`. */
export function setCredentialCookie(
  response: Response,
  cookie: CredentialCookie,
  credential: { token: string; expiresAt: string; now: Date },
): void {
  const maxAgeSeconds = Math.max(
    0,
    Math.floor((Date.parse(credential.expiresAt) - credential.now.getTime()) / 1000),
  );
  appendCookie(response, cookie, credential.token, maxAgeSeconds);
}

/** Tells the browser to forget the cookie. */
export function clearCredentialCookie(response: Response, cookie: CredentialCookie): void {
  appendCookie(response, cookie, '', 0);
}

function appendCookie(
  response: Response,
  cookie: CredentialCookie,
  value: string,
  maxAgeSeconds: number,
): void {
  const attributes = [
    `${cookie.name}=${value}`,
    'HttpOnly',
    'SameSite=Strict',
    `Path=${cookie.path}`,
    `Max-Age=${maxAgeSeconds}`,
    // request.secure is true for https, and behind a TLS-terminating proxy once Express is told
    // to trust it ("trust proxy").
    ...(response.req.secure ? ['Secure'] : []),
  ];
  response.append('Set-Cookie', attributes.join('; '));
}
