// What a webhook endpoint may be: an http(s) address without credentials in it (a secret in a URL
// ends up in proxies' logs), events from the closed list, a short description, and a secret of
// the caller's own long enough not to be guessed. Each problem names its field.
import type { ValidationIssue } from '../../rating/validation';
import { WEBHOOK_EVENTS } from './delivery-records';

export const MAX_URL_LENGTH = 2048;
export const MAX_DESCRIPTION_LENGTH = 200;
export const MIN_SECRET_LENGTH = 24;
export const MAX_SECRET_LENGTH = 200;

export function urlIssues(url: unknown): ValidationIssue[] {
  const path = '$.url';
  if (typeof url !== 'string' || url.length === 0) return [{ path, message: 'must be a URL' }];
  if (url.length > MAX_URL_LENGTH) {
    return [{ path, message: `must be at most ${MAX_URL_LENGTH} characters` }];
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ path, message: 'must be an absolute URL, such as https://erp.example.com/hooks' }];
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return [{ path, message: 'must be an http or https URL' }];
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return [{ path, message: 'must not hold a user name or password: the signature is the proof' }];
  }
  if (parsed.hash !== '') return [{ path, message: 'must not have a #fragment' }];
  return [];
}

export function eventsIssues(events: unknown): ValidationIssue[] {
  const path = '$.events';
  if (!Array.isArray(events) || events.length === 0) {
    return [{ path, message: `must list at least one event of ${WEBHOOK_EVENTS.join(', ')}` }];
  }
  const issues: ValidationIssue[] = [];
  events.forEach((event, index) => {
    if (typeof event !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
      issues.push({
        path: `${path}[${index}]`,
        message: `is not an event: expected one of ${WEBHOOK_EVENTS.join(', ')}`,
      });
    } else if (events.indexOf(event) !== index) {
      issues.push({ path: `${path}[${index}]`, message: 'is listed twice' });
    }
  });
  return issues;
}

export function descriptionIssues(description: unknown): ValidationIssue[] {
  if (description === undefined || description === null) return [];
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH) {
    return [
      {
        path: '$.description',
        message: `must be text of at most ${MAX_DESCRIPTION_LENGTH} characters`,
      },
    ];
  }
  return [];
}

export function secretIssues(secret: unknown): ValidationIssue[] {
  if (secret === undefined) return [];
  if (
    typeof secret !== 'string' ||
    secret.length < MIN_SECRET_LENGTH ||
    secret.length > MAX_SECRET_LENGTH ||
    !/^[\x21-\x7e]+$/.test(secret)
  ) {
    return [
      {
        path: '$.secret',
        message: `must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} visible ASCII characters (leave it out to have one made)`,
      },
    ];
  }
  return [];
}
