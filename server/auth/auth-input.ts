// Checks on what an administrator or a user submits to the auth use cases. Each check names the
// field it is about, so the HTTP layer can answer 400 with every problem at once. Names and keys
// are limited to characters that cannot form an e-mail address, so an entry quoting them can
// never be refused by the audit log after the change was written.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import type { ValidationIssue } from '../rating/validation';
import { passwordProblem } from './passwords';
import { API_KEY_SCOPES, ROLES } from './permissions';

/** 3 to 64 characters: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const MAX_DISPLAY_NAME_LENGTH = 100;
/** A label such as "usage-collector": letters, digits, spaces, ".", "_" and "-". */
export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const CONTROL_CHARACTER = /\p{Cc}/u;

export function throwIfInvalid(issues: ValidationIssue[], message: string): void {
  if (issues.length > 0) throw new AppError('invalid_request', message, { issues });
}

export function usernameIssues(username: unknown): ValidationIssue[] {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username.toLowerCase())) {
    return [
      {
        path: '$.username',
        message:
          'must be 3 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
    ];
  }
  return [];
}

export function displayNameIssues(displayName: unknown): ValidationIssue[] {
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    return [{ path: '$.displayName', message: 'must not be empty' }];
  }
  if (displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    return [
      { path: '$.displayName', message: `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters` },
    ];
  }
  if (CONTROL_CHARACTER.test(displayName)) {
    return [{ path: '$.displayName', message: 'must not contain control characters' }];
  }
  return [];
}

export function passwordIssues(password: unknown, username: unknown): ValidationIssue[] {
  if (typeof password !== 'string') return [{ path: '$.password', message: 'must be a string' }];
  const problem = passwordProblem(password, typeof username === 'string' ? username : '');
  return problem ? [{ path: '$.password', message: problem }] : [];
}

/** At least one role, each from ROLES, none twice. */
export function rolesIssues(roles: unknown): ValidationIssue[] {
  return listIssues(roles, '$.roles', ROLES, 'role');
}

/** At least one scope, each from API_KEY_SCOPES, none twice. */
export function scopesIssues(scopes: unknown): ValidationIssue[] {
  return listIssues(scopes, '$.scopes', API_KEY_SCOPES, 'scope');
}

export function apiKeyNameIssues(name: unknown): ValidationIssue[] {
  if (typeof name !== 'string' || !API_KEY_NAME_PATTERN.test(name)) {
    return [
      {
        path: '$.name',
        message: 'must be 1 to 64 letters, digits, spaces, ".", "_" or "-"',
      },
    ];
  }
  return [];
}

/** Why the change is made, for the audit log: required for changes to someone else's access. */
export function reasonIssues(reason: unknown, required: boolean): ValidationIssue[] {
  if (reason === undefined && !required) return [];
  if (typeof reason !== 'string' || (required && reason.trim() === '')) {
    return [{ path: '$.reason', message: 'must say why' }];
  }
  if (reason.length > MAX_REASON_LENGTH) {
    return [{ path: '$.reason', message: `must be at most ${MAX_REASON_LENGTH} characters` }];
  }
  return [];
}

export function idIssues(id: unknown, path: string): ValidationIssue[] {
  if (typeof id !== 'string' || id === '' || id.length > 200) {
    return [{ path, message: 'must be an id' }];
  }
  return [];
}

function listIssues(
  values: unknown,
  path: string,
  allowed: readonly string[],
  what: string,
): ValidationIssue[] {
  if (!Array.isArray(values) || values.length === 0) {
    return [{ path, message: `must list at least one ${what}` }];
  }
  const issues: ValidationIssue[] = [];
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      issues.push({ path: `${path}[${index}]`, message: `must be one of ${allowed.join(', ')}` });
    } else if (values.indexOf(value) !== index) {
      issues.push({ path: `${path}[${index}]`, message: `repeats ${value}` });
    }
  });
  return issues;
}
