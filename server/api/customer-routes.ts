// Stored customers, read-only here: the people who simulate pick customers from this list.
import { AppError } from '../errors/app-error';
import type { CustomerRecord } from '../customers/customer-records';
import { customers } from '../customers/customers-repository';
import { SCHEMA_IDS } from '../rating/validation';
import { PAGE_PARAMETERS, readPage, readQuery, throwIfInvalidQuery } from './request-inputs';
import type { OpenApiParameter, RouteDefinition } from './route';

function customerView(record: CustomerRecord) {
  return {
    id: record._id,
    name: record.name,
    facts: record.facts,
    promoCodes: record.promoCodes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
  };
}

const CUSTOMER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    facts: { $ref: `${SCHEMA_IDS.ratingRequest}#/$defs/customer` },
    promoCodes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer' },
  },
  required: ['id', 'name', 'facts', 'promoCodes', 'createdAt', 'updatedAt', 'revision'],
};

const LIST_PARAMETERS: OpenApiParameter[] = [
  {
    name: 'q',
    in: 'query',
    description: 'Only customers whose id or name contains this text (letter case ignored).',
    schema: { type: 'string', maxLength: 100 },
  },
  ...PAGE_PARAMETERS,
];

const NO_CALLER = { description: 'No session or API key' };
const NO_READ = { description: 'The caller may not read customers' };

export const customerRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/customers',
    permission: 'customer:read',
    operation: {
      operationId: 'listCustomers',
      summary: 'Stored customers, in id order',
      tags: ['customers'],
      parameters: LIST_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of customers',
          schema: {
            type: 'object',
            properties: {
              customers: { type: 'array', items: CUSTOMER_SCHEMA },
              nextOffset: {
                type: ['integer', 'null'],
                description: 'The offset of the next page; null on the last page',
              },
            },
            required: ['customers', 'nextOffset'],
          },
        },
        '400': { description: 'A query parameter is invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, LIST_PARAMETERS);
      const page = readPage(query);
      const text = query.values.q?.toLowerCase();
      if (text !== undefined && text.length > 100) {
        query.issues.push({ path: 'query.q', message: 'must be at most 100 characters' });
      }
      throwIfInvalidQuery(query);
      // Without a text search in the portable subset, a search reads every customer: fine for
      // the thousands a billing team browses; a name index comes with customer management.
      const all = await customers(context.store).find({}, { sort: { _id: 1 } });
      const matching =
        text === undefined
          ? all
          : all.filter(
              (record) =>
                record._id.toLowerCase().includes(text) || record.name.toLowerCase().includes(text),
            );
      const slice = matching.slice(page.offset, page.offset + page.limit);
      const next = page.offset + slice.length;
      response.json({
        customers: slice.map(customerView),
        nextOffset: next < matching.length ? next : null,
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/customers/:id',
    permission: 'customer:read',
    operation: {
      operationId: 'getCustomer',
      summary: 'One stored customer',
      tags: ['customers'],
      responses: {
        '200': { description: 'The customer', schema: CUSTOMER_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': { description: 'There is no such customer' },
      },
    },
    handle: async (context, request, response) => {
      const id = typeof request.params.id === 'string' ? request.params.id : '';
      const record = await customers(context.store).findOne({ _id: id });
      if (record === null) throw new AppError('not_found', `there is no customer ${id}`);
      response.json(customerView(record));
    },
  },
];
