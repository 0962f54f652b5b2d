// npm run bench:invoice-run
//
// The month-end close: 10,000 billable customers on a fresh embedded store, each on the saas
// example's USD price list (enterprise, Seattle) with a platform subscription from 1 March 2026
// and 30 daily aggregates of VM hours (400 a day), invoiced for March by an invoice run on
// 2 April with the published policies. Seeding is not timed.
//
// seconds: the run end to end (its use case, as the server executes it): reading customers,
// subscriptions and usage a page at a time, rating, writing each draft, numbering it in the
// INV-2026 series, sealing it with its content hash and appending its audit entry. Checked:
// 10,000 invoices, numbered 1 to 10,000 without a gap, each 1654.15 USD, worked out by hand: the
// 499.00 platform fee; 12,000 VM hours at 1,000 x 0.05 + 9,000 x 0.042 + 2,000 x 0.035 = 498.00,
// less the 15% enterprise discount (74.70) = 423.30; a true-up of the 1,000.00 usage commitment
// of 576.70; tax 6.5% + 3.85% on each line (51.65 + 43.81 + 59.69 = 155.15).
//
// pdfsPerSecond: then 200 of those invoices printed as a download prints them (published
// template, seller settings, Chromium with a pool of PDF_PAGES pages, the blob store), 4 at a
// time, after 8 for warm-up.
//
// The last line: {"bench":"invoice-run","customers":10000,"seconds":…,"pdfsPerSecond":…}
import { mkdtemp, rm } from 'node:fs/promises';
import { ALL_INDEXES } from '../../server/all-indexes';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import {
  usageDailyId,
  type CustomerRecord,
  type SubscriptionRecord,
  type UsageDailyRecord,
} from '../../server/customers/customer-records';
import { customers, subscriptions, usageDaily } from '../../server/customers/customers-repository';
import { loadConfigFromEnvironment } from '../../server/config/config';
import { DEFAULT_CHROMIUM_PATH } from '../../server/invoicing/chromium';
import { executeInvoiceRun } from '../../server/invoicing/execute-invoice-run';
import { invoicePdf } from '../../server/invoicing/invoice-pdf';
import { INVOICES, type InvoiceRecord } from '../../server/invoicing/invoice-records';
import { ChromiumPdfRenderer } from '../../server/invoicing/pdf-renderer';
import { saveSellerSettings } from '../../server/invoicing/seller-settings';
import { startInvoiceRun } from '../../server/invoicing/start-invoice-run';
import { loadRatablePolicies } from '../../server/policies/load-ratable-policies';
import { POLICY_FAMILY } from '../../server/policies/policy-version';
import { FolderBlobStore } from '../../server/store/blob-store';
import { openEmbeddedStore } from '../../server/store/embedded-store';
import { ensureIndexes } from '../../server/store/ensure-indexes';
import type { Store } from '../../server/store/store';
import { seedDefaultTemplates } from '../../server/templates/seed-default-templates';
import { seedPublishedVersions } from '../../server/versioning/seed-published-versions';

const CUSTOMERS = Number(process.argv[2] ?? 10_000);
const DAYS = 30;
const CHUNK = 2_000;
const PDFS = 200;
const PDF_WARM_UP = 8;
const PDF_CONCURRENCY = 4;
const EXPECTED_TOTAL = '1654.15';
const TARGET_SECONDS = 60;
const TARGET_PDFS_PER_SECOND = 10;
const clock = { now: () => new Date('2026-04-02T09:00:00.000Z') };
const actor = { type: 'system' as const, id: 'bench' };

// Run from the package root (npm run sets the working folder there).
const POLICY_FOLDER = join(process.cwd(), 'rules/examples/saas/policies');
const TEMPLATES_DIR = join(process.cwd(), 'templates');

function customerId(index: number): string {
  return `cus_${String(index).padStart(6, '0')}`;
}

function aCustomer(index: number): CustomerRecord {
  const id = customerId(index);
  return {
    _id: id,
    name: `Customer ${index}`,
    facts: {
      id,
      segment: 'enterprise',
      country: 'US',
      region: 'WA',
      currency: 'USD',
      type: 'business',
      attributes: { city: 'Seattle' },
    },
    promoCodes: [],
    billing: {
      email: `ap@${id}.example`,
      address: {
        lines: [`${index} Pike Street`],
        city: 'Seattle',
        postalCode: '98101',
        region: 'WA',
        country: 'US',
      },
    },
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    revision: 1,
  };
}

function usageOf(index: number): UsageDailyRecord[] {
  return Array.from({ length: DAYS }, (_, offset) => {
    const day = `2026-03-${String(offset + 1).padStart(2, '0')}`;
    const usage = {
      meter: 'vm_hours',
      date: day,
      quantity: '400',
      dimensions: { region: 'us-west-2' },
    };
    return {
      _id: usageDailyId(customerId(index), day, usage),
      customerId: customerId(index),
      day,
      usage,
    };
  });
}

async function seed(store: Store): Promise<void> {
  await ensureIndexes(store, ALL_INDEXES);
  await seedPublishedVersions({
    store,
    clock,
    family: POLICY_FAMILY,
    documents: readdirSync(POLICY_FOLDER)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => JSON.parse(readFileSync(join(POLICY_FOLDER, file), 'utf8')) as unknown),
    reason: 'bench',
  });
  await seedDefaultTemplates({ store, clock, templatesDir: TEMPLATES_DIR, reason: 'bench' });
  const sample = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'samples/invoice.json'), 'utf8')) as {
    seller: unknown;
  };
  await saveSellerSettings({ store, clock, actor, seller: sample.seller, paymentTermsDays: 30 });
  for (let start = 0; start < CUSTOMERS; start += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, CUSTOMERS - start) }, (_, k) => start + k);
    await customers(store).insertMany(indexes.map(aCustomer));
    await subscriptions(store).insertMany(
      indexes.map((index): SubscriptionRecord => ({
        _id: `${customerId(index)}/platform`,
        customerId: customerId(index),
        subscription: {
          id: 'platform',
          product: 'platform',
          type: 'recurring',
          start: '2026-03-01',
        },
      })),
    );
    await usageDaily(store).insertMany(indexes.flatMap(usageOf));
  }
}

async function checkInvoices(store: Store): Promise<InvoiceRecord[]> {
  const invoices = await store
    .collection<InvoiceRecord>(INVOICES)
    .find({}, { sort: { sequence: 1 } });
  if (invoices.length !== CUSTOMERS)
    throw new Error(`${invoices.length} invoices, expected ${CUSTOMERS}`);
  invoices.forEach((invoice, index) => {
    const expected = `INV-2026-${String(index + 1).padStart(6, '0')}`;
    if (invoice.number !== expected || invoice.status !== 'finalized') {
      throw new Error(
        `invoice ${invoice._id} is ${invoice.status} ${invoice.number}, expected finalized ${expected}`,
      );
    }
    if (invoice.rating.totals.total !== EXPECTED_TOTAL) {
      throw new Error(
        `invoice ${invoice._id} totals ${invoice.rating.totals.total}, expected ${EXPECTED_TOTAL}`,
      );
    }
  });
  return invoices;
}

async function printPdfs(
  store: Store,
  invoices: InvoiceRecord[],
  blobDir: string,
): Promise<number> {
  const pages = loadConfigFromEnvironment().pdfPages;
  const renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages });
  const blobs = new FolderBlobStore(blobDir);
  try {
    const print = (invoice: InvoiceRecord) =>
      invoicePdf({ store, clock, blobs, pdfRenderer: renderer, invoiceId: invoice._id });
    const inBatches = async (list: InvoiceRecord[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: PDF_CONCURRENCY }, async () => {
          while (next < list.length) {
            const pdf = await print(list[next++]!);
            if (pdf.bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
              throw new Error('not a PDF');
          }
        }),
      );
    };
    await inBatches(invoices.slice(0, PDF_WARM_UP));
    const started = performance.now();
    await inBatches(invoices.slice(PDF_WARM_UP, PDF_WARM_UP + PDFS));
    const seconds = (performance.now() - started) / 1000;
    const perSecond = PDFS / seconds;
    console.log(
      `printed ${PDFS} invoice PDFs in ${seconds.toFixed(2)} s with ${pages} pages, ${PDF_CONCURRENCY} at a time: ${perSecond.toFixed(1)} PDFs/s`,
    );
    return perSecond;
  } finally {
    await renderer.close();
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-bench-invoice-run-'));
  const store = await openEmbeddedStore({ dataDir });
  try {
    const seedStarted = performance.now();
    await seed(store);
    console.log(
      `seeded ${CUSTOMERS} customers with ${CUSTOMERS * DAYS} daily usage records in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const run = await startInvoiceRun({ store, clock, actor, trigger: 'manual' });
    const started = performance.now();
    const done = await executeInvoiceRun({
      store,
      clock,
      runId: run._id,
      policies: () => loadRatablePolicies(store),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `invoice run: ${done.counts.invoiced} invoices rated, numbered and sealed in ${seconds.toFixed(2)} s ` +
        `(${Math.round(done.counts.invoiced / seconds)} per second; target ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? 'met' : 'missed'})`,
    );
    const invoices = await checkInvoices(store);
    console.log(
      `checked: INV-2026-000001 to INV-2026-${String(CUSTOMERS).padStart(6, '0')}, each ${EXPECTED_TOTAL} USD`,
    );
    const pdfsPerSecond = await printPdfs(store, invoices, join(dataDir, 'blobs'));
    console.log(
      `PDFs: target ${TARGET_PDFS_PER_SECOND}/s: ${pdfsPerSecond >= TARGET_PDFS_PER_SECOND ? 'met' : 'missed'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'invoice-run',
        customers: CUSTOMERS,
        seconds: Math.round(seconds * 100) / 100,
        pdfsPerSecond: Math.round(pdfsPerSecond * 10) / 10,
      }),
    );
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
