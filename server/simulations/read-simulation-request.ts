// The body of POST /api/v1/simulations, checked field by field: every bad field is named.
import type { ValidationIssue } from '../rating/validation';
import { parseInstant } from '../rating/validation/instant';

export const MAX_SIMULATED_VERSIONS = 20;
export const MAX_NAMED_CUSTOMERS = 10_000;
export const MAX_PERIOD_DAYS = 366;

export interface SimulationRequest {
  versions: { key: string; version: number }[];
  period: { start: string; end: string };
  /** Only these customers; every stored customer when left out. */
  customerIds?: string[];
}

export const SIMULATED_VERSIONS_SCHEMA = {
  description:
    'The versions to simulate (drafts, or versions in review or approved), at most one per policy key. Each replaces its policy from the start of the period.',
  type: 'array',
  minItems: 1,
  maxItems: MAX_SIMULATED_VERSIONS,
  items: {
    type: 'object',
    required: ['key', 'version'],
    additionalProperties: false,
    properties: {
      key: { type: 'string', minLength: 1 },
      version: { type: 'integer', minimum: 1 },
    },
  },
} as const;

export const PERIOD_SCHEMA = {
  description: `The billing period to rate, [start, end), at most ${MAX_PERIOD_DAYS} days, such as {"start": "2026-03-01", "end": "2026-04-01"}.`,
  type: 'object',
  required: ['start', 'end'],
  additionalProperties: false,
  properties: {
    start: { type: 'string', description: 'A date such as 2026-03-01 or a date-time' },
    end: { type: 'string', description: 'A date or a date-time after start' },
  },
} as const;

export const SIMULATION_REQUEST_SCHEMA = {
  type: 'object',
  required: ['versions', 'period'],
  additionalProperties: false,
  properties: {
    versions: SIMULATED_VERSIONS_SCHEMA,
    period: PERIOD_SCHEMA,
    customerIds: {
      description: 'Only these stored customers; every stored customer when left out.',
      type: 'array',
      minItems: 1,
      maxItems: MAX_NAMED_CUSTOMERS,
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
    },
  },
} as const;

export type SimulationRequestOutcome =
  { ok: true; value: SimulationRequest } | { ok: false; issues: ValidationIssue[] };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unknownFields(
  value: Record<string, unknown>,
  known: readonly string[],
  path: string,
): ValidationIssue[] {
  return Object.keys(value)
    .filter((name) => !known.includes(name))
    .map((name) => ({ path: `${path}.${name}`, message: 'is not a field of this request' }));
}

export function versionIssues(value: unknown): ValidationIssue[] {
  if (!Array.isArray(value)) return [{ path: '$.versions', message: 'must be a list' }];
  if (value.length === 0 || value.length > MAX_SIMULATED_VERSIONS) {
    return [{ path: '$.versions', message: `must hold 1 to ${MAX_SIMULATED_VERSIONS} versions` }];
  }
  const issues: ValidationIssue[] = [];
  const keys = new Set<string>();
  value.forEach((item, index) => {
    const path = `$.versions[${index}]`;
    if (!isObject(item)) {
      issues.push({ path, message: 'must be an object with key and version' });
      return;
    }
    issues.push(...unknownFields(item, ['key', 'version'], path));
    if (typeof item.key !== 'string' || item.key === '') {
      issues.push({ path: `${path}.key`, message: 'must be a policy key' });
    } else if (keys.has(item.key)) {
      issues.push({ path: `${path}.key`, message: 'names a policy already in the list' });
    } else {
      keys.add(item.key);
    }
    if (!Number.isSafeInteger(item.version) || (item.version as number) < 1) {
      issues.push({ path: `${path}.version`, message: 'must be a whole number from 1' });
    }
  });
  return issues;
}

export function periodIssues(value: unknown): ValidationIssue[] {
  if (!isObject(value)) {
    return [{ path: '$.period', message: 'must be an object with start and end' }];
  }
  const issues = unknownFields(value, ['start', 'end'], '$.period');
  const bound = (name: 'start' | 'end') => {
    const text = value[name];
    const millis = typeof text === 'string' ? parseInstant(text) : undefined;
    if (millis === undefined) {
      issues.push({
        path: `$.period.${name}`,
        message: 'must be a date such as 2026-03-01 or a date-time such as 2026-03-01T00:00:00Z',
      });
    }
    return millis;
  };
  const start = bound('start');
  const end = bound('end');
  if (start !== undefined && end !== undefined) {
    if (end <= start) issues.push({ path: '$.period.end', message: 'must be after start' });
    else if (end - start > MAX_PERIOD_DAYS * 86_400_000) {
      issues.push({
        path: '$.period.end',
        message: `must be at most ${MAX_PERIOD_DAYS} days after start`,
      });
    }
  }
  return issues;
}

function customerIdIssues(value: unknown): ValidationIssue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ path: '$.customerIds', message: 'must be a list' }];
  if (value.length === 0 || value.length > MAX_NAMED_CUSTOMERS) {
    return [
      {
        path: '$.customerIds',
        message: `must hold 1 to ${MAX_NAMED_CUSTOMERS} ids; leave it out for every customer`,
      },
    ];
  }
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  value.forEach((id, index) => {
    const path = `$.customerIds[${index}]`;
    if (typeof id !== 'string' || id === '')
      issues.push({ path, message: 'must be a customer id' });
    else if (seen.has(id)) issues.push({ path, message: 'is already in the list' });
    else seen.add(id);
  });
  return issues;
}

export function readSimulationRequest(body: unknown): SimulationRequestOutcome {
  if (!isObject(body))
    return { ok: false, issues: [{ path: '$', message: 'must be a JSON object' }] };
  const issues = [
    ...unknownFields(body, ['versions', 'period', 'customerIds'], '$'),
    ...(body.versions === undefined
      ? [{ path: '$.versions', message: 'is required' }]
      : versionIssues(body.versions)),
    ...(body.period === undefined
      ? [{ path: '$.period', message: 'is required' }]
      : periodIssues(body.period)),
    ...customerIdIssues(body.customerIds),
  ];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: body as unknown as SimulationRequest };
}
