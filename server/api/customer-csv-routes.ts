// Customers in and out as CSV, the baseline for a CRM sync: an export of every customer, and an
// import that creates or changes customers row by row, reporting each row.
import { customerCsvRow, CUSTOMER_CSV_FIELDS } from '../customers/customer-csv';
import { customers } from '../customers/customers-repository';
import { importCustomersCsv, MAX_IMPORT_ROWS } from '../customers/import-customers-csv';
import { formatCsv } from '../csv/write-csv';
import { AppError } from '../errors/app-error';
import type { ValidationIssue } from '../rating/validation';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { NO_CALLER, type RouteDefinition } from './route';

const IMPORT_BODY = {
  type: 'object',
  properties: {
    csv: {
      type: 'string',
      description: `The file: a header row, then one customer per row (at most ${MAX_IMPORT_ROWS}). Columns: ${CUSTOMER_CSV_FIELDS.join(', ')}`,
    },
    mapping: {
      type: 'object',
      description:
        'The file\'s header for a field where it differs, such as { "id": "Account ID", "email": "Billing Email" }',
      additionalProperties: { type: 'string' },
    },
    dryRun: { type: 'boolean', description: 'Say what each row would do; write nothing' },
    reason: { type: 'string', description: 'Why, for the audit log' },
  },
  required: ['csv'],
};

const ROW_SCHEMA = {
  type: 'object',
  properties: {
    line: { type: 'integer', description: 'The line of the file; the header is line 1' },
    id: { type: 'string' },
    outcome: { enum: ['created', 'updated', 'unchanged', 'invalid'] },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { column: { type: 'string' }, message: { type: 'string' } },
        required: ['column', 'message'],
      },
    },
  },
  required: ['line', 'id', 'outcome', 'errors'],
};

export const customerCsvRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/customer-export',
    permission: 'customer:read',
    operation: {
      operationId: 'exportCustomers',
      summary: 'Every customer as a CSV download',
      description: `Columns: ${CUSTOMER_CSV_FIELDS.join(', ')}; the same file imports back. Cells that a spreadsheet would run as a formula get a leading apostrophe.`,
      tags: ['customers'],
      responses: {
        '200': {
          description: 'The file (Content-Disposition: attachment; filename=customers.csv)',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read customers' },
      },
    },
    handle: async (context, _request, response) => {
      const records = await customers(context.store).find({}, { sort: { _id: 1 } });
      response.setHeader('Cache-Control', 'no-store');
      response.attachment('customers.csv');
      response.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
      response.send(formatCsv(CUSTOMER_CSV_FIELDS, records.map(customerCsvRow)));
    },
  },
  {
    method: 'post',
    path: '/api/v1/customer-imports',
    permission: 'customer:write',
    operation: {
      operationId: 'importCustomers',
      summary: 'Create or change customers from a CSV file, row by row',
      description:
        'A row with the id of a stored customer changes it (under its current revision); others create one. Each change is audited as if made by hand, with the reason "CSV import". A bad row changes nothing and is reported with the column of each problem; the good rows go in all the same. With dryRun nothing is written.',
      tags: ['customers'],
      requestBody: { schema: IMPORT_BODY },
      responses: {
        '200': {
          description: 'What each row did (or would do)',
          schema: {
            type: 'object',
            properties: {
              dryRun: { type: 'boolean' },
              created: { type: 'integer' },
              updated: { type: 'integer' },
              unchanged: { type: 'integer' },
              invalid: { type: 'integer' },
              rows: { type: 'array', items: ROW_SCHEMA },
            },
            required: ['dryRun', 'created', 'updated', 'unchanged', 'invalid', 'rows'],
          },
        },
        '400': {
          description:
            'The body is invalid, or the file is not CSV, lacks a needed column, has no rows or too many',
        },
        '401': NO_CALLER,
        '403': { description: 'The caller may not change customers' },
      },
    },
    handle: async (context, request, response) => {
      const { csv, mapping, dryRun, reason, ...unknown } = bodyFields(request.body);
      const issues: ValidationIssue[] = [
        ...Object.keys(unknown).map((name) => ({
          path: `$.${name}`,
          message: 'is not a field of this request',
        })),
        ...(typeof csv === 'string'
          ? []
          : [{ path: '$.csv', message: 'must be the file, as text' }]),
        ...(mapping === undefined || isTextMap(mapping)
          ? []
          : [{ path: '$.mapping', message: 'must map field names to column headers' }]),
        ...(dryRun === undefined || typeof dryRun === 'boolean'
          ? []
          : [{ path: '$.dryRun', message: 'must be true or false' }]),
        ...changeFieldsIssues({ reason }, false),
      ];
      if (issues.length > 0) {
        throw new AppError('invalid_request', 'the import is invalid', { issues });
      }
      const caller = callerOf(request);
      const rows = await importCustomersCsv({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        csv: csv as string,
        ...(mapping !== undefined && { mapping: mapping as Record<string, string> }),
        dryRun: dryRun === true,
        ...(reason !== undefined && { reason: reason as string }),
      });
      const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
      response.json({
        dryRun: dryRun === true,
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        invalid: count('invalid'),
        rows,
      });
    },
  },
];

function isTextMap(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((header) => typeof header === 'string' && header !== '')
  );
}
