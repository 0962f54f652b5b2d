// Invoice runs: billing admins and finance start one (it executes in the background, after usage
// aggregation has caught up); whoever reads invoices follows its progress.
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { AppError } from '../errors/app-error';
import { INVOICE_RUNS, type InvoiceRunRecord } from '../invoicing/invoice-records';
import { bodyFields } from './change-fields';
import { callerOf } from './create-app';
import {
  PAGE_PARAMETERS,
  pathParameter,
  readPage,
  readQuery,
  throwIfInvalidQuery,
  pageSchema,
  pageOf,
} from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';

function runView(run: InvoiceRunRecord) {
  return {
    id: run._id,
    trigger: run.trigger,
    asOf: run.asOf,
    state: run.state,
    counts: run.counts,
    failures: run.failures,
    startedBy: run.startedBy,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    completedAt: run.completedAt ?? null,
  };
}

const COUNTS_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'customers',
      'invoiced',
      'alreadyInvoiced',
      'empty',
      'notBillable',
      'failed',
      'creditNotes',
      'debitNotes',
    ].map((name) => [name, { type: 'integer' }]),
  ),
};
const RUN_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    trigger: { enum: ['manual', 'scheduled'] },
    asOf: { type: 'string', format: 'date-time' },
    state: { enum: ['running', 'completed'] },
    counts: COUNTS_SCHEMA,
    failures: { type: 'array', items: { type: 'object' } },
    startedAt: { type: 'string', format: 'date-time' },
    completedAt: { type: ['string', 'null'] },
  },
  required: ['id', 'trigger', 'asOf', 'state', 'counts', 'failures', 'startedAt', 'completedAt'],
};
const NO_READ = { description: 'The caller may not read invoices' };

export const invoiceRunRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/invoice-runs',
    permission: 'invoice:run',
    operation: {
      operationId: 'startInvoiceRun',
      summary: 'Start an invoice run',
      description:
        'Invoices every billable customer for each closed billing period (a month from its anchor day) that ended at or before asOf (now when left out) and is not invoiced yet: rated with the published policies in force for each charge, then finalized with the next number of the year’s series. The run executes in the background after usage aggregation has caught up; read its progress at /api/v1/invoice-runs/{id}. A run that is interrupted goes on when the server starts again; running it again never makes a second invoice for a period. One run at a time. Audited as invoice_run.started, each invoice as invoice.finalized.',
      tags: ['invoicing'],
      requestBody: {
        schema: {
          type: 'object',
          properties: {
            asOf: { type: 'string', description: 'An instant, not in the future' },
            reason: { type: 'string', maxLength: MAX_REASON_LENGTH },
          },
          additionalProperties: false,
        },
      },
      responses: {
        '202': { description: 'The run, started', schema: RUN_SCHEMA },
        '400': { description: 'asOf or reason is invalid; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not start invoice runs (invoice:run)' },
        '409': { description: 'A run is running already' },
      },
    },
    handle: async (context, request, response) => {
      const { asOf, reason, ...rest } = bodyFields(request.body);
      const issues = Object.keys(rest).map((name) => ({
        path: `$.${name}`,
        message: 'is not a field of an invoice run',
      }));
      if (asOf !== undefined && typeof asOf !== 'string') {
        issues.push({ path: '$.asOf', message: 'must be an instant such as 2026-04-01T00:00:00Z' });
      }
      if (
        reason !== undefined &&
        (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH)
      ) {
        issues.push({
          path: '$.reason',
          message: `must be text of at most ${MAX_REASON_LENGTH} characters`,
        });
      }
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the run is invalid', { issues });
      const caller = callerOf(request);
      const run = await context.invoiceRunner.startRun({
        actor: { type: caller.type, id: caller.id },
        ...(asOf !== undefined && { asOf: asOf as string }),
        ...(reason !== undefined && { reason: reason as string }),
      });
      response.status(202).json(runView(run));
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoice-runs',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoiceRuns',
      summary: 'Invoice runs, the latest first',
      tags: ['invoicing'],
      parameters: PAGE_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of runs',
          schema: pageSchema('runs', RUN_SCHEMA),
        },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, PAGE_PARAMETERS);
      const page = readPage(query);
      throwIfInvalidQuery(query);
      const runs = await context.store
        .collection<InvoiceRunRecord>(INVOICE_RUNS)
        .find({}, { sort: { startedAt: -1, _id: -1 }, skip: page.offset, limit: page.limit + 1 });
      response.json(pageOf('runs', runs.map(runView), page));
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoice-runs/:id',
    permission: 'invoices:read',
    operation: {
      operationId: 'getInvoiceRun',
      summary: 'One invoice run and its progress',
      tags: ['invoicing'],
      responses: {
        '200': { description: 'The run', schema: RUN_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such run' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      const run = await context.store
        .collection<InvoiceRunRecord>(INVOICE_RUNS)
        .findOne({ _id: id });
      if (run === null) throw new AppError('not_found', `there is no invoice run "${id}"`);
      response.json(runView(run));
    },
  },
];
