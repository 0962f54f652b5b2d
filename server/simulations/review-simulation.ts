// Every review carries a simulation: when a version is submitted and nobody has simulated its
// content yet, the server simulates it over every stored customer for the latest complete
// calendar month that has usage (the month before the submission in a running business; the
// demo data's month on a demo store), or the month before the submission when no usage is stored.
import type { AuditActor, Clock } from '../audit';
import { usageDaily } from '../customers/customers-repository';
import type { PolicyVersionRecord } from '../policies/policy-version';
import { addUtcMonths, startOfUtcMonth, toInstant, toMillis } from '../rating/time';
import type { Store } from '../store/store';
import { runSimulation } from './run-simulation';
import type { SimulationRecord } from './simulation-record';
import { findSimulationsOf } from './simulations-repository';

export async function ensureReviewSimulation(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  record: PolicyVersionRecord;
}): Promise<SimulationRecord> {
  const { store, record } = options;
  const [existing] = await findSimulationsOf(store, record, 1);
  if (existing) return existing;
  const { simulation } = await runSimulation({
    ...options,
    request: {
      versions: [{ key: record.key, version: record.version }],
      period: await reviewPeriod(store, options.clock),
    },
  });
  return simulation;
}

/** The latest complete UTC calendar month with usage, else the month before now. */
export async function reviewPeriod(
  store: Store,
  clock: Clock,
): Promise<{ start: string; end: string }> {
  const thisMonth = startOfUtcMonth(clock.now().getTime());
  const [latest] = await usageDaily(store).find(
    { day: { $lt: toInstant(thisMonth).slice(0, 10) } },
    { sort: { day: -1 }, limit: 1 },
  );
  const start = latest ? startOfUtcMonth(toMillis(latest.day)) : addUtcMonths(thisMonth, -1);
  return {
    start: toInstant(start).slice(0, 10),
    end: toInstant(addUtcMonths(start, 1)).slice(0, 10),
  };
}
