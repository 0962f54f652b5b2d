import type { Request } from 'express';
import type { Clock } from '../audit';
import type { Principal } from '../auth/permissions';
import type { Config } from '../config/config';
import type { PdfRenderer } from '../invoicing/pdf-renderer';
import type { Logger } from '../logging/create-logger';
import type { UsageAggregator } from '../metering/usage-aggregator';
import type { InvoiceRunner } from '../invoicing/invoice-runner';
import type { InvoiceDeliveryWorker } from '../invoicing/delivery/invoice-delivery-worker';
import type { RatablePolicyCache } from '../policies/ratable-policy-cache';
import type { BlobStore } from '../store/blob-store';
import type { Store } from '../store/store';

/** What every route and use case gets: passed explicitly, never a global. */
export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  /** The time now; tests pass a fixed clock. */
  clock: Clock;
  ratablePolicies: RatablePolicyCache;
  /** Turns ready usage batches into daily aggregates; nudged after each batch. */
  usageAggregator: Pick<UsageAggregator, 'nudge' | 'drain'>;
  /** Starts invoice runs and executes them in the background. */
  invoiceRunner: Pick<InvoiceRunner, 'startRun' | 'idle'>;
  /** Delivers issued invoices (e-mail, webhooks); nudged after a redelivery. */
  deliveryWorker: Pick<InvoiceDeliveryWorker, 'nudge' | 'maxAttempts'>;
  /** Invoice PDFs, by SHA-256. */
  blobs: BlobStore;
  /** HTML to PDF (Chromium); started on the first PDF. */
  pdfRenderer: PdfRenderer;
  /** Who is calling: a signed-in user (session cookie) or a service (API key); undefined if nobody. */
  authenticate: (request: Request) => Promise<Principal | undefined>;
  /** The built browser editor (editor/dist), served outside /api; none: the API alone. */
  editorDir?: string;
}
