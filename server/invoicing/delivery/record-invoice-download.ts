// A download of an issued invoice's PDF through the API is a delivery too: audited with who took
// it and the SHA-256 of the bytes they got, so that "which document did the customer's system
// receive, and when" has the same answer for a download as for an e-mail or a webhook.
import { appendAuditEntry, type AuditActor, type Clock } from '../../audit';
import type { Store } from '../../store/store';

export async function recordInvoiceDownload(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  invoiceId: string;
  sha256: string;
}): Promise<void> {
  const { store, clock, actor, invoiceId, sha256 } = options;
  await appendAuditEntry({
    store,
    clock,
    entry: {
      actor,
      action: 'invoice.downloaded',
      target: { type: 'invoice', id: invoiceId },
      contentHashes: { pdf: sha256 },
    },
  });
}
