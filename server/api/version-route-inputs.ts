// What the routes of versioned documents (policies, templates) read from a request beyond
// request-inputs.ts: the acting person, the path parameters (`params.version` when bad), version
// numbers in the query, and paths of errors inside a document sent in a body.
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import type { Actor } from '../versioning/version-record';
import { callerOf } from './create-app';
import { pathParameter, type Query } from './request-inputs';

// ------------------------------------------------------------------------------ the actor

export const CHANGES_ARE_MADE_BY_PEOPLE = 'changes to policies and templates are made by people';

/**
 * The user who changes a policy or a template. Security: every such change is attributed to a
 * person and checked against their roles and their session's second factor (four eyes), so a
 * service's API key never acts on them, whatever scopes it may be given one day.
 */
export function actorOf(request: Request): Actor {
  const caller = callerOf(request);
  if (caller.type !== 'user') throw new AppError('forbidden', CHANGES_ARE_MADE_BY_PEOPLE);
  return { id: caller.id, roles: caller.roles, mfa: caller.mfa };
}

// ------------------------------------------------------------------------------ path parameters

const WHOLE_NUMBER = /^[1-9][0-9]{0,14}$/;

/** The :version of the path, a whole number from 1. */
export function versionParameter(request: Request): number {
  const text = pathParameter(request, 'version');
  if (!WHOLE_NUMBER.test(text)) {
    throw new AppError('invalid_request', `"${text}" is not a version number`, {
      issues: [{ path: 'params.version', message: 'must be a whole number from 1' }],
    });
  }
  return Number(text);
}

/** The :key of the path; a key nobody created is answered by the use case with 404. */
export function keyParameter(request: Request): string {
  return pathParameter(request, 'key');
}

/** A named segment of the path (only a wildcard would give several). */
export function readVersionNumber(query: Query, name: string): number | undefined {
  const value = query.values[name];
  if (value === undefined) return undefined;
  if (!WHOLE_NUMBER.test(value)) {
    query.issues.push({ path: `query.${name}`, message: 'must be a whole number from 1' });
    return undefined;
  }
  return Number(value);
}

/**
 * Runs a use case that validates a document sent in the body's `field`: its issues name
 * paths within the document ($.rules[0]...), which become paths within the body
 * ($.document.rules[0]...).
 */
export async function withDocumentIn<T>(field: string, action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
    const issues = error.options.issues?.map((issue) => ({
      ...issue,
      path: issue.path.replace(/^\$/, `$.${field}`),
    }));
    throw new AppError('invalid_request', error.detail, { ...error.options, issues, cause: error });
  }
}
