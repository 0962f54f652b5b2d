// The one way tests build the server's AppContext: the config from an environment (empty by
// default), a silent logger, the real policy cache and the real authenticator on the given store
// and clock. A test that needs its own authenticator (or any other part) passes it and it wins.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../server/api/app-context';
import { FolderBlobStore } from '../../server/store/blob-store';
import { createRequestAuthenticator } from '../../server/api/authenticate-request';
import type { Clock } from '../../server/audit';
import { loadConfig } from '../../server/config/config';
import { InvoiceRunner } from '../../server/invoicing/invoice-runner';
import { DEFAULT_MAX_ATTEMPTS } from '../../server/invoicing/delivery/delivery-backoff';
import { ChromiumPdfRenderer } from '../../server/invoicing/pdf-renderer';
import { createLogger } from '../../server/logging/create-logger';
import { aggregateAllPendingUsage } from '../../server/metering/aggregate-usage';
import { RatablePolicyCache } from '../../server/policies/ratable-policy-cache';
import type { Store } from '../../server/store/store';

export type TestAppContextOptions = {
  store: Store;
  clock: Clock;
  /** The environment loadConfig reads; empty (the defaults) unless given. */
  config?: Record<string, string>;
} & Partial<Omit<AppContext, 'store' | 'clock' | 'config'>>;

export function testAppContext(options: TestAppContextOptions): AppContext {
  const { store, clock, config: env = {}, ...overrides } = options;
  const config = loadConfig(env);
  const logger = overrides.logger ?? createLogger({ level: 'silent' });
  const ratablePolicies = overrides.ratablePolicies ?? new RatablePolicyCache(store, clock);
  // Aggregation on demand only, so a test sees exactly the passes it asks for.
  const usageAggregator = overrides.usageAggregator ?? {
    nudge: () => undefined,
    drain: async () => {
      await aggregateAllPendingUsage({ store, clock, abandonedBefore: clock.now().toISOString() });
    },
  };
  return {
    config,
    logger,
    store,
    clock,
    // Built only when not overridden, so a stub store is never touched by parts a test replaces.
    ratablePolicies,
    authenticate: overrides.authenticate ?? createRequestAuthenticator({ store, clock }),
    // Chromium starts only on a first PDF: tests that render one pass a renderer they close.
    pdfRenderer:
      overrides.pdfRenderer ??
      new ChromiumPdfRenderer({ executablePath: config.chromiumPath, pages: 1 }),
    // A folder of its own per context, under the system's temporary folder.
    blobs:
      overrides.blobs ??
      new FolderBlobStore(join(tmpdir(), `ledgerline-blobs-${randomBytes(6).toString('hex')}`)),
    usageAggregator,
    invoiceRunner:
      overrides.invoiceRunner ??
      new InvoiceRunner({
        store,
        clock,
        logger,
        policies: () => ratablePolicies.get(),
        drainUsage: () => usageAggregator.drain(),
      }),
    // Delivery on demand only: a test runs the worker's passes itself and passes it here.
    deliveryWorker: overrides.deliveryWorker ?? {
      nudge: () => undefined,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
    },
    ...(overrides.editorDir !== undefined && { editorDir: overrides.editorDir }),
  };
}
