// What the routes of a versioned family answer: a version as the API shows it (never its
// internal outbox of audit entries), the overview of every key, and the JSON Schemas of both for
// the OpenAPI document. The kind is shown under the family's own name for it (kind, purpose).
import type { VersionRecord, VersionStatus } from '../versioning/version-record';
import type { VersionApi } from './version-api';

/** Every status, checked complete by the compiler. */
const STATUS_NAMES: Record<VersionStatus, true> = {
  draft: true,
  in_review: true,
  approved: true,
  published: true,
  superseded: true,
  rejected: true,
};
export const VERSION_STATUSES = Object.keys(STATUS_NAMES) as VersionStatus[];

/** A version without its document: who did what to it, and when. */
export function versionSummaryView(api: VersionApi<string, unknown>, record: VersionRecord) {
  return {
    id: record._id,
    key: record.key,
    [api.family.kindField]: record.kind,
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

export function versionView(api: VersionApi<string, unknown>, record: VersionRecord) {
  return { ...versionSummaryView(api, record), document: record.document };
}

export interface KeySummary {
  key: string;
  kind: string;
  latest: { version: number; status: VersionStatus };
  /** The versions in force from their effectiveFrom (superseded ones are not listed). */
  published: { version: number; effectiveFrom: string }[];
}

/** One entry per key, in key order, from every version of those keys sorted by key and version. */
export function summariseKeys(records: readonly VersionRecord[]): KeySummary[] {
  const byKey = new Map<string, KeySummary>();
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
    if (record.status === 'published' && record.publication) {
      summary.published.push({
        version: record.version,
        effectiveFrom: record.publication.effectiveFrom,
      });
    }
    byKey.set(record.key, summary);
  }
  return [...byKey.values()];
}

export function keySummaryView(api: VersionApi<string, unknown>, summary: KeySummary) {
  const { key, kind, latest, published } = summary;
  return { key, [api.family.kindField]: kind, latest, published };
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

function summaryProperties(api: VersionApi<string, unknown>) {
  return {
    id: { type: 'string', description: 'key@version, as the audit log names the version' },
    key: { type: 'string' },
    [api.family.kindField]: { type: 'string', enum: api.kinds },
    version: { type: 'integer', minimum: 1 },
    status: { type: 'string', enum: VERSION_STATUSES },
    revision: {
      type: 'integer',
      minimum: 1,
      description: 'Send it back with the next change: a change made meanwhile makes that a 409',
    },
    contentHash: {
      type: 'string',
      description: 'SHA-256 hex of the canonical JSON of the document',
    },
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
}

function summaryRequired(api: VersionApi<string, unknown>) {
  return [
    'id',
    'key',
    api.family.kindField,
    'version',
    'status',
    'revision',
    'contentHash',
    'author',
    'createdAt',
    'updatedAt',
    'approvals',
  ];
}

export function versionSummarySchema(api: VersionApi<string, unknown>) {
  return { type: 'object', properties: summaryProperties(api), required: summaryRequired(api) };
}

export function versionSchema(api: VersionApi<string, unknown>) {
  return {
    type: 'object',
    properties: { ...summaryProperties(api), document: api.documentSchema },
    required: [...summaryRequired(api), 'document'],
  };
}

export function keyListSchema(api: VersionApi<string, unknown>) {
  return {
    type: 'object',
    properties: {
      [api.names.plural]: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            key: { type: 'string' },
            [api.family.kindField]: { type: 'string', enum: api.kinds },
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
          required: ['key', api.family.kindField, 'latest', 'published'],
        },
      },
    },
    required: [api.names.plural],
  };
}

export function diffSchema(api: VersionApi<string, unknown>) {
  return {
    type: 'object',
    properties: {
      from: { type: 'integer' },
      to: { type: 'integer' },
      ...api.diff.properties,
    },
    required: ['from', 'to', ...Object.keys(api.diff.properties)],
  };
}

/** The changes between two JSON documents, as diff-documents.ts lists them. */
export const DOCUMENT_CHANGES_SCHEMA = {
  type: 'array',
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
};
