// The delivery log: whoever reads invoices sees every delivery of an invoice (e-mail, webhooks)
// with every attempt, and lists deliveries by state (the failed ones to look at); billing admins
// and finance redeliver one, or plan the deliveries of an invoice issued before delivery was set
// up. Both audited; the worker is nudged so that the attempt follows at once.
import type { Request } from 'express';
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import type { AuditActor } from '../audit';
import { AppError } from '../errors/app-error';
import {
  DELIVERIES,
  DELIVERY_STATES,
  type DeliveryRecord,
} from '../invoicing/delivery/delivery-records';
import { planDeliveriesOfInvoice } from '../invoicing/delivery/plan-invoice-deliveries';
import { redeliverDelivery } from '../invoicing/delivery/redeliver-delivery';
import { INVOICES } from '../invoicing/invoice-records';
import type { Filter } from '../store/store';
import { bodyFields } from './change-fields';
import { callerOf } from './create-app';
import {
  PAGE_PARAMETERS,
  pathParameter,
  readChoice,
  readPage,
  readQuery,
  throwIfInvalidQuery,
  pageSchema,
  pageOf,
} from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

function deliveryView(delivery: DeliveryRecord, maxAttempts: number) {
  return {
    id: delivery._id,
    invoiceId: delivery.invoiceId,
    invoiceKind: delivery.invoiceKind,
    customerId: delivery.customerId,
    channel: delivery.channel,
    event: delivery.event,
    endpointId: delivery.endpointId ?? null,
    state: delivery.state,
    nextAttemptAt: delivery.nextAttemptAt,
    attemptCount: delivery.attemptCount,
    attemptLimit: delivery.roundStart + maxAttempts,
    attempts: delivery.attempts,
    deliveredAt: delivery.deliveredAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

const ATTEMPT_SCHEMA = {
  type: 'object',
  properties: {
    number: { type: 'integer' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    outcome: { enum: ['delivered', 'failed', 'skipped', 'interrupted'] },
    httpStatus: { type: 'integer' },
    smtpResponse: { type: 'string' },
    error: { type: 'string' },
  },
  required: ['number', 'startedAt', 'finishedAt', 'outcome'],
};
const DELIVERY_SCHEMA = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      description:
        '<invoice id>:email or <invoice id>:webhook:<endpoint id>; also the Ledgerline-Delivery header of every attempt',
    },
    invoiceId: { type: 'string' },
    invoiceKind: { enum: ['invoice', 'credit_note', 'debit_note'] },
    customerId: { type: 'string' },
    channel: { enum: ['email', 'webhook'] },
    event: { type: 'string' },
    endpointId: { type: ['string', 'null'] },
    state: { enum: DELIVERY_STATES },
    nextAttemptAt: { type: ['string', 'null'] },
    attemptCount: { type: 'integer' },
    attemptLimit: {
      type: 'integer',
      description: 'The attempt after which it gives up; a redelivery gives it a fresh round',
    },
    attempts: { type: 'array', items: ATTEMPT_SCHEMA },
    deliveredAt: { type: ['string', 'null'] },
  },
  required: ['id', 'invoiceId', 'channel', 'state', 'attempts'],
};
const DELIVERIES_SCHEMA = {
  type: 'object',
  properties: { deliveries: { type: 'array', items: DELIVERY_SCHEMA } },
  required: ['deliveries'],
};
const REASON_BODY = {
  type: 'object',
  properties: { reason: { type: 'string', maxLength: MAX_REASON_LENGTH } },
  additionalProperties: false,
};

const NO_READ = { description: 'The caller may not read invoices' };
const NO_DELIVER = { description: 'The caller may not deliver invoices (invoice:deliver)' };

const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'state',
    in: 'query',
    description: 'Only those in this state.',
    schema: { enum: DELIVERY_STATES },
  },
  {
    name: 'channel',
    in: 'query',
    description: 'Only e-mails or only webhooks.',
    schema: { enum: ['email', 'webhook'] },
  },
  {
    name: 'endpointId',
    in: 'query',
    description: 'Only those to this webhook endpoint.',
    schema: { type: 'string' },
  },
  {
    name: 'customerId',
    in: 'query',
    description: 'Only this customer’s.',
    schema: { type: 'string' },
  },
  ...PAGE_PARAMETERS,
];

function actorOf(request: Request): AuditActor {
  const caller = callerOf(request);
  return { type: caller.type, id: caller.id };
}

function reasonOf(request: Request): string | undefined {
  const { reason, ...rest } = bodyFields(request.body);
  const issues = Object.keys(rest).map((name) => ({
    path: `$.${name}`,
    message: 'is not a field of this request',
  }));
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the request is invalid', { issues });
  return reason as string | undefined;
}

export const deliveryRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/invoices/:id/deliveries',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoiceDeliveries',
      summary: "An invoice's deliveries (e-mail, webhooks), each with every attempt",
      tags: ['delivery'],
      responses: {
        '200': { description: 'The deliveries, e-mail first', schema: DELIVERIES_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such invoice' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      if ((await context.store.collection(INVOICES).findOne({ _id: id })) === null) {
        throw new AppError('not_found', `there is no invoice "${id}"`);
      }
      const deliveries = await context.store
        .collection<DeliveryRecord>(DELIVERIES)
        .find({ invoiceId: id }, { sort: { channel: 1, _id: 1 } });
      response.json({
        deliveries: deliveries.map((delivery) =>
          deliveryView(delivery, context.deliveryWorker.maxAttempts),
        ),
      });
    },
  },
  {
    method: 'post',
    path: '/api/v1/invoices/:id/deliveries',
    permission: 'invoice:deliver',
    operation: {
      operationId: 'planInvoiceDeliveries',
      summary: 'Deliver an issued invoice that has no deliveries yet, or to endpoints added since',
      description:
        'Invoices finalized while the server runs are delivered by themselves; this is for those finalized before delivery was set up, and for webhook endpoints added since. Deliveries that exist are left as they are (redeliver those). Answers 202; the attempts follow in the background. Audited as delivery.planned.',
      tags: ['delivery'],
      requestBody: { schema: REASON_BODY },
      responses: {
        '202': { description: "The invoice's deliveries", schema: DELIVERIES_SCHEMA },
        '400': { description: 'The body is invalid; errors names each field' },
        '401': NO_CALLER,
        '403': NO_DELIVER,
        '404': { description: 'There is no such invoice' },
        '409': { description: 'The invoice is a draft' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      await planDeliveriesOfInvoice({
        store: context.store,
        clock: context.clock,
        actor: actorOf(request),
        invoiceId: id,
        reason: reasonOf(request),
      });
      context.deliveryWorker.nudge();
      const deliveries = await context.store
        .collection<DeliveryRecord>(DELIVERIES)
        .find({ invoiceId: id }, { sort: { channel: 1, _id: 1 } });
      response.status(202).json({
        deliveries: deliveries.map((delivery) =>
          deliveryView(delivery, context.deliveryWorker.maxAttempts),
        ),
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/deliveries',
    permission: 'invoices:read',
    operation: {
      operationId: 'listDeliveries',
      summary: 'Deliveries, by state, channel, endpoint or customer (latest change first)',
      tags: ['delivery'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of deliveries',
          schema: pageSchema('deliveries', DELIVERY_SCHEMA),
        },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const page = readPage(query);
      const state = readChoice(query, 'state', DELIVERY_STATES);
      const channel = readChoice(query, 'channel', ['email', 'webhook'] as const);
      throwIfInvalidQuery(query);
      const filter: Filter = {
        ...(state !== undefined && { state }),
        ...(channel !== undefined && { channel }),
        ...(query.values.endpointId !== undefined && { endpointId: query.values.endpointId }),
        ...(query.values.customerId !== undefined && { customerId: query.values.customerId }),
      };
      const found = await context.store.collection<DeliveryRecord>(DELIVERIES).find(filter, {
        sort: { updatedAt: -1, _id: 1 },
        skip: page.offset,
        limit: page.limit + 1,
      });
      const { maxAttempts } = context.deliveryWorker;
      response.json(
        pageOf(
          'deliveries',
          found.map((delivery) => deliveryView(delivery, maxAttempts)),
          page,
        ),
      );
    },
  },
  {
    method: 'get',
    path: '/api/v1/deliveries/:id',
    permission: 'invoices:read',
    operation: {
      operationId: 'getDelivery',
      summary: 'One delivery with every attempt',
      tags: ['delivery'],
      responses: {
        '200': { description: 'The delivery', schema: DELIVERY_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such delivery' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      const delivery = await context.store
        .collection<DeliveryRecord>(DELIVERIES)
        .findOne({ _id: id });
      if (delivery === null) throw new AppError('not_found', `there is no delivery "${id}"`);
      response.json(deliveryView(delivery, context.deliveryWorker.maxAttempts));
    },
  },
  {
    method: 'post',
    path: '/api/v1/deliveries/:id/redeliver',
    permission: 'invoice:deliver',
    operation: {
      operationId: 'redeliver',
      summary: 'Deliver again: due now, with a fresh round of attempts, under the same delivery id',
      description:
        'For a failed delivery (the receiver is fixed), a skipped one (SMTP configured since, the endpoint enabled again) or a delivered one (the receiver lost it). The Ledgerline-Delivery id stays the same, so a receiver that kept the first copy can tell. Audited as delivery.redelivery_requested; each attempt as delivery.attempted.',
      tags: ['delivery'],
      requestBody: { schema: REASON_BODY },
      responses: {
        '202': { description: 'The delivery, due now', schema: DELIVERY_SCHEMA },
        '400': { description: 'The body is invalid; errors names each field' },
        '401': NO_CALLER,
        '403': NO_DELIVER,
        '404': { description: 'There is no such delivery' },
        '409': { description: 'An attempt is in flight' },
      },
    },
    handle: async (context, request, response) => {
      const delivery = await redeliverDelivery({
        store: context.store,
        clock: context.clock,
        actor: actorOf(request),
        deliveryId: pathParameter(request, 'id'),
        reason: reasonOf(request),
      });
      context.deliveryWorker.nudge();
      response.status(202).json(deliveryView(delivery, context.deliveryWorker.maxAttempts));
    },
  },
];
