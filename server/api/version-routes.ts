// Reading a versioned family over HTTP: every key, its versions, one version, and the difference
// between two of them; then the routes that change versions (version-change-routes.ts). Users
// and API keys with the family's read permission may read; only users change versions.
import { AppError } from '../errors/app-error';
import type { Store } from '../store/store';
import type { VersionFamily } from '../versioning/version-family';
import type { VersionRecord, VersionStatus } from '../versioning/version-record';
import { versionNotFound } from '../versioning/version-errors';
import { findVersion, listVersions, versions } from '../versioning/versions-repository';
import { readChoice, readQuery, throwIfInvalidQuery } from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';
import type { VersionApi } from './version-api';
import { versionChangeRoutes } from './version-change-routes';
import { keyParameter, readVersionNumber, versionParameter } from './version-route-inputs';
import {
  diffSchema,
  keyListSchema,
  keySummaryView,
  summariseKeys,
  VERSION_STATUSES,
  versionSchema,
  versionSummarySchema,
  versionSummaryView,
  versionView,
  type KeySummary,
} from './version-views';

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

/** Every route of a versioned family: reading, then changing. */
export function versionRoutes<Kind extends string, Document>(
  api: VersionApi<Kind, Document>,
): RouteDefinition[] {
  const { family, names, tag } = api;
  const kindField = family.kindField;
  const listParameters: OpenApiParameter[] = [
    {
      name: kindField,
      in: 'query',
      description: `Only ${names.plural} of this ${kindField}.`,
      schema: { type: 'string', enum: api.kinds },
    },
    {
      name: 'status',
      in: 'query',
      description: `Only ${names.plural} that have a version in this status (published: the ${names.plural} in force).`,
      schema: { type: 'string', enum: VERSION_STATUSES },
    },
    {
      name: 'q',
      in: 'query',
      description: `Only ${names.plural} whose key contains this text (letter case ignored).`,
      schema: { type: 'string', maxLength: 100 },
    },
  ];
  const noRead = { description: `The caller may not read ${names.plural}` };
  return [
    {
      method: 'get',
      path: api.path,
      permission: api.permissions.read,
      operation: {
        operationId: `list${names.Plural}`,
        summary: `Every ${names.singular}: its latest version and status, and its published versions`,
        tags: [tag],
        parameters: listParameters,
        responses: {
          '200': {
            description: `One entry per ${names.singular} key, in key order`,
            schema: keyListSchema(api),
          },
          '400': { description: 'A query parameter is invalid or unknown; errors names it' },
          '401': NO_CALLER,
          '403': noRead,
        },
      },
      handle: async (context, request, response) => {
        const query = readQuery(request, listParameters);
        const kind = readChoice(query, kindField, api.kinds);
        const status = readChoice(query, 'status', VERSION_STATUSES);
        const text = query.values.q;
        if (text !== undefined && text.length > 100) {
          query.issues.push({ path: 'query.q', message: 'must be at most 100 characters' });
        }
        throwIfInvalidQuery(query);
        const summaries = await findKeySummaries(context.store, family, { kind, status, text });
        response.json({
          [names.plural]: summaries.map((summary) => keySummaryView(api, summary)),
        });
      },
    },
    {
      method: 'get',
      path: `${api.path}/:key/versions`,
      permission: api.permissions.read,
      operation: {
        operationId: `list${names.Singular}Versions`,
        summary: `Every version of a ${names.singular}, oldest first, without the documents`,
        tags: [tag],
        responses: {
          '200': {
            description: 'The versions',
            schema: {
              type: 'object',
              properties: {
                key: { type: 'string' },
                versions: { type: 'array', items: versionSummarySchema(api) },
              },
              required: ['key', 'versions'],
            },
          },
          '401': NO_CALLER,
          '403': noRead,
          '404': { description: `There is no ${names.singular} with this key` },
        },
      },
      handle: async (context, request, response) => {
        const key = keyParameter(request);
        const records = await listVersions(context.store, family, key);
        if (records.length === 0) {
          throw new AppError('not_found', `there is no ${family.name} ${key}`);
        }
        response.json({
          key,
          versions: records.map((record) => versionSummaryView(api, record)),
        });
      },
    },
    {
      method: 'get',
      path: `${api.path}/:key/versions/:version`,
      permission: api.permissions.read,
      operation: {
        operationId: `get${names.Singular}Version`,
        summary: `One version of a ${names.singular}, with its document`,
        tags: [tag],
        responses: {
          '200': { description: 'The version', schema: versionSchema(api) },
          '400': { description: 'The version is not a whole number from 1' },
          '401': NO_CALLER,
          '403': noRead,
          '404': { description: 'There is no such version' },
        },
      },
      handle: async (context, request, response) => {
        const key = keyParameter(request);
        const version = versionParameter(request);
        const record = await findVersion(context.store, family, key, version);
        if (record === null) throw versionNotFound(family, key, version);
        response.json(versionView(api, record));
      },
    },
    {
      method: 'get',
      path: `${api.path}/:key/diff`,
      permission: api.permissions.read,
      operation: {
        operationId: `diff${names.Singular}Versions`,
        summary: `What changed from one version of a ${names.singular} to another`,
        description: `${api.diff.description} Without \`from\`, the changes lead from the latest published version to \`to\`.`,
        tags: [tag],
        parameters: DIFF_PARAMETERS,
        responses: {
          '200': { description: 'The changes, in document order', schema: diffSchema(api) },
          '400': {
            description: 'A query parameter is missing, invalid or unknown; errors names it',
          },
          '401': NO_CALLER,
          '403': noRead,
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
            ? await latestPublishedVersion(context.store, family, key)
            : await findVersion(context.store, family, key, from);
        if (before === null) throw versionNotFound(family, key, from!);
        const after = await findVersion(context.store, family, key, to!);
        if (after === null) throw versionNotFound(family, key, to!);
        response.json({
          from: before.version,
          to: after.version,
          ...api.diff.compare(before.document, after.document),
        });
      },
    },
    ...versionChangeRoutes(api),
  ];
}

/**
 * The overview of every key. It reads every version of the kind asked for, documents included:
 * fine for the hundreds of versions a billing team keeps, a candidate for a summary kept per key
 * once there are many more.
 */
async function findKeySummaries<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
  filter: { kind?: Kind; status?: VersionStatus; text?: string },
): Promise<KeySummary[]> {
  const records = await versions(store, family).find(filter.kind ? { kind: filter.kind } : {}, {
    sort: { key: 1, version: 1 },
  });
  const text = filter.text?.toLowerCase();
  const withStatus = new Set(
    records.filter((record) => record.status === filter.status).map((record) => record.key),
  );
  return summariseKeys(records).filter(
    (summary) =>
      (text === undefined || summary.key.includes(text)) &&
      (filter.status === undefined || withStatus.has(summary.key)),
  );
}

/** The version published last; 404 when none is. */
async function latestPublishedVersion<Kind extends string, Document>(
  store: Store,
  family: VersionFamily<Kind, Document>,
  key: string,
): Promise<VersionRecord<Kind, Document>> {
  const published = (await listVersions(store, family, key)).filter(
    (record) => record.status === 'published',
  );
  const latest = published.at(-1);
  if (latest === undefined) {
    throw new AppError(
      'not_found',
      `${family.name} ${key} has no published version to compare with`,
    );
  }
  return latest;
}
