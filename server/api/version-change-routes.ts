// Changing a versioned document (a policy, a template) through its lifecycle over HTTP: a draft is
// created and edited, submitted for review, approved or rejected by another person, published
// with the date it takes effect, or rolled back by starting a new draft from an old version. Each
// route checks the body, names the user acting, and calls one use case; the use cases enforce who
// may do what (four eyes, MFA for approvers) and that nobody overwrites a change they have not
// seen (the revision).
import type { Response } from 'express';
import { approveVersion } from '../versioning/approve-version';
import { createDraft } from '../versioning/create-draft';
import { editDraft } from '../versioning/edit-draft';
import { publishVersion } from '../versioning/publish-version';
import { rejectVersion } from '../versioning/reject-version';
import { rollbackVersion } from '../versioning/rollback-version';
import { submitVersion } from '../versioning/submit-version';
import type { VersionRecord } from '../versioning/version-record';
import { bodySchema, readBody, type BodyFields } from './request-inputs';
import type { RouteDefinition } from './route';
import type { VersionApi } from './version-api';
import { actorOf, keyParameter, versionParameter, withDocumentIn } from './version-route-inputs';
import { versionSchema, versionView } from './version-views';

const SUBMIT_FIELDS: BodyFields = {
  revision: { type: 'revision' },
  reason: {
    type: 'string',
    required: true,
    maxLength: 2000,
    description: 'Why the change is needed; reviewers and the audit log read it',
  },
};
const APPROVE_FIELDS: BodyFields = {
  revision: { type: 'revision' },
  comment: {
    type: 'string',
    required: false,
    maxLength: 2000,
    description: 'What the reviewer checked',
  },
};
const REJECT_FIELDS: BodyFields = {
  revision: { type: 'revision' },
  comment: {
    type: 'string',
    required: true,
    maxLength: 2000,
    description: 'Why the change is rejected',
  },
};
const PUBLISH_FIELDS: BodyFields = {
  revision: { type: 'revision' },
  effectiveFrom: {
    type: 'instant',
    description:
      'When the version takes effect: today or later, and not before the version published last',
  },
};
const ROLLBACK_FIELDS: BodyFields = {};

const COMMON_REFUSALS = {
  '401': { description: 'No session' },
  '404': { description: 'There is no such version' },
  '415': { description: 'The request body is not application/json' },
};
const STALE = {
  description:
    'Someone changed the version since the revision sent, or it is no longer in a status that allows this',
};
const REVIEW_REFUSED = {
  description:
    'The caller may not review, wrote or submitted this change, or signed in without a second factor',
};

export function versionChangeRoutes<Kind extends string, Document>(
  api: VersionApi<Kind, Document>,
): RouteDefinition[] {
  const { family, names, permissions, tag } = api;
  const versionPath = `${api.path}/:key/versions/:version`;
  const answered = { description: 'The version as it is now', schema: versionSchema(api) };
  const editFields: BodyFields = {
    revision: { type: 'revision' },
    document: {
      type: 'document',
      schema: api.documentSchema,
      description: `The new content of the draft; its key and ${family.kindField} stay those of the ${names.singular}`,
    },
  };
  /** 201 with the new draft and where it lives. */
  const created = (response: Response, record: VersionRecord<Kind, Document>) => {
    response
      .status(201)
      .location(`${api.path}/${encodeURIComponent(record.key)}/versions/${record.version}`)
      .json(versionView(api, record));
  };
  return [
    {
      method: 'post',
      path: api.path,
      permission: permissions.write,
      operation: {
        operationId: `create${names.Singular}Draft`,
        summary: `Start a draft: the first version of a new ${names.singular}, or the next version of one`,
        description: `The body is a ${names.singular} document. The server gives the version number.`,
        tags: [tag],
        requestBody: { schema: api.documentSchema },
        responses: {
          '201': {
            description: 'The new draft (Location: its address)',
            schema: versionSchema(api),
          },
          '400': { description: 'The document is invalid; errors names every path' },
          '401': { description: 'No session' },
          '403': { description: `The caller may not write ${names.plural}` },
          '409': {
            description: `The key belongs to a ${names.singular} of another ${family.kindField}`,
          },
          '415': COMMON_REFUSALS['415'],
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const actor = actorOf(request);
        created(
          response,
          await createDraft({ store, clock, family, actor, document: request.body }),
        );
      },
    },
    {
      method: 'put',
      path: versionPath,
      permission: permissions.write,
      operation: {
        operationId: `edit${names.Singular}Draft`,
        summary: 'Save a new content for a draft',
        tags: [tag],
        requestBody: { schema: bodySchema(editFields) },
        responses: {
          '200': answered,
          '400': {
            description:
              'The body or the document is invalid; errors names every path ($.document...)',
          },
          '403': { description: `The caller may not write ${names.plural}` },
          '409': STALE,
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        const { revision, document } = readBody<{ revision: number; document: unknown }>(
          request,
          editFields,
          'edit',
        );
        const actor = actorOf(request);
        const record = await withDocumentIn(
          'document',
          editDraft({ store, clock, family, actor, key, version, revision, document }),
        );
        response.json(versionView(api, record));
      },
    },
    {
      method: 'post',
      path: `${versionPath}/submit`,
      permission: permissions.submit,
      operation: {
        operationId: `submit${names.Singular}Version`,
        summary: 'Submit a draft for review, saying why the change is needed',
        description:
          'The draft is validated again first; if it no longer passes, the answer is 400 and errors names the paths within the document.',
        tags: [tag],
        requestBody: { schema: bodySchema(SUBMIT_FIELDS) },
        responses: {
          '200': answered,
          '400': {
            description: 'A field is missing or invalid, or the draft no longer passes validation',
          },
          '403': { description: `The caller may not submit ${names.singular} changes` },
          '409': STALE,
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        const { revision, reason } = readBody<{ revision: number; reason: string }>(
          request,
          SUBMIT_FIELDS,
          'submission',
        );
        const actor = actorOf(request);
        const target = { store, clock, family, actor, key, version, revision };
        const submitted = await submitVersion({ ...target, reason });
        await api.afterSubmit?.(context, submitted);
        response.json(versionView(api, submitted));
      },
    },
    {
      method: 'post',
      path: `${versionPath}/approve`,
      permission: permissions.review,
      operation: {
        operationId: `approve${names.Singular}Version`,
        summary: 'Approve a version in review',
        description:
          'Four eyes: the approver is neither the author nor the submitter, and signed in with their second factor. Enough approvals (APPROVALS_REQUIRED) make the version approved.',
        tags: [tag],
        requestBody: { schema: bodySchema(APPROVE_FIELDS) },
        responses: {
          '200': answered,
          '400': { description: 'A field is missing or invalid; errors names it' },
          '403': REVIEW_REFUSED,
          '409': STALE,
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock, config } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        const { revision, comment = '' } = readBody<{ revision: number; comment?: string }>(
          request,
          APPROVE_FIELDS,
          'approval',
        );
        const actor = actorOf(request);
        const target = { store, clock, family, actor, key, version, revision };
        const record = await approveVersion({
          ...target,
          comment,
          approvalsRequired: config.approvalsRequired,
        });
        response.json(versionView(api, record));
      },
    },
    {
      method: 'post',
      path: `${versionPath}/reject`,
      permission: permissions.review,
      operation: {
        operationId: `reject${names.Singular}Version`,
        summary: 'Reject a version in review or approved, saying why',
        tags: [tag],
        requestBody: { schema: bodySchema(REJECT_FIELDS) },
        responses: {
          '200': answered,
          '400': { description: 'A field is missing or invalid; errors names it' },
          '403': REVIEW_REFUSED,
          '409': STALE,
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        const { revision, comment } = readBody<{ revision: number; comment: string }>(
          request,
          REJECT_FIELDS,
          'rejection',
        );
        const actor = actorOf(request);
        const target = { store, clock, family, actor, key, version, revision };
        response.json(versionView(api, await rejectVersion({ ...target, comment })));
      },
    },
    {
      method: 'post',
      path: `${versionPath}/publish`,
      permission: permissions.publish,
      operation: {
        operationId: `publish${names.Singular}Version`,
        summary: 'Publish an approved version with the date it takes effect',
        description: `Earlier published versions become superseded; they stay in force for dates before the new one. ${api.publicationNote}`,
        tags: [tag],
        requestBody: { schema: bodySchema(PUBLISH_FIELDS) },
        responses: {
          '200': answered,
          '400': { description: 'effectiveFrom is missing, not a date, or in the past' },
          '403': { description: `The caller may not publish ${names.plural}` },
          '409': {
            description: `The version is not approved, changed since the revision sent, or another version of the ${names.singular} is being published`,
          },
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        const { revision, effectiveFrom } = readBody<{ revision: number; effectiveFrom: string }>(
          request,
          PUBLISH_FIELDS,
          'publication',
        );
        const actor = actorOf(request);
        const target = { store, clock, family, actor, key, version, revision };
        const record = await publishVersion({ ...target, effectiveFrom });
        api.afterPublish?.(context);
        response.json(versionView(api, record));
      },
    },
    {
      method: 'post',
      path: `${versionPath}/rollback`,
      permission: permissions.write,
      operation: {
        operationId: `rollback${names.Singular}Version`,
        summary: 'Start a new draft with the content of this version',
        description:
          'A rollback never rewrites history: the new draft goes through review and publication like any change. No body, or an empty object.',
        tags: [tag],
        responses: {
          '201': {
            description: 'The new draft (Location: its address)',
            schema: versionSchema(api),
          },
          '400': { description: 'The body has fields; it takes none' },
          '403': { description: `The caller may not write ${names.plural}` },
          ...COMMON_REFUSALS,
        },
      },
      handle: async (context, request, response) => {
        const { store, clock } = context;
        const key = keyParameter(request);
        const version = versionParameter(request);
        if (request.body !== undefined) readBody(request, ROLLBACK_FIELDS, 'rollback');
        const actor = actorOf(request);
        created(response, await rollbackVersion({ store, clock, family, actor, key, version }));
      },
    },
  ];
}
