// Meters: billing admins define what usage is measured, how it adds up over a period, and what
// it is grouped by; everyone who reads customers reads them. Each change is audited.
import { withoutOutbox } from '../customers/audited-write';
import { AppError } from '../errors/app-error';
import { createMeter } from '../metering/create-meter';
import type { MeterRecord } from '../metering/meter-records';
import { findMeterOrThrow, meters } from '../metering/meters-repository';
import { updateMeter } from '../metering/update-meter';
import { SCHEMA_IDS } from '../rating/validation';
import { bodyFields, changeFieldsIssues } from './change-fields';
import { callerOf } from './create-app';
import { pathParameter } from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';

function meterView(record: MeterRecord) {
  const meter = withoutOutbox(record);
  return {
    id: meter._id,
    name: meter.name,
    unit: meter.unit ?? null,
    description: meter.description ?? null,
    aggregation: meter.aggregation,
    uniqueBy: meter.uniqueBy ?? null,
    dimensions: meter.dimensions,
    createdAt: meter.createdAt,
    updatedAt: meter.updatedAt,
    revision: meter.revision,
  };
}

const NULLABLE_TEXT = { type: ['string', 'null'] };
const METER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    unit: NULLABLE_TEXT,
    description: NULLABLE_TEXT,
    aggregation: { $ref: `${SCHEMA_IDS.meter}#/properties/aggregation` },
    uniqueBy: NULLABLE_TEXT,
    dimensions: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    revision: { type: 'integer' },
  },
  required: [
    'id',
    'name',
    'unit',
    'description',
    'aggregation',
    'uniqueBy',
    'dimensions',
    'createdAt',
    'updatedAt',
    'revision',
  ],
};

const NO_READ = { description: 'The caller may not read meters (customer:read)' };
const NO_WRITE = { description: 'The caller may not change meters' };
const BAD_METER = { description: 'The meter is invalid; errors names each field' };
const NO_SUCH = { description: 'There is no such meter' };

function readChange(body: unknown, change: boolean) {
  const { reason, revision, ...definition } = bodyFields(body);
  const issues = changeFieldsIssues({ reason, revision }, change);
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the request is invalid', { issues });
  return { definition, reason: reason as string | undefined, revision: revision as number };
}

export const meterRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/meters',
    permission: 'customer:read',
    operation: {
      operationId: 'listMeters',
      summary: 'Every meter, in id order',
      tags: ['usage'],
      responses: {
        '200': {
          description: 'The meters',
          schema: {
            type: 'object',
            properties: { meters: { type: 'array', items: METER_SCHEMA } },
            required: ['meters'],
          },
        },
        '401': NO_CALLER,
        '403': NO_READ,
      },
    },
    handle: async (context, _request, response) => {
      const records = await meters(context.store).find({}, { sort: { _id: 1 } });
      response.json({ meters: records.map(meterView) });
    },
  },
  {
    method: 'get',
    path: '/api/v1/meters/:id',
    permission: 'customer:read',
    operation: {
      operationId: 'getMeter',
      summary: 'One meter',
      tags: ['usage'],
      responses: {
        '200': { description: 'The meter', schema: METER_SCHEMA },
        '401': NO_CALLER,
        '403': NO_READ,
        '404': NO_SUCH,
      },
    },
    handle: async (context, request, response) => {
      response.json(meterView(await findMeterOrThrow(context.store, pathParameter(request, 'id'))));
    },
  },
  {
    method: 'post',
    path: '/api/v1/meters',
    permission: 'meter:write',
    operation: {
      operationId: 'createMeter',
      summary: 'Define a meter',
      description:
        'The body is a meter (meter.schema.json) and an optional reason. Usage events name the meter by its id; pricing rules price its usage. Audited as meter.created.',
      tags: ['usage'],
      requestBody: {
        description: 'A meter (meter.schema.json); beside its fields, reason (optional)',
        schema: { $ref: SCHEMA_IDS.meter },
      },
      responses: {
        '201': { description: 'The meter', schema: METER_SCHEMA },
        '400': BAD_METER,
        '401': NO_CALLER,
        '403': NO_WRITE,
        '409': { description: 'There is a meter with this id already' },
        '415': { description: 'The body is not application/json' },
      },
    },
    handle: async (context, request, response) => {
      const { definition, reason } = readChange(request.body, false);
      const caller = callerOf(request);
      const record = await createMeter({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        definition,
        ...(reason !== undefined && { reason }),
      });
      response.status(201).json(meterView(record));
    },
  },
  {
    method: 'put',
    path: '/api/v1/meters/:id',
    permission: 'meter:write',
    operation: {
      operationId: 'updateMeter',
      summary: "Change a meter's name, unit, description, or add dimensions",
      description:
        'The whole meter as it is to be, with the revision you loaded and an optional reason. The id, aggregation and uniqueBy never change, and dimensions can be added but not removed (usage already counted would mean something else): each is refused with 400 naming it. A change made meanwhile is refused with 409. Audited as meter.updated with the fields that changed.',
      tags: ['usage'],
      requestBody: {
        description:
          'The meter as it is to be (meter.schema.json); beside its fields, revision (required) and reason (optional)',
        schema: { $ref: SCHEMA_IDS.meter },
      },
      responses: {
        '200': { description: 'The meter as it is now', schema: METER_SCHEMA },
        '400': BAD_METER,
        '401': NO_CALLER,
        '403': NO_WRITE,
        '404': NO_SUCH,
        '409': { description: 'The meter was changed since the revision given' },
        '415': { description: 'The body is not application/json' },
      },
    },
    handle: async (context, request, response) => {
      const { definition, reason, revision } = readChange(request.body, true);
      const caller = callerOf(request);
      const record = await updateMeter({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        meterId: pathParameter(request, 'id'),
        definition,
        revision,
        ...(reason !== undefined && { reason }),
      });
      response.json(meterView(record));
    },
  },
];
