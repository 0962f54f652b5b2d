import type { CollectionIndex } from '../store/ensure-indexes';
import { SIMULATION_CUSTOMERS, SIMULATIONS } from './simulation-record';

export const SIMULATION_INDEXES: CollectionIndex[] = [
  {
    collection: SIMULATIONS,
    index: { name: 'contents_created', keys: { contents: 1, createdAt: -1 } },
  },
  {
    collection: SIMULATION_CUSTOMERS,
    index: { name: 'simulation_position', keys: { simulationId: 1, position: 1 }, unique: true },
  },
];
