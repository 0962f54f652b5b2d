// An invoice's PDF: printed once from the published invoice template in force on its issue date
// (a credit note's from the credit-note template; a debit note is an invoice for the difference),
// kept in the blob store under its SHA-256 (recorded on the invoice), and read back from there
// ever after, so that every download is the same bytes. Only finalized invoices are printed: a
// draft is not a document anyone receives.
import type { Clock } from '../audit';
import { AppError } from '../errors/app-error';
import { meters } from '../metering/meters-repository';
import type { BlobStore } from '../store/blob-store';
import type { Store } from '../store/store';
import { renderTemplate } from '../templates/render-template';
import { TEMPLATE_FAMILY } from '../templates/template-version';
import { listEffectiveVersions } from '../versioning/versions-repository';
import { creditNoteContext, invoiceContext } from './invoice-context';
import { INVOICES, type InvoiceRecord } from './invoice-records';
import type { PdfRenderer } from './pdf-renderer';
import { findSellerSettings } from './seller-settings';

export interface InvoicePdf {
  bytes: Buffer;
  sha256: string;
  fileName: string;
}

export interface InvoicePdfOptions {
  store: Store;
  clock: Clock;
  blobs: BlobStore;
  pdfRenderer: PdfRenderer;
  invoiceId: string;
}

export async function invoicePdf(options: InvoicePdfOptions): Promise<InvoicePdf> {
  const { store, blobs, invoiceId } = options;
  const invoices = store.collection<InvoiceRecord>(INVOICES);
  const invoice = await invoices.findOne({ _id: invoiceId });
  if (invoice === null) throw new AppError('not_found', `there is no invoice "${invoiceId}"`);
  if (invoice.status !== 'finalized') {
    throw new AppError(
      'conflict',
      `invoice "${invoiceId}" is a draft: only issued invoices have a PDF`,
    );
  }
  const fileName = `${invoice.number}.pdf`;
  if (invoice.pdf !== undefined) {
    const bytes = await blobs.get(invoice.pdf.sha256);
    if (bytes === undefined)
      throw new Error(`the PDF of invoice ${invoiceId} is missing from the blob store`);
    return { bytes, sha256: invoice.pdf.sha256, fileName };
  }
  const bytes = await printInvoice(options, invoice);
  const blob = await blobs.put(bytes);
  const { matched } = await invoices.updateOne(
    { _id: invoiceId, status: 'finalized', pdf: { $exists: false } },
    {
      $set: {
        pdf: {
          sha256: blob.sha256,
          size: blob.size,
          renderedAt: options.clock.now().toISOString(),
        },
      },
    },
  );
  // Printed at the same time elsewhere: the first one kept is the invoice's PDF.
  if (!matched) return await invoicePdf(options);
  return { bytes, sha256: blob.sha256, fileName };
}

async function printInvoice(options: InvoicePdfOptions, invoice: InvoiceRecord): Promise<Buffer> {
  const { store } = options;
  const settings = await findSellerSettings(store);
  if (settings === null) {
    throw new AppError(
      'conflict',
      'the seller settings are not set: an invoice cannot be printed without who issues it (PUT /api/v1/settings/seller)',
    );
  }
  const key = invoice.kind === 'credit_note' ? 'credit-note' : 'invoice';
  const issuedAt = Date.parse(invoice.finalizedAt!);
  const template = (await listEffectiveVersions(store, TEMPLATE_FAMILY))
    .filter(
      (version) =>
        version.key === key &&
        version.publication !== undefined &&
        Date.parse(version.publication.effectiveFrom) <= issuedAt,
    )
    .at(-1);
  if (template === undefined) {
    throw new AppError(
      'conflict',
      `no ${key} template was published for the issue date of ${invoice.number}`,
    );
  }
  const units = new Map(
    (await meters(store).find({}))
      .filter((meter) => meter.unit !== undefined)
      .map((meter) => [meter._id, meter.unit!]),
  );
  const context =
    invoice.kind === 'credit_note'
      ? creditNoteContext({
          note: invoice,
          invoice: (await store
            .collection<InvoiceRecord>(INVOICES)
            .findOne({ _id: invoice.references!.invoiceId }))!,
          settings,
          units,
        })
      : invoiceContext({ invoice, settings, units });
  const rendered = renderTemplate({ template: template.document, context });
  if (!rendered.ok) {
    throw new AppError(
      'conflict',
      `the published ${key} template (version ${template.version}) does not render ${invoice.number}: ${rendered.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  return await options.pdfRenderer.render(rendered.html);
}
