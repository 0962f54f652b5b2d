// Invoices, credit notes and debit notes: whoever reads invoices lists them (by customer, status,
// kind, period, and the notes of one invoice), reads each with its lines and their explanation,
// and downloads its PDF (printed once, the same bytes ever after).
import { AppError } from '../errors/app-error';
import { recordInvoiceDownload } from '../invoicing/delivery/record-invoice-download';
import { invoicePdf } from '../invoicing/invoice-pdf';
import { notesOf } from '../invoicing/settle-adjustment';
import { INVOICES, type InvoiceKind, type InvoiceRecord } from '../invoicing/invoice-records';
import { listInvoices } from '../invoicing/list-invoices';
import { callerOf } from './create-app';
import {
  PAGE_PARAMETERS,
  pathParameter,
  readChoice,
  readDay,
  readPage,
  readQuery,
  throwIfInvalidQuery,
  type Query,
  pageSchema,
} from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

export function invoiceSummary(invoice: InvoiceRecord) {
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
    references: invoice.references ?? null,
  };
}

/** With its notes, for an invoice: the credit and debit notes issued for its period. */
export function invoiceView(invoice: InvoiceRecord, notes: readonly InvoiceRecord[] = []) {
  return {
    ...invoiceSummary(invoice),
    customer: invoice.customer,
    rating: invoice.rating,
    adjustment: invoice.adjustment ?? null,
    notes: notes.map(invoiceSummary),
    contentHash: invoice.contentHash ?? null,
    createdAt: invoice.createdAt,
  };
}

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
  runId: {
    type: ['string', 'null'],
    description: 'The run that made it; null for a note made on request',
  },
  references: {
    type: ['object', 'null'],
    description: 'Credit and debit notes: the invoice they correct',
    properties: { invoiceId: { type: 'string' }, number: { type: 'string' } },
  },
};
export const SUMMARY_SCHEMA = {
  type: 'object',
  properties: SUMMARY_PROPERTIES,
  required: Object.keys(SUMMARY_PROPERTIES),
};

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
  {
    name: 'kind',
    in: 'query',
    description:
      'Only these kinds, separated by commas: invoice, credit_note, debit_note (credit_note,debit_note lists the notes).',
    schema: {
      type: 'string',
      pattern: '^(invoice|credit_note|debit_note)(,(invoice|credit_note|debit_note))*$',
    },
  },
  {
    name: 'references',
    in: 'query',
    description: 'Only the credit and debit notes of this invoice (its id).',
    schema: { type: 'string' },
  },
  {
    name: 'periodFrom',
    in: 'query',
    description: 'Only periods that start on or after this UTC day, such as 2026-03-01.',
    schema: { type: 'string', format: 'date' },
  },
  {
    name: 'periodBefore',
    in: 'query',
    description: 'Only periods that start before this UTC day, such as 2026-04-01.',
    schema: { type: 'string', format: 'date' },
  },
  ...PAGE_PARAMETERS,
];

const KINDS: readonly InvoiceKind[] = ['invoice', 'credit_note', 'debit_note'];

/** invoice,credit_note -> both; an unknown kind is named. */
function readKinds(query: Query): InvoiceKind[] | undefined {
  const value = query.values.kind;
  if (value === undefined) return undefined;
  const kinds = value.split(',');
  if (!kinds.every((kind) => (KINDS as readonly string[]).includes(kind))) {
    query.issues.push({
      path: 'query.kind',
      message: `must be one or more of ${KINDS.join(', ')}, separated by commas`,
    });
    return undefined;
  }
  return [...new Set(kinds)] as InvoiceKind[];
}

export const invoiceRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/invoices/:id/pdf',
    permission: 'invoices:read',
    operation: {
      operationId: 'downloadInvoicePdf',
      summary: 'An issued invoice as PDF: printed once, the same bytes ever after',
      description:
        'Printed on the first download from the published invoice template in force on the issue date, with the seller settings, and kept in the blob store under its SHA-256 (also in the ETag and the X-Content-SHA256 header). Each download is audited as invoice.downloaded with that SHA-256.',
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
      const caller = callerOf(request);
      await recordInvoiceDownload({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        invoiceId: pathParameter(request, 'id'),
        sha256: pdf.sha256,
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
    method: 'get',
    path: '/api/v1/invoices',
    permission: 'invoices:read',
    operation: {
      operationId: 'listInvoices',
      summary: 'Invoices, credit notes and debit notes, by customer, kind and period',
      tags: ['invoicing'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of invoices',
          schema: pageSchema('invoices', SUMMARY_SCHEMA),
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
      const kinds = readKinds(query);
      const periodFrom = readDay(query, 'periodFrom');
      const periodBefore = readDay(query, 'periodBefore');
      if (periodFrom !== undefined && periodBefore !== undefined && periodFrom >= periodBefore) {
        query.issues.push({ path: 'query.periodBefore', message: 'must be after periodFrom' });
      }
      throwIfInvalidQuery(query);
      const { values } = query;
      const found = await listInvoices({
        store: context.store,
        selection: {
          ...(values.customerId !== undefined && { customerId: values.customerId }),
          ...(values.runId !== undefined && { runId: values.runId }),
          ...(values.references !== undefined && { references: values.references }),
          ...(status !== undefined && { status }),
          ...(kinds !== undefined && { kinds }),
          ...(periodFrom !== undefined && { periodFrom }),
          ...(periodBefore !== undefined && { periodBefore }),
        },
        ...page,
      });
      response.json({
        invoices: found.invoices.map(invoiceSummary),
        nextOffset: found.nextOffset,
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/invoices/:id',
    permission: 'invoices:read',
    operation: {
      operationId: 'getInvoice',
      summary:
        'One invoice or note: its customer as billed, every line with its explanation, its totals; an invoice lists its credit and debit notes, a note says what it corrects and why',
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
      const notes = invoice.kind === 'invoice' ? await notesOf(context.store, invoice) : [];
      response.json(invoiceView(invoice, notes));
    },
  },
];
