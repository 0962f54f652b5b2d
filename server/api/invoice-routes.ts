// Invoice runs and invoices: billing admins and finance start a run (it executes in the
// background; its progress is read back), and whoever reads invoices lists them and reads each
// one with its lines and their explanation.
import { AppError } from '../errors/app-error';
import {
  INVOICE_RUNS,
  INVOICES,
  type InvoiceRecord,
  type InvoiceRunRecord,
} from '../invoicing/invoice-records';
import type { Filter } from '../store/store';
import { invoicePdf } from '../invoicing/invoice-pdf';
import {
  findSellerSettings,
  saveSellerSettings,
  type SellerSettingsRecord,
} from '../invoicing/seller-settings';
import { SCHEMA_IDS } from '../rating/validation';
import { MAX_REASON_LENGTH } from '../audit/check-new-audit-entry';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import {
  PAGE_PARAMETERS,
  pathParameter,
  readChoice,
  readPage,
  readQuery,
  throwIfInvalidQuery,
} from './request-inputs';
import type { OpenApiParameter, RouteDefinition } from './route';

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

function invoiceSummary(invoice: InvoiceRecord) {
  return {
    id: invoice._id,
    kind: invoice.kind,
    status: invoice.status,
    number: invoice.number ?? null,
    customerId: invoice.customerId,
    customerName: invoice.customer.name,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    currency: invoice.currency,
    total: invoice.rating.totals.total,
    finalizedAt: invoice.finalizedAt ?? null,
    runId: invoice.runId,
  };
}

function invoiceView(invoice: InvoiceRecord) {
  return {
    ...invoiceSummary(invoice),
    customer: invoice.customer,
    rating: invoice.rating,
    contentHash: invoice.contentHash ?? null,
    createdAt: invoice.createdAt,
  };
}

const COUNTS_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    ['customers', 'invoiced', 'alreadyInvoiced', 'empty', 'notBillable', 'failed'].map((name) => [
      name,
      { type: 'integer' },
    ]),
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
const SUMMARY_PROPERTIES = {
  id: { type: 'string' },
  kind: { enum: ['invoice', 'credit_note', 'debit_note'] },
  status: { enum: ['draft', 'finalized'] },
  number: {
    type: ['string', 'null'],
    description: 'Given at finalization, such as INV-2026-000001',
  },
  customerId: { type: 'string' },
  customerName: { type: 'string' },
  periodStart: { type: 'string' },
  periodEnd: { type: 'string' },
  currency: { type: 'string' },
  total: { type: 'string' },
  finalizedAt: { type: ['string', 'null'] },
  runId: { type: 'string' },
};
const SUMMARY_SCHEMA = {
  type: 'object',
  properties: SUMMARY_PROPERTIES,
  required: Object.keys(SUMMARY_PROPERTIES),
};

const NO_CALLER = { description: 'No session or API key' };
const NO_READ = { description: 'The caller may not read invoices' };

const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'customerId',
    in: 'query',
    description: 'Only this customer’s.',
    schema: { type: 'string' },
  },
  {
    name: 'status',
    in: 'query',
    description: 'Only drafts or only finalized invoices.',
    schema: { enum: ['draft', 'finalized'] },
  },
  {
    name: 'runId',
    in: 'query',
    description: 'Only those this run made.',
    schema: { type: 'string' },
  },
  ...PAGE_PARAMETERS,
];

const SELLER_BODY = {
  type: 'object',
  properties: {
    seller: { $ref: `${SCHEMA_IDS.templateContext}#/$defs/seller` },
    paymentTermsDays: { type: 'integer', minimum: 0, maximum: 365 },
    revision: {
      type: 'integer',
      minimum: 1,
      description: 'The revision loaded; left out to create them',
    },
    reason: { type: 'string', maxLength: MAX_REASON_LENGTH },
  },
  required: ['seller', 'paymentTermsDays'],
  additionalProperties: false,
};

function settingsView(settings: SellerSettingsRecord) {
  return {
    seller: settings.seller,
    paymentTermsDays: settings.paymentTermsDays,
    updatedAt: settings.updatedAt,
    revision: settings.revision,
  };
}

export const invoiceRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/settings/seller',
    permission: 'invoices:read',
    operation: {
      operationId: 'getSellerSettings',
      summary: 'Who issues the invoices, and the payment terms',
      tags: ['invoicing'],
      responses: {
        '200': { description: 'The seller settings', schema: { type: 'object' } },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'The seller settings are not set yet' },
      },
    },
    handle: async (context, _request, response) => {
      const settings = await findSellerSettings(context.store);
      if (settings === null) throw new AppError('not_found', 'the seller settings are not set yet');
      response.json(settingsView(settings));
    },
  },
  {
    method: 'put',
    path: '/api/v1/settings/seller',
    permission: 'settings:write',
    operation: {
      operationId: 'saveSellerSettings',
      summary: 'Set who issues the invoices, and the payment terms',
      description:
        'The seller (template-context.schema.json#/$defs/seller: legal name, address, tax id, e-mail, website, payment instructions) every invoice prints, and the days from issue to due date. Without revision the settings are created (409 if they exist); with it, changed under it (409 when changed since). Invoices already printed keep their PDF. Audited as settings.changed.',
      tags: ['invoicing'],
      requestBody: { schema: SELLER_BODY },
      responses: {
        '200': { description: 'The settings as they are now', schema: { type: 'object' } },
        '400': { description: 'A field is invalid; errors names it' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not change settings (settings:write)' },
        '409': {
          description: 'The settings exist (no revision given) or changed since the revision given',
        },
      },
    },
    handle: async (context, request, response) => {
      const { seller, paymentTermsDays, revision, reason, ...rest } = bodyFields(request.body);
      const issues = changeFieldsIssues({ reason, revision }, false).filter(
        (issue) => issue.path !== '$.revision',
      );
      issues.push(
        ...Object.keys(rest).map((name) => ({
          path: `$.${name}`,
          message: 'is not a field of the seller settings',
        })),
      );
      if (revision !== undefined && !(Number.isInteger(revision) && (revision as number) >= 1)) {
        issues.push({
          path: '$.revision',
          message: 'must be the revision you loaded, a whole number',
        });
      }
      if (issues.length > 0)
        throw new AppError('invalid_request', 'the settings are invalid', { issues });
      const caller = callerOf(request);
      const saved = await saveSellerSettings({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        seller,
        paymentTermsDays,
        ...(revision !== undefined && { revision: revision as number }),
        ...(reason !== undefined && { reason: reason as string }),
      });
      response.json(settingsView(saved));
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/:id/pdf',
    permission: 'invoices:read',
    operation: {
      operationId: 'downloadInvoicePdf',
      summary: 'An issued invoice as PDF: printed once, the same bytes ever after',
      description:
        'Printed on the first download from the published invoice template in force on the issue date, with the seller settings, and kept in the blob store under its SHA-256 (also in the ETag and the X-Content-SHA256 header).',
      tags: ['invoicing'],
      responses: {
        '200': {
          description: 'The PDF',
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          headers: {
            'Content-Disposition': {
              description: 'attachment, named by the invoice number, such as INV-2026-000001.pdf',
              schema: { type: 'string' },
            },
          },
        },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such invoice' },
        '409': {
          description:
            'The invoice is a draft, the seller settings are not set, or no invoice template is published for its issue date',
        },
        '503': { description: 'Chromium, which prints PDFs, is not available' },
      },
    },
    handle: async (context, request, response) => {
      const pdf = await invoicePdf({
        store: context.store,
        clock: context.clock,
        blobs: context.blobs,
        pdfRenderer: context.pdfRenderer,
        invoiceId: pathParameter(request, 'id'),
      });
      response
        .status(200)
        .set({
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${pdf.fileName}"`,
          ETag: `"${pdf.sha256}"`,
          'X-Content-SHA256': pdf.sha256,
        })
        .send(pdf.bytes);
    },
  },
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
          schema: {
            type: 'object',
            properties: {
              runs: { type: 'array', items: RUN_SCHEMA },
              nextOffset: { type: ['integer', 'null'] },
            },
            required: ['runs', 'nextOffset'],
          },
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
      response.json({
        runs: runs.slice(0, page.limit).map(runView),
        nextOffset: runs.length > page.limit ? page.offset + page.limit : null,
      });
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
  {
    method: 'get',
    path: '/api/v1/invoices',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoices',
      summary: 'Invoices, by customer and period',
      tags: ['invoicing'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of invoices',
          schema: {
            type: 'object',
            properties: {
              invoices: { type: 'array', items: SUMMARY_SCHEMA },
              nextOffset: { type: ['integer', 'null'] },
            },
            required: ['invoices', 'nextOffset'],
          },
        },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const page = readPage(query);
      const status = readChoice(query, 'status', ['draft', 'finalized'] as const);
      throwIfInvalidQuery(query);
      const filter: Filter = {
        ...(query.values.customerId !== undefined && { customerId: query.values.customerId }),
        ...(query.values.runId !== undefined && { runId: query.values.runId }),
        ...(status !== undefined && { status }),
      };
      const found = await context.store.collection<InvoiceRecord>(INVOICES).find(filter, {
        sort: { customerId: 1, periodStart: -1, _id: 1 },
        skip: page.offset,
        limit: page.limit + 1,
      });
      response.json({
        invoices: found.slice(0, page.limit).map(invoiceSummary),
        nextOffset: found.length > page.limit ? page.offset + page.limit : null,
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/:id',
    permission: 'invoices:read',
    operation: {
      operationId: 'getInvoice',
      summary: 'One invoice: its customer as billed, every line with its explanation, its totals',
      tags: ['invoicing'],
      responses: {
        '200': { description: 'The invoice', schema: { type: 'object' } },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such invoice' },
      },
    },
    handle: async (context, request, response) => {
      const id = pathParameter(request, 'id');
      const invoice = await context.store.collection<InvoiceRecord>(INVOICES).findOne({ _id: id });
      if (invoice === null) throw new AppError('not_found', `there is no invoice "${id}"`);
      response.json(invoiceView(invoice));
    },
  },
];
