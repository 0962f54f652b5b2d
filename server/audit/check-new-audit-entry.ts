// Guards on what a use case may write to the audit log. The log is kept for years and exported
// to auditors, so it must never hold a secret (a password, a token, an API key, an MFA secret)
// or personal data beyond the actor id: targets are opaque ids and details are small, named
// facts about the change. A violation is a programming error in the caller, so it throws.
import {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  type JsonValue,
  type NewAuditEntry,
} from './audit-entry';
import { canonicalJson } from './canonical-json';

export const MAX_ID_LENGTH = 200;
export const MAX_REASON_LENGTH = 2000;
export const MAX_DETAILS_LENGTH = 4096;
export const MAX_CONTENT_HASHES = 16;

const ACTOR_TYPES = new Set(['user', 'api_key', 'system']);
const ACTIONS = new Set<string>(AUDIT_ACTIONS);
const TARGET_TYPES = new Set<string>(AUDIT_TARGET_TYPES);
/** Field names every store accepts: MongoDB and nedb refuse `$` prefixes and dots. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const EMAIL_ADDRESS = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const CONTROL_CHARACTER = /\p{Cc}/u;
/** Detail names that would carry a secret or personal data, compared without case or "_". */
const FORBIDDEN_DETAIL_NAMES = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'apikey',
  'totp',
  'otp',
  'mfacode',
  'recoverycode',
  'email',
  'emailaddress',
  'phone',
  'phonenumber',
  'ip',
  'ipaddress',
  'useragent',
  'address',
  'cardnumber',
  'iban',
]);

export class InvalidAuditEntryError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid audit entry: ${problems.join('; ')}`);
    this.name = 'InvalidAuditEntryError';
  }
}

/** Throws InvalidAuditEntryError naming every problem of the entry. */
export function checkNewAuditEntry(entry: NewAuditEntry): void {
  const problems: string[] = [];
  checkId(entry.actor?.id, 'actor.id', problems);
  if (!ACTOR_TYPES.has(entry.actor?.type))
    problems.push(`actor.type "${entry.actor?.type}" is not known`);
  if (!ACTIONS.has(entry.action)) problems.push(`action "${entry.action}" is not known`);
  if (!TARGET_TYPES.has(entry.target?.type)) {
    problems.push(`target.type "${entry.target?.type}" is not known`);
  }
  checkId(entry.target?.id, 'target.id', problems);
  if (typeof entry.target?.id === 'string' && EMAIL_ADDRESS.test(entry.target.id)) {
    problems.push('target.id looks like an e-mail address; use the opaque id');
  }
  if (entry.reason !== undefined) {
    if (typeof entry.reason !== 'string') problems.push('reason is not a string');
    else if (entry.reason.length > MAX_REASON_LENGTH) {
      problems.push(`reason is longer than ${MAX_REASON_LENGTH} characters`);
    }
  }
  if (entry.contentHashes !== undefined) checkContentHashes(entry.contentHashes, problems);
  if (entry.details !== undefined) checkDetails(entry.details, problems);
  if (problems.length > 0) throw new InvalidAuditEntryError(problems);
}

function checkId(id: unknown, path: string, problems: string[]): void {
  if (typeof id !== 'string' || id.length === 0) problems.push(`${path} is empty`);
  else if (id.length > MAX_ID_LENGTH) problems.push(`${path} is longer than ${MAX_ID_LENGTH}`);
  else if (CONTROL_CHARACTER.test(id)) problems.push(`${path} contains a control character`);
}

function checkContentHashes(contentHashes: Record<string, string>, problems: string[]): void {
  if (!isPlainObject(contentHashes)) {
    problems.push('contentHashes is not an object');
    return;
  }
  const entries = Object.entries(contentHashes);
  if (entries.length > MAX_CONTENT_HASHES) {
    problems.push(`contentHashes has more than ${MAX_CONTENT_HASHES} hashes`);
  }
  for (const [name, hash] of entries) {
    if (!FIELD_NAME.test(name)) problems.push(`contentHashes name "${name}" is not a plain name`);
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) {
      problems.push(`contentHashes.${name} is not a lower-case SHA-256 hex digest`);
    }
  }
}

function checkDetails(details: Record<string, JsonValue>, problems: string[]): void {
  if (!isPlainObject(details)) {
    problems.push('details is not an object');
    return;
  }
  let canonical: string;
  try {
    canonical = canonicalJson(details);
  } catch (error) {
    problems.push(`details is not JSON: ${(error as Error).message}`);
    return;
  }
  if (canonical.length > MAX_DETAILS_LENGTH) {
    problems.push(`details is longer than ${MAX_DETAILS_LENGTH} characters as JSON`);
  }
  checkDetailValue(details, 'details', problems);
}

function checkDetailValue(value: JsonValue, path: string, problems: string[]): void {
  if (typeof value === 'string') {
    if (EMAIL_ADDRESS.test(value)) problems.push(`${path} looks like an e-mail address`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkDetailValue(item, `${path}[${index}]`, problems));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      const normalised = name.toLowerCase().replaceAll('_', '');
      if (!FIELD_NAME.test(name)) {
        problems.push(`${path} name "${name}" is not a plain name`);
      } else if (
        FORBIDDEN_DETAIL_NAMES.has(normalised) ||
        normalised.includes('password') ||
        normalised.includes('secret')
      ) {
        problems.push(`${path}.${name} would hold a secret or personal data`);
      }
      checkDetailValue(item, `${path}.${name}`, problems);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
