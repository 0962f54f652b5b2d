// A simulation is kept: the review of a version shows the latest simulation of its exact content
// (content hash), and finance can come back to one. The summary is one document; each customer's
// old/new/delta and changed lines are documents of their own (simulation_customers), so a
// simulation over tens of thousands of customers never approaches MongoDB's document size limit.
import type { PolicyKind } from '../rating/types';
import type { ValidationIssue } from '../rating/validation';
import type { CustomerImpact, SimulationResult } from '../policies/simulate-change';

export const SIMULATIONS = 'simulations';
export const SIMULATION_CUSTOMERS = 'simulation_customers';

/** At most this many failures are kept in the summary; failureCount has them all. */
export const MAX_KEPT_FAILURES = 100;

export interface SimulatedVersion {
  key: string;
  version: number;
  kind: PolicyKind;
  /** The version's status when it was simulated. */
  status: string;
  contentHash: string;
}

export interface SimulationRecord {
  /** `sim_` and a random UUID. */
  _id: string;
  versions: SimulatedVersion[];
  /** `${key}@${version}#${contentHash}` of every version: what a review looks its simulation up by. */
  contents: string[];
  period: { start: string; end: string };
  /** The customers asked for; null for every stored customer. */
  customerIds: string[] | null;
  createdBy: string;
  createdAt: string;
  totals: SimulationResult['totals'];
  /** Customers rated both ways. */
  customerCount: number;
  /** Of those, the ones whose invoice would change. */
  changedCustomerCount: number;
  failureCount: number;
  /** The first MAX_KEPT_FAILURES customers that could not be rated, and why. */
  failures: SimulationFailure[];
}

/**
 * A customer left out of the comparison: its stored data does not make a valid rating request,
 * or it cannot be rated with the published versions or with the simulated ones.
 */
export type SimulationFailure =
  | SimulationResult['failures'][number]
  | { customerId: string; with: 'customer_data'; issues: ValidationIssue[] };

export interface SimulationCustomerRecord extends CustomerImpact {
  /** `${simulationId}/${position}` */
  _id: string;
  simulationId: string;
  /** 0, 1, 2, ... in customer id order: the order pages are read in. */
  position: number;
}

export function simulatedContent(version: {
  key: string;
  version: number;
  contentHash: string;
}): string {
  return `${version.key}@${version.version}#${version.contentHash}`;
}
