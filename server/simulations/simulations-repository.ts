// Queries of the simulations and simulation_customers collections.
import type { Store } from '../store/store';
import {
  SIMULATION_CUSTOMERS,
  SIMULATIONS,
  simulatedContent,
  type SimulationCustomerRecord,
  type SimulationRecord,
} from './simulation-record';

export function simulations(store: Store) {
  return store.collection<SimulationRecord>(SIMULATIONS);
}

export function simulationCustomers(store: Store) {
  return store.collection<SimulationCustomerRecord>(SIMULATION_CUSTOMERS);
}

export function findSimulation(store: Store, id: string) {
  return simulations(store).findOne({ _id: id });
}

/** The simulations that included this exact content of a version, newest first. */
export function findSimulationsOf(
  store: Store,
  version: { key: string; version: number; contentHash: string },
  limit: number,
) {
  return simulations(store).find(
    { contents: simulatedContent(version) },
    { sort: { createdAt: -1, _id: 1 }, limit },
  );
}

/** One page of a simulation's customers, in customer id order. */
export function findSimulationCustomers(
  store: Store,
  simulationId: string,
  page: { offset: number; limit: number },
) {
  return simulationCustomers(store).find(
    { simulationId, position: { $gte: page.offset } },
    { sort: { position: 1 }, limit: page.limit },
  );
}
