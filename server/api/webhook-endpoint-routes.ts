// Webhook endpoints: billing admins and administrators add the addresses issued invoices are
// posted to, change, disable, enable and delete them. The signing secret is in the answer that
// creates it (or rotates it) and nowhere else (Cache-Control: no-store). Each change is audited.
import type { Request } from 'express';
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import type { AuditActor } from '../audit';
import { AppError } from '../errors/app-error';
import {
  changeWebhookEndpointState,
  type WebhookEndpointChange,
} from '../invoicing/delivery/change-webhook-endpoint-state';
import { createWebhookEndpoint } from '../invoicing/delivery/create-webhook-endpoint';
import { WEBHOOK_ENDPOINTS, WEBHOOK_EVENTS } from '../invoicing/delivery/delivery-records';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_SECRET_LENGTH,
  MAX_URL_LENGTH,
  MIN_SECRET_LENGTH,
} from '../invoicing/delivery/webhook-endpoint-input';
import {
  webhookEndpointView,
  type WebhookEndpointRecord,
} from '../invoicing/delivery/webhook-endpoint-record';
import {
  findWebhookEndpoint,
  updateWebhookEndpoint,
} from '../invoicing/delivery/update-webhook-endpoint';
import type { ValidationIssue } from '../rating/validation';
import { bodyFields } from './change-fields';
import { callerOf } from './create-app';
import { pathParameter } from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';

const ENDPOINT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'array', items: { enum: WEBHOOK_EVENTS } },
    description: { type: ['string', 'null'] },
    state: { enum: ['enabled', 'disabled', 'deleted'] },
    secretPrefix: {
      type: ['string', 'null'],
      description: "The secret's first characters, to tell which one a receiver holds",
    },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer', minimum: 1 },
  },
  required: ['id', 'url', 'events', 'description', 'state', 'secretPrefix', 'revision'],
};
const WITH_SECRET_SCHEMA = {
  type: 'object',
  properties: {
    endpoint: ENDPOINT_SCHEMA,
    secret: { type: 'string', description: 'Shown once: keep it where the receiver runs' },
  },
  required: ['endpoint'],
};

const URL_PROPERTY = {
  type: 'string',
  maxLength: MAX_URL_LENGTH,
  description: 'An http or https URL without credentials, such as https://erp.example.com/hooks',
};
const EVENTS_PROPERTY = {
  type: 'array',
  items: { enum: WEBHOOK_EVENTS },
  minItems: 1,
  uniqueItems: true,
  description: 'The events sent there',
};
const DESCRIPTION_PROPERTY = { type: 'string', maxLength: MAX_DESCRIPTION_LENGTH };
const REASON_PROPERTY = { type: 'string', maxLength: MAX_REASON_LENGTH };
const REASON_BODY = {
  type: 'object',
  properties: { reason: REASON_PROPERTY },
  additionalProperties: false,
};

const NO_MANAGE = { description: 'The caller may not manage webhook endpoints (webhook:manage)' };
const BAD_BODY = { description: 'The body is invalid; errors names each field' };
const NO_ENDPOINT = { description: 'There is no such webhook endpoint' };

function actorOf(request: Request): AuditActor {
  const caller = callerOf(request);
  return { type: caller.type, id: caller.id };
}

/** The body's fields, with an issue for each one not among `allowed`. */
function readFields(
  request: Request,
  allowed: readonly string[],
): { fields: Record<string, unknown>; issues: ValidationIssue[] } {
  const fields = bodyFields(request.body);
  const issues = Object.keys(fields)
    .filter((name) => !allowed.includes(name))
    .map((name) => ({ path: `$.${name}`, message: 'is not a field of a webhook endpoint' }));
  return { fields, issues };
}

function throwIfIssues(issues: ValidationIssue[]): void {
  if (issues.length > 0) {
    throw new AppError('invalid_request', 'the webhook endpoint is invalid', { issues });
  }
}

function optionalReason(value: unknown): string | undefined {
  return value as string | undefined;
}

function stateRoute(change: WebhookEndpointChange, method: 'post' | 'delete'): RouteDefinition {
  const done = { disable: 'disabled', enable: 'enabled', delete: 'deleted' }[change];
  return {
    method,
    path:
      method === 'delete'
        ? '/api/v1/webhook-endpoints/:id'
        : `/api/v1/webhook-endpoints/:id/${change}`,
    permission: 'webhook:manage',
    operation: {
      operationId: `${change}WebhookEndpoint`,
      summary: {
        disable: 'Stop sending to a webhook endpoint (its due deliveries are skipped)',
        enable: 'Send to a webhook endpoint again',
        delete: 'Delete a webhook endpoint and its secret',
      }[change],
      description: `Body: an optional reason. Audited as webhook_endpoint.${done}.`,
      tags: ['delivery'],
      requestBody: { schema: REASON_BODY },
      responses: {
        '200': { description: 'The endpoint as it is now', schema: ENDPOINT_SCHEMA },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_MANAGE,
        '404': NO_ENDPOINT,
      },
    },
    handle: async (context, request, response) => {
      const { fields, issues } = readFields(request, ['reason']);
      throwIfIssues(issues);
      const endpoint = await changeWebhookEndpointState({
        store: context.store,
        clock: context.clock,
        actor: actorOf(request),
        id: pathParameter(request, 'id'),
        change,
        reason: optionalReason(fields.reason),
      });
      response.json(endpoint);
    },
  };
}

export const webhookEndpointRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/webhook-endpoints',
    permission: 'webhook:manage',
    operation: {
      operationId: 'listWebhookEndpoints',
      summary: 'The webhook endpoints (without their secrets)',
      tags: ['delivery'],
      responses: {
        '200': {
          description: 'The endpoints, deleted ones left out',
          schema: {
            type: 'object',
            properties: { endpoints: { type: 'array', items: ENDPOINT_SCHEMA } },
            required: ['endpoints'],
          },
        },
        '401': NO_CALLER,
        '403': NO_MANAGE,
      },
    },
    handle: async (context, _request, response) => {
      const endpoints = await context.store
        .collection<WebhookEndpointRecord>(WEBHOOK_ENDPOINTS)
        .find({ state: { $ne: 'deleted' } }, { sort: { createdAt: 1, _id: 1 } });
      response.json({ endpoints: endpoints.map(webhookEndpointView) });
    },
  },
  {
    method: 'post',
    path: '/api/v1/webhook-endpoints',
    permission: 'webhook:manage',
    operation: {
      operationId: 'createWebhookEndpoint',
      summary: 'Add a webhook endpoint; its signing secret is answered once',
      description:
        'Each event the endpoint subscribes to is POSTed there as JSON, signed in the Ledgerline-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret). Give `secret` to use one of your own (24 to 200 visible ASCII characters); otherwise one is made. Audited as webhook_endpoint.created.',
      tags: ['delivery'],
      requestBody: {
        schema: {
          type: 'object',
          properties: {
            url: URL_PROPERTY,
            events: EVENTS_PROPERTY,
            description: DESCRIPTION_PROPERTY,
            secret: { type: 'string', minLength: MIN_SECRET_LENGTH, maxLength: MAX_SECRET_LENGTH },
            reason: REASON_PROPERTY,
          },
          required: ['url', 'events'],
          additionalProperties: false,
        },
      },
      responses: {
        '201': { description: 'The endpoint and its secret', schema: WITH_SECRET_SCHEMA },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_MANAGE,
      },
    },
    handle: async (context, request, response) => {
      const { fields, issues } = readFields(request, [
        'url',
        'events',
        'description',
        'secret',
        'reason',
      ]);
      throwIfIssues(issues);
      const created = await createWebhookEndpoint({
        store: context.store,
        clock: context.clock,
        actor: actorOf(request),
        url: fields.url,
        events: fields.events,
        description: fields.description,
        secret: fields.secret,
        reason: optionalReason(fields.reason),
      });
      response.setHeader('Cache-Control', 'no-store');
      response.status(201).json(created);
    },
  },
  {
    method: 'get',
    path: '/api/v1/webhook-endpoints/:id',
    permission: 'webhook:manage',
    operation: {
      operationId: 'getWebhookEndpoint',
      summary: 'One webhook endpoint (without its secret)',
      tags: ['delivery'],
      responses: {
        '200': { description: 'The endpoint', schema: ENDPOINT_SCHEMA },
        '401': NO_CALLER,
        '403': NO_MANAGE,
        '404': NO_ENDPOINT,
      },
    },
    handle: async (context, request, response) => {
      const endpoint = await findWebhookEndpoint(context.store, pathParameter(request, 'id'));
      response.json(webhookEndpointView(endpoint));
    },
  },
  {
    method: 'put',
    path: '/api/v1/webhook-endpoints/:id',
    permission: 'webhook:manage',
    operation: {
      operationId: 'updateWebhookEndpoint',
      summary: "Change a webhook endpoint's address, events or description, or rotate its secret",
      description:
        'Under the revision loaded (409 when someone changed it since). With rotateSecret: true a new secret is made and answered once; deliveries from then on are signed with it. Audited as webhook_endpoint.updated with the fields that changed.',
      tags: ['delivery'],
      requestBody: {
        schema: {
          type: 'object',
          properties: {
            url: URL_PROPERTY,
            events: EVENTS_PROPERTY,
            description: { type: ['string', 'null'], maxLength: MAX_DESCRIPTION_LENGTH },
            rotateSecret: { type: 'boolean' },
            revision: { type: 'integer', minimum: 1 },
            reason: REASON_PROPERTY,
          },
          required: ['revision'],
          additionalProperties: false,
        },
      },
      responses: {
        '200': {
          description: 'The endpoint as it is now, and its new secret if rotated',
          schema: WITH_SECRET_SCHEMA,
        },
        '400': BAD_BODY,
        '401': NO_CALLER,
        '403': NO_MANAGE,
        '404': NO_ENDPOINT,
        '409': { description: 'The endpoint changed since the revision given' },
      },
    },
    handle: async (context, request, response) => {
      const { fields, issues } = readFields(request, [
        'url',
        'events',
        'description',
        'rotateSecret',
        'revision',
        'reason',
      ]);
      if (!(Number.isSafeInteger(fields.revision) && (fields.revision as number) >= 1)) {
        issues.push({
          path: '$.revision',
          message: 'must be the revision you loaded, a whole number',
        });
      }
      if (fields.rotateSecret !== undefined && typeof fields.rotateSecret !== 'boolean') {
        issues.push({ path: '$.rotateSecret', message: 'must be true or false' });
      }
      throwIfIssues(issues);
      const updated = await updateWebhookEndpoint({
        store: context.store,
        clock: context.clock,
        actor: actorOf(request),
        id: pathParameter(request, 'id'),
        revision: fields.revision as number,
        url: fields.url,
        events: fields.events,
        description: fields.description,
        rotateSecret: fields.rotateSecret === true,
        reason: optionalReason(fields.reason),
      });
      response.setHeader('Cache-Control', 'no-store');
      response.json(updated);
    },
  },
  stateRoute('disable', 'post'),
  stateRoute('enable', 'post'),
  stateRoute('delete', 'delete'),
];
