// The compiled policy set the rating API uses, kept between requests: compiling every version
// on every request would cost more than the rating. A publication in this process drops it at
// once; other processes (several API instances on one database) pick changes up within `maxAgeMs`.
import type { Clock } from '../audit';
import type { PolicySet } from '../rating/policy-set';
import type { Store } from '../store/store';
import { loadRatablePolicies } from './load-ratable-policies';

export class RatablePolicyCache {
  private cached: { set: PolicySet; loadedAt: number } | undefined;
  private loading: Promise<PolicySet> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly maxAgeMs = 30_000,
  ) {}

  async get(): Promise<PolicySet> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.loadedAt < this.maxAgeMs) return this.cached.set;
    // One load at a time, shared by the requests that arrive meanwhile.
    this.loading ??= loadRatablePolicies(this.store)
      .then((set) => {
        this.cached = { set, loadedAt: now };
        return set;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
