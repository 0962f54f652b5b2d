// Calls to the server's API from the browser. The session is the httpOnly cookie the browser sends
// by itself; every request that changes something also carries the session's CSRF token, which the
// server hands out at sign-in and with the session. A refusal comes back as application/problem+json
// and becomes an ApiProblem that names each bad field, so every screen can show why.

export interface FieldIssue {
  /** JSON path of the field, such as $.rules[0].event.params.amount or query.q */
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly issues: FieldIssue[],
    readonly extensions: Record<string, unknown>,
  ) {
    super(detail || title);
    this.name = 'ApiProblem';
  }
}

let csrfToken: string | undefined;

const sessionEndedListeners = new Set<() => void>();

/**
 * Called when the server answers 401 outside the sign-in routes: the session expired or was ended
 * (signed out elsewhere, disabled, roles changed) while the user was working. Returns a function
 * that stops listening.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** The token the server gave with the session; sent as X-CSRF-Token on unsafe requests. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export async function callApi<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await send(method, path, body, 'application/json');
  noticeSessionEnd(path, response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) throw problemOf(response.status, parsed);
  return parsed as T;
}

export interface ApiFile {
  blob: Blob;
  /** The name the server gives the download (Content-Disposition), when it gives one. */
  fileName: string | undefined;
}

/** A call whose answer is a file, such as a PDF; a refusal is an ApiProblem as for callApi. */
export async function callApiForFile(
  method: 'GET' | 'POST',
  path: string,
  accept: string,
  body?: unknown,
): Promise<ApiFile> {
  const response = await send(method, path, body, `${accept}, application/problem+json`);
  noticeSessionEnd(path, response);
  if (!response.ok) throw problemOf(response.status, parseJson(await response.text()));
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName };
}

async function send(
  method: string,
  path: string,
  body: unknown,
  accept: string,
): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiProblem(
      0,
      'No connection',
      'the server cannot be reached: check the connection and try again',
      [],
      {},
    );
  }
}

function noticeSessionEnd(path: string, response: Response): void {
  if (response.status !== 401 || path.startsWith('/api/v1/auth/')) return;
  for (const listener of sessionEndedListeners) listener();
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function problemOf(status: number, body: unknown): ApiProblem {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const {
    title,
    detail,
    errors,
    type: _type,
    status: _status,
    instance: _instance,
    ...rest
  } = problem;
  const issues = Array.isArray(errors)
    ? errors.filter(
        (issue): issue is FieldIssue =>
          typeof issue === 'object' &&
          issue !== null &&
          typeof (issue as FieldIssue).path === 'string' &&
          typeof (issue as FieldIssue).message === 'string',
      )
    : [];
  return new ApiProblem(
    status,
    typeof title === 'string' ? title : `HTTP ${status}`,
    typeof detail === 'string' ? detail : '',
    issues,
    rest,
  );
}

/** A sentence for a failed call, with the bad fields when there are some. */
export function describeProblem(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    return [error.message, ...fields].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
