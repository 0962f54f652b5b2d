// Changing policies through their lifecycle over HTTP: a draft is created and edited, submitted
// for review, approved or rejected by another person, published with the date it takes effect,
// or rolled back by starting a new draft from an old version. Each route checks the body, names
// the user acting, and calls one use case; the use cases enforce who may do what (four eyes, MFA
// for approvers) and that nobody overwrites a change they have not seen (the revision).
import type { Response } from 'express';
import { approvePolicyVersion } from '../policies/approve-policy-version';
import { createPolicyDraft } from '../policies/create-policy-draft';
import { editPolicyDraft } from '../policies/edit-policy-draft';
import type { PolicyVersionRecord } from '../policies/policy-version';
import { publishPolicyVersion } from '../policies/publish-policy-version';
import { rejectPolicyVersion } from '../policies/reject-policy-version';
import { rollbackPolicyVersion } from '../policies/rollback-policy-version';
import { submitPolicyVersion } from '../policies/submit-policy-version';
import { SCHEMA_IDS } from '../rating/validation';
import { actorOf, keyParameter, versionParameter, withDocumentIn } from './policy-route-inputs';
import { bodySchema, readBody, type BodyFields } from './request-inputs';
import { VERSION_SCHEMA, versionView } from './policy-views';
import type { RouteDefinition } from './route';

const VERSION_PATH = '/api/v1/policies/:key/versions/:version';

const EDIT_FIELDS: BodyFields = {
  revision: { type: 'revision' },
  document: {
    type: 'policy',
    description: 'The new content of the draft; its key and kind stay those of the policy',
  },
};
interface EditBody {
  revision: number;
  document: unknown;
}

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

const ANSWERED_WITH_VERSION = { description: 'The version as it is now', schema: VERSION_SCHEMA };
const COMMON_REFUSALS = {
  '401': { description: 'No session' },
  '404': { description: 'There is no such version' },
  '415': { description: 'The request body is not application/json' },
};
const STALE = {
  description:
    'Someone changed the version since the revision sent, or it is no longer in a status that allows this',
};

/** 201 with the new draft and where it lives. */
function created(response: Response, record: PolicyVersionRecord): void {
  response
    .status(201)
    .location(`/api/v1/policies/${encodeURIComponent(record.key)}/versions/${record.version}`)
    .json(versionView(record));
}

export const policyChangeRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/policies',
    permission: 'policy:write',
    operation: {
      operationId: 'createPolicyDraft',
      summary: 'Start a draft: the first version of a new policy, or the next version of one',
      description:
        'The body is a policy document. The server gives the version number: the version in the document is replaced.',
      tags: ['policies'],
      requestBody: { schema: { $ref: SCHEMA_IDS.policy } },
      responses: {
        '201': { description: 'The new draft (Location: its address)', schema: VERSION_SCHEMA },
        '400': { description: 'The document is invalid; errors names every path' },
        '401': { description: 'No session' },
        '403': { description: 'The caller may not write policies' },
        '409': { description: 'The key belongs to a policy of another kind' },
        '415': COMMON_REFUSALS['415'],
      },
    },
    handle: async (context, request, response) => {
      const { store, clock } = context;
      const actor = actorOf(request);
      created(response, await createPolicyDraft({ store, clock, actor, document: request.body }));
    },
  },
  {
    method: 'put',
    path: VERSION_PATH,
    permission: 'policy:write',
    operation: {
      operationId: 'editPolicyDraft',
      summary: 'Save a new content for a draft',
      tags: ['policies'],
      requestBody: { schema: bodySchema(EDIT_FIELDS) },
      responses: {
        '200': ANSWERED_WITH_VERSION,
        '400': {
          description:
            'The body or the document is invalid; errors names every path ($.document...)',
        },
        '403': { description: 'The caller may not write policies' },
        '409': STALE,
        ...COMMON_REFUSALS,
      },
    },
    handle: async (context, request, response) => {
      const { store, clock } = context;
      const key = keyParameter(request);
      const version = versionParameter(request);
      const { revision, document } = readBody<EditBody>(request, EDIT_FIELDS, 'edit');
      const actor = actorOf(request);
      const record = await withDocumentIn(
        'document',
        editPolicyDraft({ store, clock, actor, key, version, revision, document }),
      );
      response.json(versionView(record));
    },
  },
  {
    method: 'post',
    path: `${VERSION_PATH}/submit`,
    permission: 'policy:submit',
    operation: {
      operationId: 'submitPolicyVersion',
      summary: 'Submit a draft for review, saying why the change is needed',
      tags: ['policies'],
      requestBody: { schema: bodySchema(SUBMIT_FIELDS) },
      responses: {
        '200': ANSWERED_WITH_VERSION,
        '400': { description: 'A field is missing or invalid; errors names it' },
        '403': { description: 'The caller may not submit policy changes' },
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
      const record = await submitPolicyVersion({
        store,
        clock,
        actor,
        key,
        version,
        revision,
        reason,
      });
      response.json(versionView(record));
    },
  },
  {
    method: 'post',
    path: `${VERSION_PATH}/approve`,
    permission: 'policy:review',
    operation: {
      operationId: 'approvePolicyVersion',
      summary: 'Approve a version in review',
      description:
        'Four eyes: the approver is neither the author nor the submitter, and signed in with their second factor. Enough approvals (APPROVALS_REQUIRED) make the version approved.',
      tags: ['policies'],
      requestBody: { schema: bodySchema(APPROVE_FIELDS) },
      responses: {
        '200': ANSWERED_WITH_VERSION,
        '400': { description: 'A field is missing or invalid; errors names it' },
        '403': {
          description:
            'The caller may not review, wrote or submitted this change, or signed in without a second factor',
        },
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
      const record = await approvePolicyVersion({
        store,
        clock,
        actor,
        key,
        version,
        revision,
        comment,
        approvalsRequired: config.approvalsRequired,
      });
      response.json(versionView(record));
    },
  },
  {
    method: 'post',
    path: `${VERSION_PATH}/reject`,
    permission: 'policy:review',
    operation: {
      operationId: 'rejectPolicyVersion',
      summary: 'Reject a version in review or approved, saying why',
      tags: ['policies'],
      requestBody: { schema: bodySchema(REJECT_FIELDS) },
      responses: {
        '200': ANSWERED_WITH_VERSION,
        '400': { description: 'A field is missing or invalid; errors names it' },
        '403': {
          description:
            'The caller may not review, wrote or submitted this change, or signed in without a second factor',
        },
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
      const record = await rejectPolicyVersion({
        store,
        clock,
        actor,
        key,
        version,
        revision,
        comment,
      });
      response.json(versionView(record));
    },
  },
  {
    method: 'post',
    path: `${VERSION_PATH}/publish`,
    permission: 'policy:publish',
    operation: {
      operationId: 'publishPolicyVersion',
      summary: 'Publish an approved version with the date it takes effect',
      description:
        'The effective date becomes the document’s effectiveFrom. Earlier published versions become superseded; they still price charges dated before it. Rating uses the new version at once.',
      tags: ['policies'],
      requestBody: { schema: bodySchema(PUBLISH_FIELDS) },
      responses: {
        '200': ANSWERED_WITH_VERSION,
        '400': { description: 'effectiveFrom is missing, not a date, or in the past' },
        '403': { description: 'The caller may not publish policies' },
        '409': {
          description:
            'The version is not approved, changed since the revision sent, or another version of the policy is being published',
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
      const record = await publishPolicyVersion({
        store,
        clock,
        actor,
        key,
        version,
        revision,
        effectiveFrom,
      });
      // Rating in this process prices with the new version from the next request on.
      context.ratablePolicies.invalidate();
      response.json(versionView(record));
    },
  },
  {
    method: 'post',
    path: `${VERSION_PATH}/rollback`,
    permission: 'policy:write',
    operation: {
      operationId: 'rollbackPolicyVersion',
      summary: 'Start a new draft with the content of this version',
      description:
        'A rollback never rewrites history: the new draft goes through review and publication like any change. No body, or an empty object.',
      tags: ['policies'],
      responses: {
        '201': { description: 'The new draft (Location: its address)', schema: VERSION_SCHEMA },
        '400': { description: 'The body has fields; it takes none' },
        '403': { description: 'The caller may not write policies' },
        ...COMMON_REFUSALS,
      },
    },
    handle: async (context, request, response) => {
      const { store, clock } = context;
      const key = keyParameter(request);
      const version = versionParameter(request);
      if (request.body !== undefined) readBody(request, ROLLBACK_FIELDS, 'rollback');
      const actor = actorOf(request);
      created(response, await rollbackPolicyVersion({ store, clock, actor, key, version }));
    },
  },
];
