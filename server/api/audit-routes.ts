// The audit log over HTTP: verify the chain, page through the entries, export a period.
//
// Security:
// - Answers are never cached: the log names who did what.
// - An export leaves the platform with the log's content, so it is itself audited (who, which
//   period, which format, and the SHA-256 of the file handed out) before the file is sent: no
//   export goes out without its record.
// - Unknown query parameters are refused rather than ignored: a misspelt `from` would otherwise
//   export the whole log instead of the period asked for.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { appendAuditEntry, exportAuditLog, verifyAuditLog, type AuditEntry } from '../audit';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../audit/audit-entry';
import { readEntriesInOrder } from '../audit/audit-log-repository';
import { normaliseAuditPeriod, type AuditPeriod } from '../audit/audit-period';
import {
  auditSelectionFilter,
  type AuditFields,
  type AuditSelection,
} from '../audit/audit-selection';
import type { AuditExportFormat } from '../audit/build-audit-export';
import type { AppContext } from './app-context';
import { callerOf } from './create-app';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  readChoice,
  readQuery,
  readWholeNumber,
  throwIfInvalidQuery,
  type Query,
} from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

/** Ids are short opaque strings; a longer one is a mistake, not an id. */
const MAX_ID_LENGTH = 200;

const FROM: OpenApiParameter = {
  name: 'from',
  in: 'query',
  description:
    'First instant included: a date such as 2026-03-01 (midnight UTC) or a date-time with a zone. Open when left out.',
  schema: { type: 'string' },
};
const TO: OpenApiParameter = {
  name: 'to',
  in: 'query',
  description:
    'First instant excluded (the period is [from, to)): a date or a date-time with a zone. Open when left out.',
  schema: { type: 'string' },
};
const FIELD_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'action',
    in: 'query',
    description: 'Only entries of this action.',
    schema: { type: 'string', enum: [...AUDIT_ACTIONS] },
  },
  {
    name: 'actor',
    in: 'query',
    description: 'Only entries made by this actor: a user id, an API key id or "system".',
    schema: { type: 'string', maxLength: MAX_ID_LENGTH },
  },
  {
    name: 'targetType',
    in: 'query',
    description: 'Only entries about this type of target.',
    schema: { type: 'string', enum: [...AUDIT_TARGET_TYPES] },
  },
  {
    name: 'target',
    in: 'query',
    description: 'Only entries about the target with this id (a policy, a version, a user...).',
    schema: { type: 'string', maxLength: MAX_ID_LENGTH },
  },
];
const ENTRIES_PARAMETERS: OpenApiParameter[] = [
  FROM,
  TO,
  ...FIELD_PARAMETERS,
  {
    name: 'limit',
    in: 'query',
    description: `How many entries per page, ${DEFAULT_PAGE_SIZE} when left out.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
  {
    name: 'after',
    in: 'query',
    description: 'Only entries after this sequence: the nextAfter of the page before.',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
];
const EXPORT_PARAMETERS: OpenApiParameter[] = [
  FROM,
  TO,
  ...FIELD_PARAMETERS,
  {
    name: 'format',
    in: 'query',
    required: true,
    description:
      'csv for people and spreadsheets; json for re-verifying the hashes outside Ledgerline.',
    schema: { type: 'string', enum: ['csv', 'json'] },
  },
];

const AUDIT_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    sequence: { type: 'integer', minimum: 1 },
    at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['user', 'api_key', 'system'] },
        id: { type: 'string' },
      },
      required: ['type', 'id'],
    },
    action: { type: 'string', enum: [...AUDIT_ACTIONS] },
    target: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: [...AUDIT_TARGET_TYPES] },
        id: { type: 'string' },
      },
      required: ['type', 'id'],
    },
    reason: { type: 'string' },
    contentHashes: { type: 'object', additionalProperties: { type: 'string' } },
    details: { type: 'object' },
    previousHash: { type: 'string', description: 'SHA-256 hex of the entry before' },
    hash: { type: 'string', description: 'SHA-256 hex of this entry' },
  },
  required: ['sequence', 'at', 'actor', 'action', 'target', 'previousHash', 'hash'],
};

const VERIFICATION_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      properties: {
        ok: { const: true },
        entries: { type: 'integer', description: 'How many entries were verified' },
      },
      required: ['ok', 'entries'],
    },
    {
      type: 'object',
      properties: {
        ok: { const: false },
        problems: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              sequence: { type: 'integer', description: 'The entry to look at' },
              kind: { type: 'string', enum: ['edited', 'missing', 'reordered', 'broken_link'] },
              through: {
                type: 'integer',
                description: 'For missing: the last sequence of the gap',
              },
              message: { type: 'string' },
            },
            required: ['sequence', 'kind', 'message'],
          },
        },
      },
      required: ['ok', 'problems'],
    },
  ],
};

export const auditRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/audit/verify',
    permission: 'audit:read',
    operation: {
      operationId: 'verifyAuditLog',
      summary: 'Verify the hash chain of the audit log',
      description:
        'Checks every entry from the retention checkpoint (or the start) to the newest. A log that does not verify is an answer, not an error: 200 with ok false and each problem, by sequence.',
      tags: ['audit'],
      responses: {
        '200': {
          description: 'The log verifies (ok true), or the problems found (ok false)',
          schema: VERIFICATION_SCHEMA,
        },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read the audit log' },
      },
    },
    handle: async (context, _request, response) => {
      const verification = await verifyAuditLog({ store: context.store });
      response.setHeader('Cache-Control', 'no-store');
      response.json(verification);
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit/entries',
    permission: 'audit:read',
    operation: {
      operationId: 'listAuditEntries',
      summary: 'The audit entries of a period, in sequence order, a page at a time',
      description:
        'Narrow by action, actor, target type and target id as well as by period. Pass the nextAfter of an answer as after to get the next page; nextAfter is null on the last page.',
      tags: ['audit'],
      parameters: ENTRIES_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of entries',
          schema: {
            type: 'object',
            properties: {
              entries: { type: 'array', items: AUDIT_ENTRY_SCHEMA },
              nextAfter: { type: ['integer', 'null'] },
            },
            required: ['entries', 'nextAfter'],
          },
        },
        '400': { description: 'A query parameter is invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read the audit log' },
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, ENTRIES_PARAMETERS);
      const selection = readSelection(query);
      const limit = readWholeNumber(query, 'limit', { min: 1, max: MAX_PAGE_SIZE });
      const after = readWholeNumber(query, 'after', { min: 0, max: Number.MAX_SAFE_INTEGER });
      throwIfInvalidQuery(query);
      const page = await listAuditEntries({
        context,
        selection: selection!,
        limit: limit ?? DEFAULT_PAGE_SIZE,
        after: after ?? 0,
      });
      response.setHeader('Cache-Control', 'no-store');
      response.json(page);
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit/export',
    permission: 'audit:export',
    operation: {
      operationId: 'exportAuditLog',
      summary: 'Download the audit entries of a period as CSV or JSON',
      description:
        'The entries written in [from, to), narrowed by the same fields as the entries list, in sequence order, as a file (Content-Disposition: attachment). A narrowed JSON export names its filter, since its links then skip the entries left out. The export is itself recorded in the log (audit.exported), with the period, the filter, the format and the SHA-256 of the file.',
      tags: ['audit'],
      parameters: EXPORT_PARAMETERS,
      responses: {
        '200': {
          description: 'The export file',
          content: {
            'text/csv': {
              schema: {
                type: 'string',
                description:
                  'RFC 4180 with a header row: sequence, at, actor_type, actor_id, action, target_type, target_id, reason, content_hashes, details, previous_hash, hash',
              },
            },
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  from: { type: ['string', 'null'], format: 'date-time' },
                  to: { type: ['string', 'null'], format: 'date-time' },
                  filter: {
                    type: 'object',
                    description: 'Present when the export was narrowed by fields',
                    properties: {
                      action: { type: 'string' },
                      actorId: { type: 'string' },
                      targetType: { type: 'string' },
                      targetId: { type: 'string' },
                    },
                  },
                  hashing: { type: 'string', description: 'How to recompute each hash' },
                  entries: { type: 'array', items: AUDIT_ENTRY_SCHEMA },
                },
                required: ['from', 'to', 'hashing', 'entries'],
              },
            },
          },
          headers: {
            'Content-Disposition': {
              description:
                'attachment; filename=audit-log_<from date or start>_<to date or now>.<csv or json>',
              schema: { type: 'string' },
            },
          },
        },
        '400': { description: 'A query parameter is invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not export the audit log' },
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, EXPORT_PARAMETERS);
      const selection = readSelection(query);
      const format = readFormat(query);
      throwIfInvalidQuery(query);
      await sendRecordedExport({
        context,
        request,
        response,
        selection: selection!,
        format: format!,
      });
    },
  },
];

/** An audit entry as the API shows it: the stored entry without its storage id. */
type AuditEntryView = Omit<AuditEntry, '_id'>;

async function listAuditEntries(options: {
  context: AppContext;
  selection: AuditSelection;
  limit: number;
  after: number;
}): Promise<{ entries: AuditEntryView[]; nextAfter: number | null }> {
  const { context, selection, limit, after } = options;
  // One entry more than the page tells whether another page follows.
  const entries: AuditEntryView[] = [];
  let more = false;
  for await (const { _id, ...entry } of readEntriesInOrder(context.store, {
    after,
    filter: auditSelectionFilter(selection),
    pageSize: limit + 1,
  })) {
    if (entries.length === limit) {
      more = true;
      break;
    }
    entries.push(entry);
  }
  return { entries, nextAfter: more ? entries.at(-1)!.sequence : null };
}

async function sendRecordedExport(options: {
  context: AppContext;
  request: Request;
  response: Response;
  selection: AuditSelection;
  format: AuditExportFormat;
}): Promise<void> {
  const { context, request, response, selection, format } = options;
  const { period, ...fields } = selection;
  const { store, clock } = context;
  const caller = callerOf(request);
  const exported = await exportAuditLog({
    store,
    from: period.from ?? undefined,
    to: period.to ?? undefined,
    format,
    fields,
  });
  await appendAuditEntry({
    store,
    clock,
    entry: {
      actor: { type: caller.type, id: caller.id },
      action: 'audit.exported',
      target: { type: 'audit_log', id: 'audit_log' },
      contentHashes: { export: createHash('sha256').update(exported.body, 'utf8').digest('hex') },
      details: {
        from: period.from,
        to: period.to,
        ...(Object.keys(fields).length > 0 ? { filter: { ...fields } } : {}),
        format,
        entries: exported.entries,
      },
    },
  });
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.attachment(exported.fileName);
  response.setHeader('Content-Type', exported.contentType);
  response.send(Buffer.from(exported.body, 'utf8'));
}

/** The period and the fields asked for; undefined when one is invalid (the issue is in the query). */
function readSelection(query: Query): AuditSelection | undefined {
  const period = readPeriod(query);
  const fields: AuditFields = {};
  const action = readChoice(query, 'action', AUDIT_ACTIONS);
  const targetType = readChoice(query, 'targetType', AUDIT_TARGET_TYPES);
  const actorId = readId(query, 'actor');
  const targetId = readId(query, 'target');
  if (action !== undefined) fields.action = action;
  if (actorId !== undefined) fields.actorId = actorId;
  if (targetType !== undefined) fields.targetType = targetType;
  if (targetId !== undefined) fields.targetId = targetId;
  return period && { period, ...fields };
}

function readId(query: Query, name: string): string | undefined {
  const value = query.values[name];
  if (value === undefined || value.length <= MAX_ID_LENGTH) return value;
  query.issues.push({
    path: `query.${name}`,
    message: `must be at most ${MAX_ID_LENGTH} characters`,
  });
  return undefined;
}

/** The period [from, to); undefined when a bound is invalid (the issue is in the query). */
function readPeriod(query: Query): AuditPeriod | undefined {
  const from = readInstant(query, 'from');
  const to = readInstant(query, 'to');
  if (from === undefined || to === undefined) return undefined;
  if (from !== null && to !== null && from >= to) {
    query.issues.push({ path: 'query.to', message: 'must be later than from' });
    return undefined;
  }
  return { from, to };
}

/** The bound as the log stores instants; null when left out, undefined when invalid. */
function readInstant(query: Query, name: 'from' | 'to'): string | null | undefined {
  const value = query.values[name];
  if (value === undefined) return null;
  try {
    return normaliseAuditPeriod({ [name]: value })[name];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    query.issues.push({
      path: `query.${name}`,
      message:
        'must be a calendar date such as 2026-03-01 or a date-time with a zone such as 2026-03-01T10:00:00Z',
    });
    return undefined;
  }
}

function readFormat(query: Query): AuditExportFormat | undefined {
  const value = query.values.format;
  if (value === undefined) return undefined;
  if (value !== 'csv' && value !== 'json') {
    query.issues.push({ path: 'query.format', message: 'must be csv or json' });
    return undefined;
  }
  return value;
}
