// POST /api/v1/simulations: rates stored customers for a period with the published policies and
// again with the versions under simulation in their keys' place, keeps the result, and returns it.
//
// Only versions that are not yet in force can be simulated (draft, in review, approved): the
// question is always "what would this change do". The run is audited before it is kept, so a
// crash in between leaves an entry for a simulation that is not there, never the reverse.
import { randomUUID } from 'node:crypto';
import { appendAuditEntry, type AuditActor, type Clock } from '../audit';
import { loadRatingRequests } from '../customers/load-rating-requests';
import { AppError } from '../errors/app-error';
import { POLICY_FAMILY } from '../policies/policy-version';
import { simulateChange } from '../policies/simulate-change';
import type { RatingRequest } from '../rating/types';
import { validateRatingRequest } from '../rating/validation';
import type { Store } from '../store/store';
import { listEffectiveVersions } from '../versioning/versions-repository';
import { loadSimulatedVersions } from './load-simulated-versions';
import type { SimulationRequest } from './read-simulation-request';
import {
  MAX_KEPT_FAILURES,
  simulatedContent,
  type SimulationCustomerRecord,
  type SimulationFailure,
  type SimulationRecord,
} from './simulation-record';
import { simulationCustomers, simulations } from './simulations-repository';

/** Customers written per insertMany. */
const CHUNK = 1000;

export async function runSimulation(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  request: SimulationRequest;
}): Promise<{ simulation: SimulationRecord; customers: SimulationCustomerRecord[] }> {
  const { store, clock, actor, request } = options;
  const drafts = await loadSimulatedVersions(store, request.versions);
  const stored = await loadRatingRequests(store, request.period, request.customerIds);
  if (stored.unknown.length > 0) {
    throw new AppError('invalid_request', 'some customers are not stored', {
      issues: stored.unknown.map((id) => ({
        path: `$.customerIds[${request.customerIds!.indexOf(id)}]`,
        message: `no customer has the id "${id}"`,
      })),
    });
  }
  const { valid, invalid } = validateEach(stored.requests);
  const published = (await listEffectiveVersions(store, POLICY_FAMILY)).map(
    (record) => record.document,
  );
  const result = simulateChange({
    requests: valid,
    period: request.period,
    published,
    drafts: drafts.map((record) => record.document),
  });
  const failures: SimulationFailure[] = [...invalid, ...result.failures];
  const id = `sim_${randomUUID()}`;
  const simulation: SimulationRecord = {
    _id: id,
    versions: drafts.map((record) => ({
      key: record.key,
      version: record.version,
      kind: record.kind,
      status: record.status,
      contentHash: record.contentHash,
    })),
    contents: drafts.map(simulatedContent),
    period: { start: request.period.start, end: request.period.end },
    customerIds: request.customerIds ?? null,
    createdBy: actor.id,
    createdAt: clock.now().toISOString(),
    totals: result.totals,
    customerCount: result.customers.length,
    changedCustomerCount: result.customers.filter((customer) => customer.changedLines.length > 0)
      .length,
    failureCount: failures.length,
    failures: failures.slice(0, MAX_KEPT_FAILURES),
  };
  const customers = result.customers.map((impact, position): SimulationCustomerRecord => ({
    _id: `${id}/${position}`,
    simulationId: id,
    position,
    ...impact,
  }));
  await appendAuditEntry({
    store,
    clock,
    entry: {
      actor,
      action: 'simulation.run',
      target: { type: 'simulation', id },
      // version1, version2, ... in the order of details.versions.
      contentHashes: Object.fromEntries(
        drafts.map((record, index) => [`version${index + 1}`, record.contentHash]),
      ),
      details: {
        versions: drafts.map((record) => `${record.key}@${record.version}`),
        period: `${request.period.start}/${request.period.end}`,
        customers: simulation.customerCount,
        failures: simulation.failureCount,
      },
    },
  });
  for (let start = 0; start < customers.length; start += CHUNK) {
    await simulationCustomers(store).insertMany(customers.slice(start, start + CHUNK));
  }
  // The summary last: a simulation is listed only once all its customers are stored.
  await simulations(store).insertOne(simulation);
  return { simulation, customers };
}

function validateEach(requests: readonly RatingRequest[]): {
  valid: RatingRequest[];
  invalid: SimulationFailure[];
} {
  const valid: RatingRequest[] = [];
  const invalid: SimulationFailure[] = [];
  for (const request of requests) {
    const outcome = validateRatingRequest(request);
    if (outcome.ok) valid.push(outcome.value);
    else
      invalid.push({
        customerId: request.customer.id,
        with: 'customer_data',
        issues: outcome.issues,
      });
  }
  return { valid, invalid };
}
