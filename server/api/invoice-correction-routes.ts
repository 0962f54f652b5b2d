// Corrections: whoever runs invoicing asks for an invoice's period to be rated again (a price
// was wrong; the corrected policy version is published) and gets the credit or debit note for
// the difference at once, or asks it for every invoice of a period, which the next invoice run
// settles. Late usage asks by itself. The requests are listed with their state.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import { adjustmentRequests } from '../invoicing/adjustment-requests';
import { correctInvoice } from '../invoicing/correct-invoice';
import { INVOICES, type InvoiceRecord } from '../invoicing/invoice-records';
import { requestPeriodCorrections } from '../invoicing/request-period-corrections';
import { callerOf } from './create-app';
import { invoiceView } from './invoice-routes';
import {
  PAGE_PARAMETERS,
  bodySchema,
  pathParameter,
  readBody,
  readChoice,
  readPage,
  readQuery,
  throwIfInvalidQuery,
  type BodyFields,
  pageOf,
} from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

const REASON = {
  type: 'string',
  required: true,
  maxLength: MAX_REASON_LENGTH,
  description: 'Why: shown on the note and kept in the audit log',
} as const;
const CORRECTION_FIELDS: BodyFields = { reason: REASON };
const PERIOD_CORRECTION_FIELDS: BodyFields = {
  periodStart: {
    type: 'string',
    required: true,
    maxLength: 10,
    description: 'The first day of the billing periods, YYYY-MM-DD',
  },
  customerId: {
    type: 'string',
    required: false,
    maxLength: 200,
    description: 'Only this customer’s invoice',
  },
  reason: REASON,
};
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const NO_RUN = { description: 'The caller may not run invoicing (invoice:run)' };
const STATES = ['due', 'settled'] as const;
const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'state',
    in: 'query',
    description: 'Only requests waiting for a run, or only settled ones.',
    schema: { enum: [...STATES] },
  },
  ...PAGE_PARAMETERS,
];

export const invoiceCorrectionRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/invoices/:id/corrections',
    permission: 'invoice:run',
    operation: {
      operationId: 'correctInvoice',
      summary: 'Rate an invoice’s period again and issue a note for the difference',
      description:
        'The period is rated again with the usage as it is now and the published policies in force for each charge. If it comes to more than was billed (the invoice and its earlier notes), a debit note is issued (series DN-<year>); if less, a credit note (CN-<year>); each references the invoice, keeps its currency, and lists every changed line with its difference, its figures before and after, and the explanation of the corrected amount. Audited as invoice.correction_requested and invoice.finalized.',
      tags: ['invoicing'],
      requestBody: { schema: bodySchema(CORRECTION_FIELDS) },
      responses: {
        '201': { description: 'A note was issued: { outcome, note }', schema: { type: 'object' } },
        '200': {
          description: 'The period comes to what was billed: { outcome: "noDifference" }',
          schema: { type: 'object' },
        },
        '400': { description: 'The reason is missing or too long; errors names it' },
        '401': NO_CALLER,
        '403': NO_RUN,
        '404': { description: 'There is no such invoice' },
        '409': {
          description:
            'It is a draft or a note, or the period can no longer be rated (the customer’s currency changed, a policy is missing)',
        },
      },
    },
    handle: async (context, request, response) => {
      const { reason } = readBody<{ reason: string }>(request, CORRECTION_FIELDS, 'correction');
      const caller = callerOf(request);
      const outcome = await correctInvoice({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        policies: await context.ratablePolicies.get(),
        invoiceId: pathParameter(request, 'id'),
        reason: reason.trim(),
      });
      if (outcome.kind === 'failed') throw new AppError('conflict', outcome.message);
      if (outcome.kind === 'noDifference') {
        response.status(200).json({ outcome: 'noDifference' });
        return;
      }
      const note = await context.store
        .collection<InvoiceRecord>(INVOICES)
        .findOne({ _id: outcome.noteId });
      response.status(201).json({ outcome: outcome.kind, note: invoiceView(note!) });
    },
  },
  {
    method: 'post',
    path: '/api/v1/invoice-corrections',
    permission: 'invoice:run',
    operation: {
      operationId: 'requestPeriodCorrections',
      summary: 'Ask for every invoice of a billing period to be rated again',
      description:
        'Every finalized invoice whose period starts on periodStart (one customer’s with customerId) is marked to be rated again; the next invoice run issues a credit or debit note for each difference (its counts say how many). Each is audited as invoice.correction_requested.',
      tags: ['invoicing'],
      requestBody: { schema: bodySchema(PERIOD_CORRECTION_FIELDS) },
      responses: {
        '202': {
          description: 'How many invoices were marked: { requested }',
          schema: {
            type: 'object',
            properties: { requested: { type: 'integer' } },
            required: ['requested'],
          },
        },
        '400': { description: 'A field is missing or invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_RUN,
      },
    },
    handle: async (context, request, response) => {
      const body = readBody<{ periodStart: string; customerId?: string; reason: string }>(
        request,
        PERIOD_CORRECTION_FIELDS,
        'correction',
      );
      if (!DAY.test(body.periodStart)) {
        throw new AppError('invalid_request', 'the correction is invalid', {
          issues: [{ path: '$.periodStart', message: 'must be a day such as 2026-03-01' }],
        });
      }
      const caller = callerOf(request);
      const result = await requestPeriodCorrections({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        periodStart: body.periodStart,
        ...(body.customerId !== undefined && { customerId: body.customerId }),
        reason: body.reason.trim(),
      });
      response.status(202).json(result);
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoice-corrections',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoiceCorrections',
      summary: 'Invoices to be rated again (late usage, corrections) and those settled',
      tags: ['invoicing'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': { description: 'A page: { corrections, nextOffset }', schema: { type: 'object' } },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read invoices' },
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const page = readPage(query);
      const state = readChoice(query, 'state', STATES);
      throwIfInvalidQuery(query);
      const found = await adjustmentRequests(context.store).find(state ? { state } : {}, {
        sort: { requestedAt: -1, _id: 1 },
        skip: page.offset,
        limit: page.limit + 1,
      });
      response.json(
        pageOf(
          'corrections',
          found.map((record) => ({
            invoiceId: record._id,
            customerId: record.customerId,
            state: record.state,
            because: record.because ?? {},
            requestedAt: record.requestedAt,
            settledAt: record.settledAt ?? null,
            noteId: record.noteId ?? null,
          })),
          page,
        ),
      );
    },
  },
];
