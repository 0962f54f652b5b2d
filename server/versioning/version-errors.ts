// How use cases turn lifecycle refusals and missing versions into AppErrors with the right status.
import { AppError } from '../errors/app-error';
import type { Transition } from './lifecycle';
import type { VersionFamily } from './version-family';

export function versionNotFound(
  family: VersionFamily<string, unknown>,
  key: string,
  version: number,
): AppError {
  return new AppError('not_found', `there is no version ${version} of ${family.name} ${key}`);
}

export function refusalError(
  outcome: Extract<Transition, { kind: 'refused' }>,
  field: string,
): AppError {
  switch (outcome.code) {
    case 'wrong_status':
    case 'already_approved':
      return new AppError('conflict', outcome.message);
    case 'reason_required':
      return new AppError('invalid_request', outcome.message, {
        issues: [{ path: `$.${field}`, message: outcome.message }],
      });
    case 'not_allowed':
    case 'own_change':
    case 'mfa_required':
      return new AppError('forbidden', outcome.message);
  }
}
