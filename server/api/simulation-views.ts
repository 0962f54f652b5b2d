// How simulations and reviews look over HTTP, and their schemas for the OpenAPI document.
import { SCHEMA_IDS } from '../rating/validation';
import type { RatingPreview } from '../simulations/preview-rating';
import type { SimulationCustomerRecord, SimulationRecord } from '../simulations/simulation-record';
import { POLICY_KINDS } from './policy-routes';

export function simulationView(record: SimulationRecord) {
  return {
    id: record._id,
    versions: record.versions,
    period: record.period,
    customerIds: record.customerIds,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    totals: record.totals,
    customerCount: record.customerCount,
    changedCustomerCount: record.changedCustomerCount,
    failureCount: record.failureCount,
    failures: record.failures,
  };
}

export function customerImpactView(record: SimulationCustomerRecord) {
  return {
    customerId: record.customerId,
    currency: record.currency,
    before: record.before,
    after: record.after,
    delta: record.delta,
    changedLines: record.changedLines,
  };
}

const MONEY = {
  type: 'string',
  description: 'A decimal string in the currency, such as "1654.15"',
};
const NULLABLE_MONEY = { type: ['string', 'null'], description: 'null when the line is not there' };

export const CUSTOMER_IMPACT_SCHEMA = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    currency: { type: 'string' },
    before: { ...MONEY, description: 'The invoice total with the published versions' },
    after: { ...MONEY, description: 'The invoice total with the simulated versions' },
    delta: { ...MONEY, description: 'after - before' },
    changedLines: {
      type: 'array',
      description: 'The lines whose amount (tax included) differs, or that only one side has',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          kind: { type: 'string' },
          before: NULLABLE_MONEY,
          after: NULLABLE_MONEY,
        },
        required: ['description', 'kind', 'before', 'after'],
      },
    },
  },
  required: ['customerId', 'currency', 'before', 'after', 'delta', 'changedLines'],
};

const ISSUES_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: { path: { type: 'string' }, message: { type: 'string' } },
    required: ['path', 'message'],
  },
};

export const SIMULATION_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    versions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          version: { type: 'integer' },
          kind: { type: 'string', enum: POLICY_KINDS },
          status: { type: 'string', description: 'The status when simulated' },
          contentHash: { type: 'string' },
        },
        required: ['key', 'version', 'kind', 'status', 'contentHash'],
      },
    },
    period: {
      type: 'object',
      properties: { start: { type: 'string' }, end: { type: 'string' } },
      required: ['start', 'end'],
    },
    customerIds: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'The customers asked for; null for every stored customer',
    },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    totals: {
      type: 'array',
      description: 'Revenue before and after, and the delta, per currency (tax included)',
      items: {
        type: 'object',
        properties: {
          currency: { type: 'string' },
          before: MONEY,
          after: MONEY,
          delta: MONEY,
          customers: { type: 'integer' },
        },
        required: ['currency', 'before', 'after', 'delta', 'customers'],
      },
    },
    customerCount: { type: 'integer', description: 'Customers rated both ways' },
    changedCustomerCount: { type: 'integer', description: 'Of those, the ones with a change' },
    failureCount: { type: 'integer' },
    failures: {
      type: 'array',
      description: 'The first 100 customers that could not be rated, and why',
      items: {
        type: 'object',
        properties: {
          customerId: { type: 'string' },
          with: { type: 'string', enum: ['published', 'drafts', 'customer_data'] },
          issues: ISSUES_SCHEMA,
        },
        required: ['customerId', 'with', 'issues'],
      },
    },
  },
  required: [
    'id',
    'versions',
    'period',
    'customerIds',
    'createdBy',
    'createdAt',
    'totals',
    'customerCount',
    'changedCustomerCount',
    'failureCount',
    'failures',
  ],
};

export const CUSTOMER_PAGE_SCHEMA = {
  type: 'object',
  properties: {
    customers: { type: 'array', items: CUSTOMER_IMPACT_SCHEMA },
    nextOffset: {
      type: ['integer', 'null'],
      description: 'The offset of the next page; null on the last page',
    },
  },
  required: ['customers', 'nextOffset'],
};

export function ratingPreviewView(preview: RatingPreview) {
  return {
    versions: preview.versions.map(({ key, version, kind, status }) => ({
      key,
      version,
      kind,
      status,
    })),
    draft: preview.draft,
    published: preview.published,
    publishedIssues: preview.publishedIssues,
    impact: preview.impact,
  };
}

export const RATING_PREVIEW_SCHEMA = {
  type: 'object',
  properties: {
    versions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          version: { type: 'integer' },
          kind: { type: 'string', enum: POLICY_KINDS },
          status: { type: 'string' },
        },
        required: ['key', 'version', 'kind', 'status'],
      },
    },
    draft: {
      $ref: SCHEMA_IDS.ratingResult,
      description: 'The invoice rated with the simulated versions in their keys’ place',
    },
    published: {
      oneOf: [{ $ref: SCHEMA_IDS.ratingResult }, { type: 'null' }],
      description:
        'The invoice rated with the published versions; null when they cannot rate it (publishedIssues says why)',
    },
    publishedIssues: ISSUES_SCHEMA,
    impact: { oneOf: [CUSTOMER_IMPACT_SCHEMA, { type: 'null' }] },
  },
  required: ['versions', 'draft', 'published', 'publishedIssues', 'impact'],
};
