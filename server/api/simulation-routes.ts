// Simulations over HTTP: run one (rate stored customers with draft versions beside the published
// ones), read it back with its customers page by page, and the review of a version: its diff to
// the version in force and the latest simulation of its content.
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import {
  readSimulationRequest,
  SIMULATION_REQUEST_SCHEMA,
} from '../simulations/read-simulation-request';
import { loadVersionReview } from '../simulations/load-version-review';
import { previewRating } from '../simulations/preview-rating';
import {
  RATING_PREVIEW_REQUEST_SCHEMA,
  readRatingPreviewRequest,
} from '../simulations/read-rating-preview-request';
import { runSimulation } from '../simulations/run-simulation';
import { findSimulation, findSimulationCustomers } from '../simulations/simulations-repository';
import type { Store } from '../store/store';
import { callerOf } from './create-app';
import { POLICY_API } from './policy-routes';
import { keyParameter, versionParameter } from './version-route-inputs';
import { DOCUMENT_CHANGES_SCHEMA, versionSchema, versionView } from './version-views';
import {
  DEFAULT_PAGE_SIZE,
  PAGE_PARAMETERS,
  readPage,
  readQuery,
  throwIfInvalidQuery,
} from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';
import {
  CUSTOMER_PAGE_SCHEMA,
  customerImpactView,
  RATING_PREVIEW_SCHEMA,
  ratingPreviewView,
  SIMULATION_SCHEMA,
  simulationView,
} from './simulation-views';

const NO_SIMULATION = { description: 'The caller may not run or read simulations' };

export const simulationRoutes: RouteDefinition[] = [
  {
    method: 'post',
    path: '/api/v1/simulations',
    permission: 'simulation:run',
    operation: {
      operationId: 'runSimulation',
      summary: 'Rate stored customers with draft versions beside the published ones',
      description:
        "Every stored customer (or the ones named) is rated for the period twice: with the published policies, and with the simulated versions in their keys' place from the start of the period. The answer has the revenue delta per currency, each customer's old/new/delta with the lines that changed (the first page), and the customers that could not be rated. It is kept: the review of each simulated version shows its latest simulation.",
      tags: ['simulations'],
      requestBody: { schema: SIMULATION_REQUEST_SCHEMA },
      responses: {
        '201': {
          description: 'The simulation, with the first page of its customers',
          schema: {
            allOf: [SIMULATION_SCHEMA, CUSTOMER_PAGE_SCHEMA],
          },
          headers: {
            Location: { description: 'Where the simulation is kept', schema: { type: 'string' } },
          },
        },
        '400': {
          description:
            'The body is invalid, a version cannot be simulated, or a customer is unknown',
        },
        '401': NO_CALLER,
        '403': NO_SIMULATION,
      },
    },
    handle: async (context, request, response) => {
      const outcome = readSimulationRequest(request.body);
      if (!outcome.ok) {
        throw new AppError('invalid_request', 'the simulation request is invalid', {
          issues: outcome.issues,
        });
      }
      const caller = callerOf(request);
      const { simulation, customers } = await runSimulation({
        store: context.store,
        clock: context.clock,
        actor: { type: caller.type, id: caller.id },
        request: outcome.value,
      });
      const page = customers.slice(0, DEFAULT_PAGE_SIZE);
      response
        .status(201)
        .location(`/api/v1/simulations/${simulation._id}`)
        .json({
          ...simulationView(simulation),
          customers: page.map(customerImpactView),
          nextOffset: customers.length > page.length ? page.length : null,
        });
    },
  },
  {
    method: 'post',
    path: '/api/v1/simulations/preview',
    permission: 'simulation:run',
    operation: {
      operationId: 'previewRating',
      summary: 'One invoice rated with draft versions, whole, beside the published rating',
      description:
        "The invoice of a pasted rating request, or of a stored customer for a period, rated with the simulated versions in their keys' place from the start of the period: every line with its discounts, taxes and explanation (trace), and the totals. Beside it, the same invoice rated with the published versions and the difference. Nothing is kept.",
      tags: ['simulations'],
      requestBody: { schema: RATING_PREVIEW_REQUEST_SCHEMA },
      responses: {
        '200': {
          description: 'The two ratings and their difference',
          schema: RATING_PREVIEW_SCHEMA,
        },
        '400': {
          description:
            'The body is invalid, a version cannot be simulated, the customer is unknown, or the simulated versions cannot rate the request; errors names each field',
        },
        '401': NO_CALLER,
        '403': NO_SIMULATION,
      },
    },
    handle: async (context, request, response) => {
      const outcome = readRatingPreviewRequest(request.body);
      if (!outcome.ok) {
        throw new AppError('invalid_request', 'the preview request is invalid', {
          issues: outcome.issues,
        });
      }
      response.json(ratingPreviewView(await previewRating(context.store, outcome.value)));
    },
  },
  {
    method: 'get',
    path: '/api/v1/simulations/:id',
    permission: 'simulation:run',
    operation: {
      operationId: 'getSimulation',
      summary: 'A simulation: the versions, the period and the revenue delta',
      tags: ['simulations'],
      responses: {
        '200': { description: 'The simulation', schema: SIMULATION_SCHEMA },
        '401': NO_CALLER,
        '403': NO_SIMULATION,
        '404': { description: 'There is no such simulation' },
      },
    },
    handle: async (context, request, response) => {
      response.json(simulationView(await simulationOf(context.store, request)));
    },
  },
  {
    method: 'get',
    path: '/api/v1/simulations/:id/customers',
    permission: 'simulation:run',
    operation: {
      operationId: 'listSimulationCustomers',
      summary: "A page of a simulation's customers: old/new/delta and the lines that changed",
      tags: ['simulations'],
      parameters: PAGE_PARAMETERS,
      responses: {
        '200': { description: 'The customers, in customer id order', schema: CUSTOMER_PAGE_SCHEMA },
        '400': { description: 'A query parameter is invalid or unknown; errors names it' },
        '401': NO_CALLER,
        '403': NO_SIMULATION,
        '404': { description: 'There is no such simulation' },
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, PAGE_PARAMETERS);
      const page = readPage(query);
      throwIfInvalidQuery(query);
      const simulation = await simulationOf(context.store, request);
      const customers = await findSimulationCustomers(context.store, simulation._id, page);
      const next = page.offset + customers.length;
      response.json({
        customers: customers.map(customerImpactView),
        nextOffset: next < simulation.customerCount ? next : null,
      });
    },
  },
  {
    method: 'get',
    path: '/api/v1/policies/:key/versions/:version/review',
    permission: 'policy:read',
    operation: {
      operationId: 'getPolicyVersionReview',
      summary:
        'What a reviewer needs: the version, its diff to the version in force, its simulation',
      description:
        'The changes lead from the latest published version of the key (every field is added for a policy never published). The simulation is the latest one of exactly this content (same content hash), or null until someone simulates it.',
      tags: ['policies'],
      responses: {
        '200': {
          description: 'The review',
          schema: {
            type: 'object',
            properties: {
              version: versionSchema(POLICY_API),
              against: {
                type: ['object', 'null'],
                description: 'The published version compared with; null when none is published',
                properties: { version: { type: 'integer' }, effectiveFrom: { type: 'string' } },
                required: ['version', 'effectiveFrom'],
              },
              changes: DOCUMENT_CHANGES_SCHEMA,
              simulation: { oneOf: [SIMULATION_SCHEMA, { type: 'null' }] },
            },
            required: ['version', 'against', 'changes', 'simulation'],
          },
        },
        '400': { description: 'The version is not a whole number from 1' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not read policies' },
        '404': { description: 'There is no such version' },
      },
    },
    handle: async (context, request, response) => {
      const review = await loadVersionReview(
        context.store,
        keyParameter(request),
        versionParameter(request),
      );
      response.json({
        version: versionView(POLICY_API, review.record),
        against: review.against
          ? {
              version: review.against.version,
              effectiveFrom: review.against.document.effectiveFrom,
            }
          : null,
        changes: review.changes,
        simulation: review.simulation ? simulationView(review.simulation) : null,
      });
    },
  },
];

async function simulationOf(store: Store, request: Request) {
  const id = typeof request.params.id === 'string' ? request.params.id : '';
  const simulation = await findSimulation(store, id);
  if (simulation === null) throw new AppError('not_found', `there is no simulation ${id}`);
  return simulation;
}
