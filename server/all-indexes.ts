// Every index the platform keeps, for ensureIndexes at start-up (and for benchmarks, which must
// pay for the same indexes the server does).
import { AUDIT_INDEXES } from './audit';
import { AUTH_INDEXES } from './auth';
import { CUSTOMER_INDEXES } from './customers/customer-indexes';
import { DISPUTE_INDEXES } from './disputes/dispute-records';
import { DELIVERY_INDEXES } from './invoicing/delivery/delivery-indexes';
import { INVOICING_INDEXES } from './invoicing/invoicing-indexes';
import { METERING_INDEXES } from './metering/metering-indexes';
import { POLICY_INDEXES } from './policies/policy-indexes';
import { SIMULATION_INDEXES } from './simulations/simulation-indexes';
import type { CollectionIndex } from './store/ensure-indexes';
import { TEMPLATE_INDEXES } from './templates/template-indexes';

export const ALL_INDEXES: readonly CollectionIndex[] = [
  ...AUDIT_INDEXES,
  ...POLICY_INDEXES,
  ...TEMPLATE_INDEXES,
  ...AUTH_INDEXES,
  ...CUSTOMER_INDEXES,
  ...METERING_INDEXES,
  ...INVOICING_INDEXES,
  ...DELIVERY_INDEXES,
  ...SIMULATION_INDEXES,
  ...DISPUTE_INDEXES,
];
