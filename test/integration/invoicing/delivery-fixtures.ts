// Delivery tests' fixtures: a store with issued invoices (Acme's March 2026 under the ids given,
// finalized by a real invoice run on 2 April), a real SMTP server in the test process (smtp-server,
// each message parsed with mailparser), a webhook receiver on 127.0.0.1 that answers what the
// test says, and the delivery worker on the test's clock.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../../server/audit';
import { executeInvoiceRun } from '../../../server/invoicing/execute-invoice-run';
import { DELIVERY_INDEXES } from '../../../server/invoicing/delivery/delivery-indexes';
import {
  InvoiceDeliveryWorker,
  type InvoiceDeliveryWorkerOptions,
} from '../../../server/invoicing/delivery/invoice-delivery-worker';
import { saveSellerSettings } from '../../../server/invoicing/seller-settings';
import { startInvoiceRun } from '../../../server/invoicing/start-invoice-run';
import type { PdfRenderer } from '../../../server/invoicing/pdf-renderer';
import { createLogger } from '../../../server/logging/create-logger';
import { loadRatablePolicies } from '../../../server/policies/load-ratable-policies';
import { FolderBlobStore } from '../../../server/store/blob-store';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { addBillableAcme, seedInvoicingStore, sellerSettings } from './invoice-fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** When the invoices are issued: the invoice run on 2 April 2026. */
export const ISSUED_AT = '2026-04-02T09:00:00.000Z';

/** Issues March's invoice of each customer id (a run at ISSUED_AT); the seller is set. */
export async function issueInvoices(store: Store, clock: Clock, ids: string[]): Promise<void> {
  await seedInvoicingStore(store, clock);
  await ensureIndexes(store, DELIVERY_INDEXES);
  for (const id of ids) await addBillableAcme(store, clock, id);
  const actor = { type: 'system' as const, id: 'test-setup' };
  await saveSellerSettings({ store, clock, actor, ...sellerSettings() });
  const run = await startInvoiceRun({ store, clock, actor, trigger: 'manual' });
  await executeInvoiceRun({
    store,
    clock,
    runId: run._id,
    policies: () => loadRatablePolicies(store),
  });
}

/** A renderer for tests that never print: any call is a test failure. */
export const NO_PDFS: PdfRenderer = {
  render: () => Promise.reject(new Error('this test prints no PDF')),
  close: () => Promise.resolve(),
};

export function aDeliveryWorker(
  options: Pick<InvoiceDeliveryWorkerOptions, 'store' | 'clock'> &
    Partial<InvoiceDeliveryWorkerOptions>,
): InvoiceDeliveryWorker {
  return new InvoiceDeliveryWorker({
    logger: createLogger({ level: 'silent' }),
    blobs: new FolderBlobStore(mkdtempSync(join(tmpdir(), 'ledgerline-blobs-'))),
    pdfRenderer: NO_PDFS,
    abandonedBefore: () => options.clock.now().toISOString(),
    webhookTimeoutMs: 5_000,
    ...options,
  });
}

// ------------------------------------------------------------------------------ SMTP

export interface TestSmtpServer {
  url: string;
  messages: ParsedMail[];
  close(): Promise<void>;
}

/** With `refuse`, every recipient is refused with that permanent error (550). */
export async function startSmtpServer(options: { refuse?: string } = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (options.refuse === undefined) return callback();
      const error = new Error(options.refuse) as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ------------------------------------------------------------------------------ webhooks

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestWebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The statuses of the next answers, in order (0: no answer at all); 200 once they run out. */
  answers: number[];
  /** Resolves once this many requests have arrived (within 10 s). */
  receivedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.shift() ?? 200;
      if (status === 0) return;
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ledgerline`,
    received,
    answers,
    receivedCount: async (count) => {
      const deadline = Date.now() + 10_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`${count} webhooks did not arrive`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
