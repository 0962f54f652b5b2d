// Policy versions over HTTP: reading every policy, its versions and the difference between two
// of them (here), and changing them through their lifecycle (policy-change-routes.ts). Users and
// API keys with policies:read may read; only users change policies.
import { AppError } from '../errors/app-error';
import { diffDocuments } from '../policies/diff-documents';
import type { PolicyVersionRecord, VersionStatus } from '../policies/policy-version';
import { findVersion, listVersions, versions } from '../policies/policy-versions-repository';
import { versionNotFound } from '../policies/version-errors';
import type { PolicyKind } from '../rating/types';
import type { Store } from '../store/store';
import { policyChangeRoutes } from './policy-change-routes';
import { keyParameter, readVersionNumber, versionParameter } from './policy-route-inputs';
import { readChoice, readQuery, throwIfInvalidQuery } from './request-inputs';
import {
  DIFF_SCHEMA,
  POLICY_KINDS,
  POLICY_LIST_SCHEMA,
  summarisePolicies,
  VERSION_SCHEMA,
  VERSION_STATUSES,
  VERSION_SUMMARY_SCHEMA,
  versionSummaryView,
  versionView,
  type PolicySummary,
} from './policy-views';
import type { OpenApiParameter, RouteDefinition } from './route';

const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'kind',
    in: 'query',
    description: 'Only policies of this kind.',
    schema: { type: 'string', enum: POLICY_KINDS },
  },
  {
    name: 'status',
    in: 'query',
    description:
      'Only policies that have a version in this status (published: the policies in force).',
    schema: { type: 'string', enum: VERSION_STATUSES },
  },
  {
    name: 'q',
    in: 'query',
    description: 'Only policies whose key contains this text (letter case ignored).',
    schema: { type: 'string', maxLength: 100 },
  },
];

const DIFF_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'from',
    in: 'query',
    description:
      'The version the changes start from ("before"); the latest published version when left out, so a reviewer asks only for the draft.',
    schema: { type: 'integer', minimum: 1 },
  },
  {
    name: 'to',
    in: 'query',
    required: true,
    description: 'The version the changes lead to ("after"), such as the draft under review.',
    schema: { type: 'integer', minimum: 1 },
  },
];

const NO_READ = { description: 'The caller may not read policies' };
const NO_CALLER = { description: 'No session or API key' };

export const policyRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/policies',
    permission: 'policy:read',
    operation: {
      operationId: 'listPolicies',
      summary: 'Every policy: its latest version and status, and its published versions',
      tags: ['policies'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'One entry per policy key, in key order',
          schema: POLICY_LIST_SCHEMA,
        },
        '400': { description: 'A query parameter is invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const kind = readChoice(query, 'kind', POLICY_KINDS);
      const status = readChoice(query, 'status', VERSION_STATUSES);
      const text = query.values.q;
      if (text !== undefined && text.length > 100) {
        query.issues.push({ path: 'query.q', message: 'must be at most 100 characters' });
      }
      throwIfInvalidQuery(query);
      const policies = await findPolicySummaries(context.store, { kind, status, text });
      response.json({ policies });
    },
  },
  {
    method: 'get',
    path: '/api/v1/policies/:key/versions',
    permission: 'policy:read',
    operation: {
      operationId: 'listPolicyVersions',
      summary: 'Every version of a policy, oldest first, without the documents',
      tags: ['policies'],
      responses: {
        '200': {
          description: 'The versions',
          schema: {
            type: 'object',
            properties: {
              key: { type: 'string' },
              versions: { type: 'array', items: VERSION_SUMMARY_SCHEMA },
            },
            required: ['key', 'versions'],
          },
        },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no policy with this key' },
      },
    },
    handle: async (context, request, response) => {
      const key = keyParameter(request);
      const records = await listVersions(context.store, key);
      if (records.length === 0) throw new AppError('not_found', `there is no policy ${key}`);
      response.json({ key, versions: records.map(versionSummaryView) });
    },
  },
  {
    method: 'get',
    path: '/api/v1/policies/:key/versions/:version',
    permission: 'policy:read',
    operation: {
      operationId: 'getPolicyVersion',
      summary: 'One version of a policy, with its document',
      tags: ['policies'],
      responses: {
        '200': { description: 'The version', schema: VERSION_SCHEMA },
        '400': { description: 'The version is not a whole number from 1' },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such version' },
      },
    },
    handle: async (context, request, response) => {
      const key = keyParameter(request);
      const version = versionParameter(request);
      const record = await findVersion(context.store, key, version);
      if (record === null) throw versionNotFound(key, version);
      response.json(versionView(record));
    },
  },
  {
    method: 'get',
    path: '/api/v1/policies/:key/diff',
    permission: 'policy:read',
    operation: {
      operationId: 'diffPolicyVersions',
      summary: 'What changed from one version of a policy to another',
      description:
        'Each change names a JSON path of the document with its value before (in `from`) and after (in `to`). Without `from`, the changes lead from the latest published version to `to`.',
      tags: ['policies'],
      parameters: DIFF_PARAMETERS,
      responses: {
        '200': { description: 'The changes, in document order', schema: DIFF_SCHEMA },
        '400': { description: 'A query parameter is missing, invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'A version does not exist, or no version is published yet' },
      },
    },
    handle: async (context, request, response) => {
      const key = keyParameter(request);
      const query = readQuery(request, DIFF_PARAMETERS);
      const from = readVersionNumber(query, 'from');
      const to = readVersionNumber(query, 'to');
      throwIfInvalidQuery(query);
      const before =
        from === undefined
          ? await latestPublishedVersion(context.store, key)
          : await findVersion(context.store, key, from);
      if (before === null) throw versionNotFound(key, from!);
      const after = await findVersion(context.store, key, to!);
      if (after === null) throw versionNotFound(key, to!);
      response.json({
        from: before.version,
        to: after.version,
        changes: diffDocuments(before.document, after.document),
      });
    },
  },
  ...policyChangeRoutes,
];

/**
 * The overview of every policy key. It reads every version of the kind asked for, documents
 * included: fine for the hundreds of versions a billing team keeps, a candidate for a summary
 * kept per key once there are many more.
 */
async function findPolicySummaries(
  store: Store,
  filter: { kind?: PolicyKind; status?: VersionStatus; text?: string },
): Promise<PolicySummary[]> {
  const records = await versions(store).find(filter.kind ? { kind: filter.kind } : {}, {
    sort: { key: 1, version: 1 },
  });
  const text = filter.text?.toLowerCase();
  const withStatus = new Set(
    records.filter((record) => record.status === filter.status).map((record) => record.key),
  );
  return summarisePolicies(records).filter(
    (policy) =>
      (text === undefined || policy.key.includes(text)) &&
      (filter.status === undefined || withStatus.has(policy.key)),
  );
}

/** The version published last; 404 when none is. */
async function latestPublishedVersion(store: Store, key: string): Promise<PolicyVersionRecord> {
  const published = (await listVersions(store, key)).filter(
    (record) => record.status === 'published',
  );
  const latest = published.at(-1);
  if (latest === undefined) {
    throw new AppError('not_found', `policy ${key} has no published version to compare with`);
  }
  return latest;
}
