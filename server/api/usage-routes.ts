// Usage: services report events in batches (each event judged on its own), and people read a
// customer's daily aggregates and the raw events behind them.
import { AppError } from '../errors/app-error';
import { utcDay } from '../customers/customers-repository';
import { ingestUsage, MAX_BATCH_EVENTS } from '../metering/ingest-usage';
import type { AggregatedDay } from '../metering/daily-contributions';
import type { UsageEventRecord } from '../metering/meter-records';
import { countWaitingBatches, findDailyUsage, findUsageEvents } from '../metering/usage-queries';
import { SCHEMA_IDS } from '../rating/validation';
import { bodyFields } from './change-fields';
import { callerOf } from './create-app';
import {
  PAGE_PARAMETERS,
  readDay,
  readPage,
  readQuery,
  throwIfInvalidQuery,
  pageSchema,
} from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

const MAX_DAYS = 366;

const ERRORS_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: { path: { type: 'string' }, message: { type: 'string' } },
    required: ['path', 'message'],
  },
};

const RESULT_SCHEMA = {
  type: 'object',
  properties: {
    index: { type: 'integer', description: 'The position of the event in the batch' },
    id: { type: 'string' },
    status: {
      enum: ['accepted', 'duplicate', 'rejected'],
      description:
        'accepted: stored and counted; duplicate: the same event was stored before (a retry), not counted again; rejected: not stored, see errors',
    },
    errors: ERRORS_SCHEMA,
    adjustment: {
      type: 'object',
      description:
        'The event falls in a period already invoiced: it is counted, and the next invoice run settles the difference with a credit or debit note',
      properties: { invoiceId: { type: 'string' }, invoiceNumber: { type: 'string' } },
      required: ['invoiceId'],
    },
  },
  required: ['index', 'status'],
};

const DAILY_SCHEMA = {
  type: 'object',
  properties: {
    day: { type: 'string' },
    meter: { type: 'string' },
    quantity: {
      type: 'string',
      description:
        'Time-weighted meters: the unit-hours of the day’s readings, each held to the next or the day’s end (a level carried in from earlier days is added when the period is rated)',
    },
    dimensions: { type: 'object', additionalProperties: { type: 'string' } },
    subscriptionId: { type: ['string', 'null'] },
    readings: {
      type: ['array', 'null'],
      description: 'Time-weighted meters: the day’s levels in time order; null for other meters',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, quantity: { type: 'string' } },
      },
    },
    events: {
      type: ['integer', 'null'],
      description: 'How many events it counts; null for usage imported as daily totals',
    },
  },
  required: ['day', 'meter', 'quantity', 'dimensions', 'subscriptionId', 'readings', 'events'],
};

const NO_READ = { description: 'The caller may not read usage (customer:read)' };

function dailyView(record: AggregatedDay) {
  return {
    day: record.day,
    meter: record.usage.meter,
    quantity: record.usage.quantity,
    dimensions: record.usage.dimensions ?? {},
    subscriptionId: record.usage.subscriptionId ?? null,
    readings: record.readings ?? null,
    events: record.events ?? null,
  };
}

function eventView(record: UsageEventRecord) {
  return {
    id: record.eventId,
    customerId: record.customerId,
    meter: record.meter,
    timestamp: record.timestamp,
    quantity: record.quantity,
    dimensions: record.dimensions ?? {},
    subscriptionId: record.subscriptionId ?? null,
    receivedAt: record.receivedAt,
    adjustment: record.adjustment ?? null,
  };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const CUSTOMER_PARAMETER: OpenApiParameter = {
  name: 'customerId',
  in: 'query',
  required: true,
  description: 'The customer whose usage to read.',
  schema: { type: 'string' },
};
const METER_PARAMETER: OpenApiParameter = {
  name: 'meter',
  in: 'query',
  description: 'Only this meter.',
  schema: { type: 'string' },
};
const DAILY_PARAMETERS: OpenApiParameter[] = [
  CUSTOMER_PARAMETER,
  {
    name: 'from',
    in: 'query',
    description: 'The first day, such as 2026-03-01; 30 days before `to` when left out.',
    schema: { type: 'string', format: 'date' },
  },
  {
    name: 'to',
    in: 'query',
    description: `The day after the last one; tomorrow (UTC) when left out. At most ${MAX_DAYS} days after from.`,
    schema: { type: 'string', format: 'date' },
  },
  METER_PARAMETER,
];
const EVENT_PARAMETERS: OpenApiParameter[] = [
  CUSTOMER_PARAMETER,
  {
    name: 'day',
    in: 'query',
    required: true,
    description: 'The UTC day, such as 2026-03-14.',
    schema: { type: 'string', format: 'date' },
  },
  METER_PARAMETER,
  ...PAGE_PARAMETERS,
];

/** The batch envelope; each event is checked on its own by the use case. */
function readEvents(body: unknown): unknown[] {
  const { events, ...rest } = bodyFields(body);
  const issues = Object.keys(rest).map((name) => ({
    path: `$.${name}`,
    message: 'is not a field of a usage batch',
  }));
  if (!Array.isArray(events)) {
    issues.push({ path: '$.events', message: 'must be a list of usage events' });
  } else if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    issues.push({
      path: '$.events',
      message: `must hold from 1 to ${MAX_BATCH_EVENTS} events; it holds ${events.length}`,
    });
  }
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the usage batch is invalid', { issues });
  return events as unknown[];
}

export const usageRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/usage',
    permission: 'usage:write',
    operation: {
      operationId: 'reportUsage',
      summary: 'Report a batch of usage events',
      description: `Up to ${MAX_BATCH_EVENTS} events (usage-event.schema.json). Each event is judged on its own: good ones are stored even when others are rejected, and results says, by index, what became of each. An event whose id the customer already used is a duplicate (a retry) and is not counted again; the same id with other content is rejected. Send a batch again after a timeout: nothing is counted twice. Events land in the daily aggregates within seconds.`,
      tags: ['usage'],
      requestBody: {
        schema: {
          type: 'object',
          properties: {
            events: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BATCH_EVENTS,
              items: { $ref: SCHEMA_IDS.usageEvent },
            },
          },
          required: ['events'],
          additionalProperties: false,
        },
      },
      responses: {
        '200': {
          description: 'What became of each event',
          schema: {
            type: 'object',
            properties: {
              batchId: { type: ['string', 'null'], description: 'null when nothing was accepted' },
              accepted: { type: 'integer' },
              duplicates: { type: 'integer' },
              rejected: { type: 'integer' },
              results: { type: 'array', items: RESULT_SCHEMA },
            },
            required: ['batchId', 'accepted', 'duplicates', 'rejected', 'results'],
          },
        },
        '400': { description: 'The batch itself is invalid (no list of 1 to 1000 events)' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not report usage (usage:write)' },
        '415': { description: 'The body is not application/json' },
      },
    },
    handle: async (context, request, response) => {
      const events = readEvents(request.body);
      const caller = callerOf(request);
      const outcome = await ingestUsage({
        store: context.store,
        clock: context.clock,
        sender: `${caller.type}:${caller.id}`,
        events,
        onReady: () => context.usageAggregator.nudge(),
      });
      response.json(outcome);
    },
  },
  {
    method: 'get',
    path: '/api/v1/usage/daily',
    permission: 'customer:read',
    operation: {
      operationId: 'listDailyUsage',
      summary: "A customer's usage per meter, dimensions and day",
      description:
        'The daily aggregates rating reads, in day order. Events reported in the last seconds may not be in them yet: see /api/v1/usage/status.',
      tags: ['usage'],
      parameters: DAILY_PARAMETERS,
      responses: {
        '200': {
          description: 'The aggregates',
          schema: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              days: { type: 'array', items: DAILY_SCHEMA },
            },
            required: ['from', 'to', 'days'],
          },
        },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, DAILY_PARAMETERS);
      const to = readDay(query, 'to') ?? addDays(utcDay(context.clock.now().toISOString()), 1);
      const from = readDay(query, 'from') ?? addDays(to, -30);
      if (from >= to) query.issues.push({ path: 'query.from', message: 'must be before to' });
      else if (addDays(from, MAX_DAYS) < to) {
        query.issues.push({
          path: 'query.to',
          message: `must be at most ${MAX_DAYS} days after from`,
        });
      }
      throwIfInvalidQuery(query);
      const days = await findDailyUsage(context.store, {
        customerId: query.values.customerId!,
        from,
        to,
        ...(query.values.meter !== undefined && { meter: query.values.meter }),
      });
      response.json({ from, to, days: days.map(dailyView) });
    },
  },
  {
    method: 'get',
    path: '/api/v1/usage/events',
    permission: 'customer:read',
    operation: {
      operationId: 'listUsageEvents',
      summary: "A customer's raw usage events of one day",
      description:
        'In timestamp order, as received. Raw events are kept for the raw usage retention period after they are aggregated.',
      tags: ['usage'],
      parameters: EVENT_PARAMETERS,
      responses: {
        '200': {
          description: 'A page of events',
          schema: pageSchema('events', { type: 'object' }),
        },
        '400': { description: 'A query parameter is invalid; errors names it' },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, EVENT_PARAMETERS);
      const day = readDay(query, 'day');
      const page = readPage(query);
      throwIfInvalidQuery(query);
      const found = await findUsageEvents(context.store, {
        customerId: query.values.customerId!,
        day: day!,
        ...(query.values.meter !== undefined && { meter: query.values.meter }),
        ...page,
      });
      response.json({ events: found.events.map(eventView), nextOffset: found.nextOffset });
    },
  },
  {
    method: 'get',
    path: '/api/v1/usage/status',
    permission: 'customer:read',
    operation: {
      operationId: 'usageStatus',
      summary: 'How many usage batches are not yet in the daily aggregates',
      tags: ['usage'],
      responses: {
        '200': {
          description: 'The aggregation backlog',
          schema: {
            type: 'object',
            properties: { waitingBatches: { type: 'integer' } },
            required: ['waitingBatches'],
          },
        },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, _request, response) => {
      response.json({ waitingBatches: await countWaitingBatches(context.store) });
    },
  },
];
