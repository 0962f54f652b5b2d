// Disputes: billing admins and finance record a customer's dispute of an issued invoice and
// resolve it; whoever reads invoices reads them, per invoice or all of them by state.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import {
  DISPUTE_OUTCOMES,
  DISPUTE_STATES,
  type DisputeOutcome,
  type DisputeRecord,
} from '../disputes/dispute-records';
import type { DisputedLineInput } from '../disputes/disputed-amount';
import { disputes, disputesOfInvoice, listDisputes } from '../disputes/disputes-repository';
import { openDispute } from '../disputes/open-dispute';
import { resolveDispute } from '../disputes/resolve-dispute';
import { AppError } from '../errors/app-error';
import { INVOICES } from '../invoicing/invoice-records';
import type { ValidationIssue } from '../rating/validation';
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

type Dispute = Omit<DisputeRecord, 'pendingAudit' | 'pendingAudits'>;

function disputeView(dispute: Dispute) {
  return {
    id: dispute._id,
    invoiceId: dispute.invoiceId,
    invoiceNumber: dispute.invoiceNumber,
    customerId: dispute.customerId,
    currency: dispute.currency,
    state: dispute.state,
    reason: dispute.reason,
    lines: dispute.lines,
    amount: dispute.amount,
    openedAt: dispute.openedAt,
    openedBy: dispute.openedBy,
    resolvedAt: dispute.resolvedAt ?? null,
    resolution: dispute.resolution ?? null,
  };
}

const DISPUTE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    invoiceId: { type: 'string' },
    invoiceNumber: { type: 'string' },
    customerId: { type: 'string' },
    currency: { type: 'string' },
    state: { enum: DISPUTE_STATES },
    reason: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { lineId: { type: 'string' }, amount: { type: 'string' } },
      },
    },
    amount: { type: 'string', description: 'A decimal string in the invoice’s currency' },
    openedAt: { type: 'string', format: 'date-time' },
    openedBy: { type: 'object' },
    resolvedAt: { type: ['string', 'null'] },
    resolution: { type: ['object', 'null'] },
  },
  required: ['id', 'invoiceId', 'state', 'reason', 'lines', 'amount', 'openedAt'],
};

const OPEN_BODY = {
  type: 'object',
  properties: {
    reason: { type: 'string', minLength: 1, maxLength: MAX_REASON_LENGTH },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          lineId: { type: 'string' },
          amount: {
            type: 'string',
            description: 'Part of the line’s total; all of it when left out',
          },
        },
        required: ['lineId'],
        additionalProperties: false,
      },
    },
    amount: {
      type: 'string',
      description:
        'The amount disputed (the lines’ sum when lines are given); the whole total when both are left out',
    },
  },
  required: ['reason'],
  additionalProperties: false,
};

const RESOLVE_BODY = {
  type: 'object',
  properties: {
    outcome: { enum: DISPUTE_OUTCOMES },
    note: { type: 'string', minLength: 1, maxLength: MAX_REASON_LENGTH },
  },
  required: ['outcome', 'note'],
  additionalProperties: false,
};

const NO_READ = { description: 'The caller may not read invoices' };
const NO_WRITE = { description: 'The caller may not record disputes (dispute:write)' };

function textIssue(value: unknown, path: string): ValidationIssue[] {
  if (typeof value === 'string' && value.trim() !== '' && value.length <= MAX_REASON_LENGTH)
    return [];
  return [{ path, message: `is required: text of 1 to ${MAX_REASON_LENGTH} characters` }];
}

function unknownFields(rest: Record<string, unknown>): ValidationIssue[] {
  return Object.keys(rest).map((name) => ({
    path: `$.${name}`,
    message: 'is not a field of this request',
  }));
}

function readOpenBody(body: unknown) {
  const { reason, lines, amount, ...rest } = bodyFields(body);
  const issues = [...textIssue(reason, '$.reason'), ...unknownFields(rest)];
  if (lines !== undefined) {
    if (!Array.isArray(lines) || lines.length === 0) {
      issues.push({ path: '$.lines', message: 'must be a list of at least one line' });
    } else {
      lines.forEach((line: unknown, index) => {
        const { lineId, amount: part, ...extra } = bodyFields(line);
        if (typeof lineId !== 'string')
          issues.push({ path: `$.lines[${index}].lineId`, message: 'is required: a line id' });
        if (part !== undefined && typeof part !== 'string')
          issues.push({ path: `$.lines[${index}].amount`, message: 'must be a decimal string' });
        for (const name of Object.keys(extra))
          issues.push({ path: `$.lines[${index}].${name}`, message: 'is not a field of a line' });
      });
    }
  }
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the dispute is invalid', { issues });
  return {
    reason: reason as string,
    ...(lines !== undefined && { lines: lines as DisputedLineInput[] }),
    ...(amount !== undefined && { amount }),
  };
}

const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'state',
    in: 'query',
    description: 'Only open or only resolved disputes.',
    schema: { enum: DISPUTE_STATES },
  },
  {
    name: 'customerId',
    in: 'query',
    description: 'Only this customer’s.',
    schema: { type: 'string' },
  },
  ...PAGE_PARAMETERS,
];

export const disputeRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/invoices/:id/disputes',
    permission: 'dispute:write',
    operation: {
      operationId: 'openDispute',
      summary: 'Record a customer’s dispute of an issued invoice',
      description:
        'The whole invoice (or debit note), some of its lines (each for all of its total or the amount given) or an amount of it, with the customer’s reason. Amounts are decimal strings in the invoice’s currency with at most its minor digits, more than 0 and at most what was billed. Drafts and credit notes cannot be disputed. Audited as dispute.opened. While a dispute is open, and for the dispute retention after its resolution, neither it nor its invoice is purged.',
      tags: ['invoicing'],
      requestBody: { schema: OPEN_BODY },
      responses: {
        '201': { description: 'The dispute, open', schema: DISPUTE_SCHEMA },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_WRITE,
        '404': { description: 'There is no such invoice' },
        '409': {
          description:
            'The invoice is a draft or a credit note, or past its retention and being purged',
        },
      },
    },
    handle: async (context, request, response) => {
      const body = readOpenBody(request.body);
      const caller = callerOf(request);
      const dispute = await openDispute({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        invoiceId: pathParameter(request, 'id'),
        ...body,
      });
      response.status(201).json(disputeView(dispute));
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/:id/disputes',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoiceDisputes',
      summary: 'An invoice’s disputes, oldest first',
      tags: ['invoicing'],
      responses: {
        '200': {
          description: 'The disputes',
          schema: {
            type: 'object',
            properties: { disputes: { type: 'array', items: DISPUTE_SCHEMA } },
            required: ['disputes'],
          },
        },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such invoice' },
      },
    },
    handle: async (context, request, response) => {
      const invoiceId = pathParameter(request, 'id');
      const found = await disputesOfInvoice(context.store, invoiceId);
      if (
        found.length === 0 &&
        (await context.store.collection(INVOICES).count({ _id: invoiceId })) === 0
      )
        throw new AppError('not_found', `there is no invoice "${invoiceId}"`);
      response.json({ disputes: found.map(disputeView) });
    },
  },
  {
    method: 'get',
    path: '/api/v1/disputes',
    permission: 'invoices:read',
    operation: {
      operationId: 'listDisputes',
      summary: 'Disputes, newest first, by state and customer',
      tags: ['invoicing'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of disputes',
          schema: pageSchema('disputes', DISPUTE_SCHEMA),
        },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const page = readPage(query);
      const state = readChoice(query, 'state', DISPUTE_STATES);
      throwIfInvalidQuery(query);
      const found = await listDisputes(context.store, {
        ...page,
        ...(state !== undefined && { state }),
        ...(query.values.customerId !== undefined && { customerId: query.values.customerId }),
      });
      response.json(pageOf('disputes', found.map(disputeView), page));
    },
  },
  {
    method: 'get',
    path: '/api/v1/disputes/:id',
    permission: 'invoices:read',
    operation: {
      operationId: 'getDispute',
      summary: 'One dispute',
      tags: ['invoicing'],
      responses: {
        '200': { description: 'The dispute', schema: DISPUTE_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such dispute' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      const dispute = await disputes(context.store).findOne({ _id: id });
      if (dispute === null) throw new AppError('not_found', `there is no dispute "${id}"`);
      response.json(disputeView(dispute));
    },
  },
  {
    method: 'post',
    path: '/api/v1/disputes/:id/resolve',
    permission: 'dispute:write',
    operation: {
      operationId: 'resolveDispute',
      summary: 'Resolve an open dispute with its outcome and a note',
      description:
        'outcome: upheld (the customer is right; issue the credit note), rejected, or withdrawn (by the customer). Once only. Audited as dispute.resolved; the dispute retention runs from now.',
      tags: ['invoicing'],
      requestBody: { schema: RESOLVE_BODY },
      responses: {
        '200': { description: 'The dispute, resolved', schema: DISPUTE_SCHEMA },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_WRITE,
        '404': { description: 'There is no such dispute' },
        '409': { description: 'The dispute was resolved already' },
      },
    },
    handle: async (context, request, response) => {
      const { outcome, note, ...rest } = bodyFields(request.body);
      const issues = [...textIssue(note, '$.note'), ...unknownFields(rest)];
      if (!DISPUTE_OUTCOMES.includes(outcome as DisputeOutcome)) {
        issues.unshift({
          path: '$.outcome',
          message: `is required: one of ${DISPUTE_OUTCOMES.join(', ')}`,
        });
      }
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the resolution is invalid', { issues });
      const caller = callerOf(request);
      const dispute = await resolveDispute({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        disputeId: pathParameter(request, 'id'),
        outcome: outcome as DisputeOutcome,
        note: note as string,
      });
      response.json(disputeView(dispute));
    },
  },
];
