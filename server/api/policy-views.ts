// What the policy routes answer: a version as the API shows it (never its internal outbox of
// audit entries), the overview of every policy key, and the JSON Schemas of both for the OpenAPI
// document.
import type { PolicyVersionRecord, VersionStatus } from '../policies/policy-version';
import type { PolicyKind } from '../rating/types';
import { SCHEMA_IDS } from '../rating/validation';

/** Every kind and status, checked complete by the compiler. */
const KIND_NAMES: Record<PolicyKind, true> = {
  pricing: true,
  discount: true,
  tax: true,
  dunning: true,
};
const STATUS_NAMES: Record<VersionStatus, true> = {
  draft: true,
  in_review: true,
  approved: true,
  published: true,
  superseded: true,
  rejected: true,
};
export const POLICY_KINDS = Object.keys(KIND_NAMES) as PolicyKind[];
export const VERSION_STATUSES = Object.keys(STATUS_NAMES) as VersionStatus[];

/** A version without its document: who did what to it, and when. */
export function versionSummaryView(record: PolicyVersionRecord) {
  return {
    id: record._id,
    key: record.key,
    kind: record.kind,
    version: record.version,
    status: record.status,
    revision: record.revision,
    contentHash: record.contentHash,
    author: record.author,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    basedOn: record.basedOn,
    submission: record.submission,
    approvals: record.approvals,
    rejection: record.rejection,
    publication: record.publication,
    supersededAt: record.supersededAt,
  };
}

export function versionView(record: PolicyVersionRecord) {
  return { ...versionSummaryView(record), document: record.document };
}

export interface PolicySummary {
  key: string;
  kind: PolicyKind;
  latest: { version: number; status: VersionStatus };
  /** The versions in force from their effectiveFrom (superseded ones are not listed). */
  published: { version: number; effectiveFrom: string }[];
}

/** One entry per key, in key order, from every version of those keys sorted by key and version. */
export function summarisePolicies(records: readonly PolicyVersionRecord[]): PolicySummary[] {
  const byKey = new Map<string, PolicySummary>();
  for (const record of records) {
    const summary = byKey.get(record.key) ?? {
      key: record.key,
      kind: record.kind,
      latest: { version: record.version, status: record.status },
      published: [],
    };
    if (record.version >= summary.latest.version) {
      summary.latest = { version: record.version, status: record.status };
    }
    if (record.status === 'published') {
      summary.published.push({
        version: record.version,
        effectiveFrom: record.document.effectiveFrom,
      });
    }
    byKey.set(record.key, summary);
  }
  return [...byKey.values()];
}

// ------------------------------------------------------------------------------ JSON Schemas

const BY_AT = {
  type: 'object',
  properties: { by: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
  required: ['by', 'at'],
};

function byAtWith(name: string, schema: Record<string, unknown>) {
  return {
    ...BY_AT,
    properties: { ...BY_AT.properties, [name]: schema },
    required: [...BY_AT.required, name],
  };
}

const VERSION_SUMMARY_PROPERTIES = {
  id: { type: 'string', description: 'key@version, as the audit log names the version' },
  key: { type: 'string' },
  kind: { type: 'string', enum: POLICY_KINDS },
  version: { type: 'integer', minimum: 1 },
  status: { type: 'string', enum: VERSION_STATUSES },
  revision: {
    type: 'integer',
    minimum: 1,
    description: 'Send it back with the next change: a change made meanwhile makes that a 409',
  },
  contentHash: { type: 'string', description: 'SHA-256 hex of the canonical JSON of the document' },
  author: { type: 'string', description: 'The user id of whoever created the draft' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  basedOn: { type: 'integer', description: 'The version a rollback started from' },
  submission: byAtWith('reason', { type: 'string' }),
  approvals: { type: 'array', items: byAtWith('comment', { type: 'string' }) },
  rejection: byAtWith('comment', { type: 'string' }),
  publication: byAtWith('effectiveFrom', { type: 'string' }),
  supersededAt: { type: 'string', format: 'date-time' },
};
const VERSION_SUMMARY_REQUIRED = [
  'id',
  'key',
  'kind',
  'version',
  'status',
  'revision',
  'contentHash',
  'author',
  'createdAt',
  'updatedAt',
  'approvals',
];

export const VERSION_SUMMARY_SCHEMA = {
  type: 'object',
  properties: VERSION_SUMMARY_PROPERTIES,
  required: VERSION_SUMMARY_REQUIRED,
};

export const VERSION_SCHEMA = {
  type: 'object',
  properties: { ...VERSION_SUMMARY_PROPERTIES, document: { $ref: SCHEMA_IDS.policy } },
  required: [...VERSION_SUMMARY_REQUIRED, 'document'],
};

export const POLICY_LIST_SCHEMA = {
  type: 'object',
  properties: {
    policies: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          kind: { type: 'string', enum: POLICY_KINDS },
          latest: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              status: { type: 'string', enum: VERSION_STATUSES },
            },
            required: ['version', 'status'],
          },
          published: {
            type: 'array',
            items: {
              type: 'object',
              properties: { version: { type: 'integer' }, effectiveFrom: { type: 'string' } },
              required: ['version', 'effectiveFrom'],
            },
          },
        },
        required: ['key', 'kind', 'latest', 'published'],
      },
    },
  },
  required: ['policies'],
};

export const DIFF_SCHEMA = {
  type: 'object',
  properties: {
    from: { type: 'integer' },
    to: { type: 'integer' },
    changes: {
      type: 'array',
      description:
        'Each change names a JSON path of the document; rules are matched by name, so a moved rule is one "moved" entry',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['added', 'removed', 'changed', 'moved'] },
          path: { type: 'string' },
          before: {},
          after: {},
          from: { type: 'integer' },
          to: { type: 'integer' },
        },
        required: ['kind', 'path'],
      },
    },
  },
  required: ['from', 'to', 'changes'],
};
