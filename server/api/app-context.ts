import type { Config } from '../config/config';
import type { Logger } from '../logging/create-logger';
import type { Store } from '../store/store';

/** What every route and use case gets: passed explicitly, never a global. */
export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  /** The time now; tests pass a fixed clock. */
  clock: () => Date;
}
