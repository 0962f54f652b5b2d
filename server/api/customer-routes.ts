// Stored customers: the people who simulate pick customers from this list, and billing admins
// create customers and change their profile (customer.schema.json), each change audited.
import { createCustomer } from '../customers/create-customer';
import { updateCustomer } from '../customers/update-customer';
import { AppError } from '../errors/app-error';
import type { CustomerRecord } from '../customers/customer-records';
import { customers } from '../customers/customers-repository';
import { SCHEMA_IDS } from '../rating/validation';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { PAGE_PARAMETERS, readPage, readQuery, throwIfInvalidQuery } from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

function customerView(record: CustomerRecord) {
  return {
    id: record._id,
    name: record.name,
    facts: record.facts,
    promoCodes: record.promoCodes,
    billing: record.billing ?? null,
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
    billing: {
      description:
        'Where and how the customer is billed; null for a customer imported from a rating request',
      oneOf: [{ $ref: `${SCHEMA_IDS.customer}#/properties/billing` }, { type: 'null' }],
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer' },
  },
  required: ['id', 'name', 'facts', 'promoCodes', 'billing', 'createdAt', 'updatedAt', 'revision'],
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

const NO_READ = { description: 'The caller may not read customers' };
const NO_WRITE = { description: 'The caller may not change customers' };
const BAD_CUSTOMER = { description: 'The customer is invalid; errors names each field' };

/** The body: the profile, and beside it the reason (and for a change the revision loaded). */
function readChange(body: unknown, change: boolean) {
  const { reason, revision, ...profile } = bodyFields(body);
  const issues = changeFieldsIssues({ reason, revision }, change);
  if (issues.length > 0) {
    throw new AppError('invalid_request', 'the request is invalid', { issues });
  }
  return { profile, reason: reason as string | undefined, revision: revision as number };
}

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
  {
    method: 'post',
    path: '/api/v1/customers',
    permission: 'customer:write',
    operation: {
      operationId: 'createCustomer',
      summary: 'Create a customer',
      description:
        'The body is a customer (customer.schema.json) and an optional reason. Its facts describe the customer (facts.id is its id) and facts.country is the country of its billing address. Audited as customer.created.',
      tags: ['customers'],
      requestBody: {
        description:
          'A customer (customer.schema.json); beside its fields, reason: why, for the audit log (optional)',
        schema: { $ref: SCHEMA_IDS.customer },
      },
      responses: {
        '201': { description: 'The customer', schema: CUSTOMER_SCHEMA },
        '400': BAD_CUSTOMER,
        '401': NO_CALLER,
        '403': NO_WRITE,
        '409': { description: 'There is a customer with this id already' },
        '415': { description: 'The body is not application/json' },
      },
    },
    handle: async (context, request, response) => {
      const { profile, reason } = readChange(request.body, false);
      const caller = callerOf(request);
      const record = await createCustomer({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        profile,
        ...(reason !== undefined && { reason }),
      });
      response.status(201).json(customerView(record));
    },
  },
  {
    method: 'put',
    path: '/api/v1/customers/:id',
    permission: 'customer:write',
    operation: {
      operationId: 'updateCustomer',
      summary: "Change a customer's profile",
      description:
        'The whole profile as it is to be, with the revision you loaded and an optional reason. A change made meanwhile is refused with 409; the id never changes. Audited as customer.updated with the fields that changed; an unchanged profile writes nothing.',
      tags: ['customers'],
      requestBody: {
        description:
          'The customer as it is to be (customer.schema.json); beside its fields, revision: the revision you loaded (required), and reason (optional)',
        schema: { $ref: SCHEMA_IDS.customer },
      },
      responses: {
        '200': { description: 'The customer as it is now', schema: CUSTOMER_SCHEMA },
        '400': BAD_CUSTOMER,
        '401': NO_CALLER,
        '403': NO_WRITE,
        '404': { description: 'There is no such customer' },
        '409': { description: 'The customer was changed since the revision given' },
        '415': { description: 'The body is not application/json' },
      },
    },
    handle: async (context, request, response) => {
      const { profile, reason, revision } = readChange(request.body, true);
      const caller = callerOf(request);
      const record = await updateCustomer({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        customerId: typeof request.params.id === 'string' ? request.params.id : '',
        profile,
        revision,
        ...(reason !== undefined && { reason }),
      });
      response.json(customerView(record));
    },
  },
];
