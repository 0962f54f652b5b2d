// Starts the server: the store, its indexes, recovery of audit entries a crash left pending,
// demo data on a fresh embedded store, then HTTP. Stops gracefully: no new connections, requests
// in flight finish (up to the grace period), then the store closes.
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ChromiumPdfRenderer } from './invoicing/pdf-renderer';
import { createApp } from './api/create-app';
import { createHttpServer } from './api/create-http-server';
import { createRequestAuthenticator } from './api/authenticate-request';
import { ALL_INDEXES } from './all-indexes';
import type { Clock } from './audit';
import { recoverPendingAuthAudits } from './auth';
import type { Config } from './config/config';
import { formatDemoCredentials, seedDemoData } from './demo/seed-demo-data';
import type { Logger } from './logging/create-logger';
import { UsageAggregator } from './metering/usage-aggregator';
import { InvoiceRunner } from './invoicing/invoice-runner';
import { InvoiceDeliveryWorker } from './invoicing/delivery/invoice-delivery-worker';
import { SmtpMailSender } from './invoicing/delivery/mail-sender';
import { POLICY_FAMILY } from './policies/policy-version';
import { RatablePolicyCache } from './policies/ratable-policy-cache';
import { scheduleMaintenance } from './run-maintenance';
import { ensureIndexes } from './store/ensure-indexes';
import { TEMPLATE_FAMILY } from './templates/template-version';
import { FolderBlobStore } from './store/blob-store';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import { recoverPendingAudits } from './versioning/recover-pending-audits';
import { recoverPendingCustomerAudits } from './customers/recover-pending-customer-audits';
import { recoverRetentionAudits } from './retention/recover-retention-audits';

/** The example policies of the demo data, next to the sources (a bundle passes its own). */
const EXAMPLES_DIR = fileURLToPath(new URL('../rules/examples/', import.meta.url));
/** The default templates of the demo data, next to the sources (a bundle passes its own). */
const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** The built browser editor (scripts/build-editor.ts writes it; npm start builds it first). */
const EDITOR_DIR = fileURLToPath(new URL('../editor/dist/', import.meta.url));

/** An open usage batch this old, on MongoDB, was left by a writer that crashed. */
const ABANDONED_BATCH_MS = 10 * 60_000;

/**
 * A delivery claimed this long ago, on MongoDB, was being attempted by a process that died: longer
 * than an attempt can take (a webhook's 10 s, SMTP's timeouts, printing the PDF).
 */
const ABANDONED_DELIVERY_MS = 10 * 60_000;

/** Longer than the 60 s idle timeout of common load balancers. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface RunningServer {
  url: string;
  /** The store the server opened: tests reach behind the API with it, as an intruder would. */
  store: Store;
  stop(): Promise<void>;
}

export async function startServer(options: {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Where the one-time demo credentials go (the console, not the log). */
  announce?: (text: string) => void;
  /** The folder of example policies seeded as demo data; next to the sources by default. */
  examplesDir?: string;
  /** The folder of default templates seeded as demo data; next to the sources by default. */
  templatesDir?: string;
  /** The built browser editor; editor/dist next to the sources by default. */
  editorDir?: string;
  /** How often expired sessions and records past retention are cleared (default hourly). */
  maintenanceIntervalMs?: number;
}): Promise<RunningServer> {
  const { config, logger } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  await ensureIndexes(store, ALL_INDEXES);
  const recovered =
    (await recoverPendingAudits({ store, clock, families: [POLICY_FAMILY, TEMPLATE_FAMILY] })) +
    (await recoverPendingAuthAudits({ store, clock })) +
    (await recoverPendingCustomerAudits({ store, clock })) +
    (await recoverRetentionAudits({ store, clock }));
  if (recovered > 0) logger.warn({ recovered }, 'appended audit entries left pending by a crash');
  const pdfRenderer = new ChromiumPdfRenderer({
    executablePath: config.chromiumPath,
    pages: config.pdfPages,
  });
  const startedAt = clock.now().toISOString();
  const usageAggregator = new UsageAggregator({
    store,
    clock,
    logger,
    // The embedded store's data folder belongs to this process: an open batch older than the
    // process was left by a crash. On MongoDB other processes may still be writing theirs.
    abandonedBefore: () =>
      store.kind === 'embedded'
        ? startedAt
        : new Date(clock.now().getTime() - ABANDONED_BATCH_MS).toISOString(),
  });
  const ratablePolicies = new RatablePolicyCache(store, clock);
  const invoiceRunner = new InvoiceRunner({
    store,
    clock,
    logger,
    policies: () => ratablePolicies.get(),
    drainUsage: () => usageAggregator.drain(),
    ...(config.invoiceRunWindow !== undefined && { dailyWindow: config.invoiceRunWindow }),
  });
  const blobs = new FolderBlobStore(config.blobDir);
  if (config.smtpUrl === undefined) {
    logger.warn('SMTP_URL is not set: invoice e-mails are not sent (each is logged as skipped)');
  }
  const deliveryWorker = new InvoiceDeliveryWorker({
    store,
    clock,
    logger,
    blobs,
    pdfRenderer,
    ...(config.smtpUrl !== undefined && { mailSender: new SmtpMailSender(config.smtpUrl) }),
    ...(config.mailFrom !== undefined && { mailFrom: config.mailFrom }),
    // As for usage batches: on the embedded store, a claim older than the process is a dead one.
    abandonedBefore: () =>
      store.kind === 'embedded'
        ? startedAt
        : new Date(clock.now().getTime() - ABANDONED_DELIVERY_MS).toISOString(),
  });
  const app = createApp({
    config,
    logger,
    store,
    clock,
    ratablePolicies,
    pdfRenderer,
    blobs,
    usageAggregator,
    invoiceRunner,
    deliveryWorker,
    authenticate: createRequestAuthenticator({ store, clock }),
    editorDir: options.editorDir ?? EDITOR_DIR,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = createHttpServer(app);
    listening.once('error', reject);
    listening.listen(config.port, config.host, () => resolve(listening));
  });
  // Keep idle keep-alive connections open longer than clients and load balancers do (60 s is
  // common), so that they close first: a server closing an idle connection just as a client sends
  // on it makes that request fail with a connection reset, which for a POST cannot be retried.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  if (store.kind === 'embedded') {
    const examplesDir = options.examplesDir ?? EXAMPLES_DIR;
    const templatesDir = options.templatesDir ?? TEMPLATES_DIR;
    const credentials = await seedDemoData({ store, clock, examplesDir, templatesDir });
    if (credentials) (options.announce ?? console.log)(formatDemoCredentials(credentials, url));
  }
  const stopMaintenance = scheduleMaintenance({
    store,
    clock,
    logger,
    blobs,
    auditRetentionYears: config.auditRetentionYears,
    intervalMs: options.maintenanceIntervalMs ?? 3_600_000,
  });
  // After the demo data: a run interrupted by a crash or a stop goes on from where it was.
  await invoiceRunner.start();
  await deliveryWorker.start();
  logger.info({ url, store: store.kind }, 'ledgerline listening');
  return {
    url,
    store,
    stop: async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, config.shutdownGraceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      await stopMaintenance();
      await invoiceRunner.stop();
      await deliveryWorker.stop();
      await usageAggregator.stop();
      await pdfRenderer.close();
      await store.close();
      logger.info('ledgerline stopped');
    },
  };
}
