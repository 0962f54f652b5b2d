// A customer's subscriptions and contracts: listed with when each contract next renews and by
// when the customer must be told; added and changed by billing admins, each change audited.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import type { SubscriptionRecord } from '../customers/customer-records';
import { findCustomerOrThrow, subscriptions } from '../customers/customers-repository';
import { addSubscription, changeSubscription } from '../customers/save-subscription';
import { nextRenewal } from '../customers/subscription-terms';
import { AppError } from '../errors/app-error';
import { SCHEMA_IDS, type ValidationIssue } from '../rating/validation';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { pathParameter } from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';

const SUBSCRIPTION_SCHEMA = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    subscription: { $ref: `${SCHEMA_IDS.ratingRequest}#/$defs/subscription` },
    renewalNoticeDays: { type: ['integer', 'null'] },
    renewal: {
      description: 'The next renewal of a contract that renews by itself, or null',
      oneOf: [
        {
          type: 'object',
          properties: {
            at: { type: 'string', format: 'date-time' },
            noticeBy: { type: ['string', 'null'], format: 'date-time' },
          },
          required: ['at', 'noticeBy'],
        },
        { type: 'null' },
      ],
    },
    revision: { type: 'integer' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['customerId', 'subscription', 'renewalNoticeDays', 'renewal', 'revision', 'updatedAt'],
};

const BODY = {
  type: 'object',
  properties: {
    subscription: { $ref: `${SCHEMA_IDS.ratingRequest}#/$defs/subscription` },
    renewalNoticeDays: {
      type: 'integer',
      minimum: 1,
      maximum: 365,
      description: 'For a contract that renews by itself: days of notice before each renewal',
    },
    reason: { type: 'string', maxLength: MAX_REASON_LENGTH, description: 'Why, for the audit log' },
  },
  required: ['subscription'],
};

const NO_SUCH = { description: 'There is no such customer or subscription' };

export const subscriptionRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/customers/:id/subscriptions',
    permission: 'customer:read',
    operation: {
      operationId: 'listSubscriptions',
      summary: "A customer's subscriptions and contracts, with their next renewal",
      tags: ['customers'],
      responses: {
        '200': {
          description: 'The subscriptions, by id',
          schema: {
            type: 'object',
            properties: { subscriptions: { type: 'array', items: SUBSCRIPTION_SCHEMA } },
            required: ['subscriptions'],
          },
        },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read customers' },
        '404': NO_SUCH,
      },
    },
    handle: async (context, request, response) => {
      const customerId = pathParameter(request, 'id');
      await findCustomerOrThrow(context.store, customerId);
      const records = await subscriptions(context.store).find({ customerId }, { sort: { _id: 1 } });
      const now = context.clock.now();
      response.json({ subscriptions: records.map((record) => subscriptionView(record, now)) });
    },
  },
  {
    method: 'post',
    path: '/api/v1/customers/:id/subscriptions',
    permission: 'customer:write',
    operation: {
      operationId: 'addSubscription',
      summary: 'Add a subscription or contract to a customer',
      description: 'Audited as subscription.created.',
      tags: ['customers'],
      requestBody: { schema: BODY },
      responses: {
        '201': { description: 'The subscription', schema: SUBSCRIPTION_SCHEMA },
        '400': { description: 'The subscription is invalid; errors names each field' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not change customers' },
        '404': NO_SUCH,
        '409': { description: 'The customer has a subscription with this id already' },
      },
    },
    handle: async (context, request, response) => {
      const body = readBody(request.body, false);
      const caller = callerOf(request);
      const record = await addSubscription({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        customerId: pathParameter(request, 'id'),
        ...body,
      });
      response.status(201).json(subscriptionView(record, context.clock.now()));
    },
  },
  {
    method: 'put',
    path: '/api/v1/customers/:id/subscriptions/:subscriptionId',
    permission: 'customer:write',
    operation: {
      operationId: 'changeSubscription',
      summary: 'Change a subscription or contract: quantity, end, renewal notice...',
      description:
        'The whole subscription as it is to be, with the revision you loaded; a change made meanwhile is refused with 409, and the id never changes. Audited as subscription.updated with the fields that changed.',
      tags: ['customers'],
      requestBody: {
        schema: {
          ...BODY,
          properties: { ...BODY.properties, revision: { type: 'integer', minimum: 1 } },
          required: ['subscription', 'revision'],
        },
      },
      responses: {
        '200': { description: 'The subscription as it is now', schema: SUBSCRIPTION_SCHEMA },
        '400': { description: 'The subscription is invalid; errors names each field' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not change customers' },
        '404': NO_SUCH,
        '409': { description: 'The subscription was changed since the revision given' },
      },
    },
    handle: async (context, request, response) => {
      const { revision, ...body } = readBody(request.body, true);
      const caller = callerOf(request);
      const record = await changeSubscription({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        customerId: pathParameter(request, 'id'),
        subscriptionId: pathParameter(request, 'subscriptionId'),
        revision: revision!,
        ...body,
      });
      response.json(subscriptionView(record, context.clock.now()));
    },
  },
];

function subscriptionView(record: SubscriptionRecord, now: Date) {
  return {
    customerId: record.customerId,
    subscription: record.subscription,
    renewalNoticeDays: record.renewalNoticeDays ?? null,
    renewal: nextRenewal(record, now),
    revision: record.revision ?? 1,
    updatedAt: record.updatedAt ?? null,
  };
}

/** The body's fields; anything else in it, or a bad reason or revision, is named. */
function readBody(body: unknown, change: boolean) {
  const { subscription, renewalNoticeDays, reason, revision, ...unknown } = bodyFields(body);
  const issues: ValidationIssue[] = [
    ...Object.keys(unknown).map((name) => ({
      path: `$.${name}`,
      message: 'is not a field of this request',
    })),
    ...(subscription === undefined ? [{ path: '$.subscription', message: 'is required' }] : []),
    ...changeFieldsIssues({ reason, revision }, change),
  ];
  if (issues.length > 0) {
    throw new AppError('invalid_request', 'the request is invalid', { issues });
  }
  return {
    subscription,
    renewalNoticeDays,
    ...(reason !== undefined && { reason: reason as string }),
    revision: revision as number | undefined,
  };
}
