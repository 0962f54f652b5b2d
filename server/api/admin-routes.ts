// Administering who may use the platform over HTTP: users (created, given roles, disabled) and
// service API keys (created, revoked). Each route checks the shape of its body against the fields
// it declares once (the same declaration is the OpenAPI schema), names the administrator acting,
// and calls one use case, which checks the content (user names, roles, scopes, passwords).
//
// Security:
// - Only people manage access: an API key is refused (403) whatever it may be given one day, so
//   every change to who may do what is attributed to a person who signed in with TOTP.
// - Answers carry views only: never a password hash, TOTP secret or key hash. The secret of a new
//   API key is in the answer that creates it and nowhere else (Cache-Control: no-store).
import type { Request } from 'express';
import type { AuditActor } from '../audit';
import {
  API_KEY_SCOPES,
  changeUserRoles,
  createApiKey,
  createUser,
  disableUser,
  revokeApiKey,
  ROLES,
} from '../auth';
import { idIssues } from '../auth/auth-input';
import { listApiKeys } from '../auth/list-api-keys';
import { listUsers } from '../auth/list-users';
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import { callerOf } from './create-app';
import { bodySchema, readBody, type BodyField, type BodyFields } from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';

// ------------------------------------------------------------------------------ bodies

const reasonField = (required: boolean): BodyField => ({
  type: 'string',
  required,
  maxLength: MAX_REASON_LENGTH,
  description: 'Why, for the audit log',
});

const CREATE_USER_FIELDS: BodyFields = {
  username: {
    type: 'string',
    required: true,
    maxLength: 64,
    description:
      '3 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit; unique',
  },
  displayName: { type: 'string', required: true, maxLength: 100, description: 'For people' },
  roles: { type: 'list', of: ROLES, description: 'What the user may do' },
  password: {
    type: 'string',
    required: true,
    maxLength: 256,
    description: 'The first password; it must meet the password policy',
  },
  reason: reasonField(false),
};
interface CreateUserBody {
  username: string;
  displayName: string;
  roles: string[];
  password: string;
  reason?: string;
}

const CHANGE_ROLES_FIELDS: BodyFields = {
  roles: { type: 'list', of: ROLES, description: 'The roles the user has from now on' },
  revision: {
    type: 'revision',
    description:
      'The revision of the user as you loaded it; if someone changed them since, the answer is 409 and nothing changes',
  },
  reason: reasonField(true),
};
interface ChangeRolesBody {
  roles: string[];
  revision: number;
  reason: string;
}

const REASON_FIELDS: BodyFields = { reason: reasonField(true) };
interface ReasonBody {
  reason: string;
}

const CREATE_API_KEY_FIELDS: BodyFields = {
  name: {
    type: 'string',
    required: true,
    maxLength: 64,
    description: 'A label such as "usage-collector": letters, digits, spaces, ".", "_" or "-"',
  },
  scopes: { type: 'list', of: API_KEY_SCOPES, description: 'What the service may do' },
  reason: reasonField(false),
};
interface CreateApiKeyBody {
  name: string;
  scopes: string[];
  reason?: string;
}

// ------------------------------------------------------------------------------ the actor and ids

export const ACCESS_IS_MANAGED_BY_PEOPLE = 'users and API keys are managed by people';

/** The administrator acting; an API key never manages access (see Security above). */
function adminOf(request: Request): AuditActor {
  const caller = callerOf(request);
  if (caller.type !== 'user') throw new AppError('forbidden', ACCESS_IS_MANAGED_BY_PEOPLE);
  return { type: 'user', id: caller.id };
}

/** The :id of the path. */
function idParameter(request: Request): string {
  const value = request.params.id;
  const id = typeof value === 'string' ? value : '';
  const issues = idIssues(id, 'params.id');
  if (issues.length > 0) throw new AppError('invalid_request', 'the id is invalid', { issues });
  return id;
}

// ------------------------------------------------------------------------------ views

const USER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ROLES } },
    mfaEnrolled: { type: 'boolean' },
    disabled: { type: 'boolean' },
    lockedUntil: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer', minimum: 1 },
  },
  required: [
    'id',
    'username',
    'displayName',
    'roles',
    'mfaEnrolled',
    'disabled',
    'createdAt',
    'updatedAt',
    'revision',
  ],
};

const API_KEY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    displayPrefix: { type: 'string', description: "The secret's first characters" },
    scopes: { type: 'array', items: { type: 'string', enum: API_KEY_SCOPES } },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'name', 'displayPrefix', 'scopes', 'createdBy', 'createdAt'],
};

const NO_USERS = { description: 'The caller may not manage users (API keys never may)' };
const NO_KEYS = { description: 'The caller may not manage API keys (API keys never may)' };
const BAD_BODY = { description: 'The body is invalid; errors names each field' };
const NOT_JSON = { description: 'The body is not application/json' };
const THE_USER = { description: 'The user as they are now', schema: USER_SCHEMA };
const NO_USER = { description: 'There is no such user' };

// ------------------------------------------------------------------------------ routes

export const adminRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/users',
    permission: 'user:manage',
    operation: {
      operationId: 'listUsers',
      summary: 'Every user, by user name',
      tags: ['administration'],
      responses: {
        '200': {
          description: 'The users',
          schema: {
            type: 'object',
            properties: { users: { type: 'array', items: USER_SCHEMA } },
            required: ['users'],
          },
        },
        '401': NO_CALLER,
        '403': NO_USERS,
      },
    },
    handle: async (context, request, response) => {
      adminOf(request);
      response.setHeader('Cache-Control', 'no-store');
      response.json({ users: await listUsers(context.store) });
    },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    permission: 'user:manage',
    operation: {
      operationId: 'createUser',
      summary: 'Create a user with roles and a first password',
      tags: ['administration'],
      requestBody: { schema: bodySchema(CREATE_USER_FIELDS) },
      responses: {
        '201': { description: 'The user', schema: USER_SCHEMA },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_USERS,
        '409': { description: 'The user name is taken' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const actor = adminOf(request);
      const body = readBody<CreateUserBody>(request, CREATE_USER_FIELDS, 'user');
      const { store, clock } = context;
      const user = await createUser({ store, clock, actor, ...body });
      response.status(201).json(user);
    },
  },
  {
    method: 'put',
    path: '/api/v1/users/:id/roles',
    permission: 'user:manage',
    operation: {
      operationId: 'changeUserRoles',
      summary: "Change a user's roles; their sessions end",
      description: 'Nobody changes their own roles: another administrator must.',
      tags: ['administration'],
      requestBody: { schema: bodySchema(CHANGE_ROLES_FIELDS) },
      responses: {
        '200': THE_USER,
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': { description: `${NO_USERS.description}, or the user is the caller` },
        '404': NO_USER,
        '409': { description: 'The user changed since the revision given; reload them' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const actor = adminOf(request);
      const userId = idParameter(request);
      const body = readBody<ChangeRolesBody>(request, CHANGE_ROLES_FIELDS, 'role change');
      const { store, clock } = context;
      const outcome = await changeUserRoles({ store, clock, actor, userId, ...body });
      response.json(outcome.user);
    },
  },
  {
    method: 'post',
    path: '/api/v1/users/:id/disable',
    permission: 'user:manage',
    operation: {
      operationId: 'disableUser',
      summary: 'Disable a user: they can no longer sign in, and their sessions end',
      description: 'Disabling a user who is already disabled changes nothing.',
      tags: ['administration'],
      requestBody: { schema: bodySchema(REASON_FIELDS) },
      responses: {
        '200': THE_USER,
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': { description: `${NO_USERS.description}, or the user is the caller` },
        '404': NO_USER,
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const actor = adminOf(request);
      const userId = idParameter(request);
      const { reason } = readBody<ReasonBody>(request, REASON_FIELDS, 'request');
      const { store, clock } = context;
      const outcome = await disableUser({ store, clock, actor, userId, reason });
      response.json(outcome.user);
    },
  },
  {
    method: 'get',
    path: '/api/v1/api-keys',
    permission: 'api_key:manage',
    operation: {
      operationId: 'listApiKeys',
      summary: 'Every service API key, revoked ones included, oldest first',
      tags: ['administration'],
      responses: {
        '200': {
          description: 'The keys, without their secrets',
          schema: {
            type: 'object',
            properties: { apiKeys: { type: 'array', items: API_KEY_SCHEMA } },
            required: ['apiKeys'],
          },
        },
        '401': NO_CALLER,
        '403': NO_KEYS,
      },
    },
    handle: async (context, request, response) => {
      adminOf(request);
      response.setHeader('Cache-Control', 'no-store');
      response.json({ apiKeys: await listApiKeys(context.store) });
    },
  },
  {
    method: 'post',
    path: '/api/v1/api-keys',
    permission: 'api_key:manage',
    operation: {
      operationId: 'createApiKey',
      summary: 'Create a service API key; its secret is in this answer only',
      tags: ['administration'],
      requestBody: { schema: bodySchema(CREATE_API_KEY_FIELDS) },
      responses: {
        '201': {
          description: 'The key, and its secret: send it as "Authorization: Bearer <secret>"',
          schema: {
            type: 'object',
            properties: { apiKey: API_KEY_SCHEMA, secret: { type: 'string' } },
            required: ['apiKey', 'secret'],
          },
          headers: {
            'Cache-Control': {
              description: 'no-store: the secret is shown once',
              schema: { type: 'string' },
            },
          },
        },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_KEYS,
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const actor = adminOf(request);
      const body = readBody<CreateApiKeyBody>(request, CREATE_API_KEY_FIELDS, 'API key');
      const { store, clock } = context;
      const created = await createApiKey({ store, clock, actor, ...body });
      response.setHeader('Cache-Control', 'no-store');
      response.status(201).json(created);
    },
  },
  {
    method: 'post',
    path: '/api/v1/api-keys/:id/revoke',
    permission: 'api_key:manage',
    operation: {
      operationId: 'revokeApiKey',
      summary: 'Revoke a service API key: from now on it authenticates nothing',
      description: 'Revoking a key that is already revoked changes nothing.',
      tags: ['administration'],
      requestBody: { schema: bodySchema(REASON_FIELDS) },
      responses: {
        '200': { description: 'The key as it is now', schema: API_KEY_SCHEMA },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_KEYS,
        '404': { description: 'There is no such API key' },
        '415': NOT_JSON,
      },
    },
    handle: async (context, request, response) => {
      const actor = adminOf(request);
      const apiKeyId = idParameter(request);
      const { reason } = readBody<ReasonBody>(request, REASON_FIELDS, 'request');
      const { store, clock } = context;
      const outcome = await revokeApiKey({ store, clock, actor, apiKeyId, reason });
      response.json(outcome.apiKey);
    },
  },
];
