// Who issues the invoices: the seller's legal name, address, tax id, contact and how to pay, as
// every invoice prints them, and the payment terms that set each invoice's due date. One settings
// document, changed under its revision and audited as settings.changed; invoices cannot be
// printed before it exists.
import type { AuditActor, Clock } from '../audit';
import { canonicalJson } from '../audit/canonical-json';
import { flushPendingAudit, pendingAudit, type PendingAuditEntries } from '../audit/record-outbox';
import { AppError } from '../errors/app-error';
import { SCHEMA_IDS, type ValidationIssue } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { DuplicateKeyError, type Store } from '../store/store';

export const SETTINGS = 'settings';
const SELLER_ID = 'seller';

export interface Seller {
  name: string;
  address: {
    lines: string[];
    city: string;
    postalCode: string | null;
    region: string | null;
    country: string;
  };
  taxId: string | null;
  email: string;
  website: string | null;
  paymentInstructions: string | null;
}

export interface SellerSettingsRecord {
  _id: string;
  seller: Seller;
  /** Days from the issue date to the due date. */
  paymentTermsDays: number;
  updatedAt: string;
  revision: number;
  pendingAudit?: PendingAuditEntries;
}

export type SellerSettings = Pick<SellerSettingsRecord, 'seller' | 'paymentTermsDays'>;

export async function findSellerSettings(store: Store): Promise<SellerSettingsRecord | null> {
  return await store.collection<SellerSettingsRecord>(SETTINGS).findOne({ _id: SELLER_ID });
}

function settingsIssues(seller: unknown, paymentTermsDays: unknown): ValidationIssue[] {
  const issues = validateAgainstSchema(`${SCHEMA_IDS.templateContext}#/$defs/seller`, seller).map(
    (issue) => ({ ...issue, path: issue.path.replace(/^\$/, '$.seller') }),
  );
  if (!(
    Number.isInteger(paymentTermsDays) &&
    (paymentTermsDays as number) >= 0 &&
    (paymentTermsDays as number) <= 365
  )) {
    issues.push({
      path: '$.paymentTermsDays',
      message: 'must be a whole number of days from 0 to 365',
    });
  }
  return issues;
}

/** Writes the settings: created when `revision` is left out, else changed under it. */
export async function saveSellerSettings(options: {
  store: Store;
  clock: Clock;
  actor: AuditActor;
  seller: unknown;
  paymentTermsDays: unknown;
  /** The revision loaded; left out to create the settings. */
  revision?: number;
  reason?: string;
}): Promise<SellerSettingsRecord> {
  const { store, clock, actor, revision } = options;
  const issues = settingsIssues(options.seller, options.paymentTermsDays);
  if (issues.length > 0)
    throw new AppError('invalid_request', 'the settings are invalid', { issues });
  const settings = {
    seller: options.seller as Seller,
    paymentTermsDays: options.paymentTermsDays as number,
  };
  const collection = store.collection<SellerSettingsRecord>(SETTINGS);
  const stored = await collection.findOne({ _id: SELLER_ID });
  const changed = (['seller', 'paymentTermsDays'] as const).filter(
    (field) => stored === null || canonicalJson(stored[field]) !== canonicalJson(settings[field]),
  );
  const audit = pendingAudit({
    actor,
    action: 'settings.changed',
    target: { type: 'settings', id: SELLER_ID },
    reason: options.reason,
    details: { changed: [...changed], revision: (revision ?? 0) + 1 },
  });
  const updatedAt = clock.now().toISOString();
  let saved: SellerSettingsRecord | null;
  if (revision === undefined) {
    saved = { _id: SELLER_ID, ...settings, updatedAt, revision: 1 };
    try {
      await collection.insertOne({ ...saved, pendingAudit: { [audit.id]: audit.entry } });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      throw new AppError(
        'conflict',
        'the seller settings exist: send the revision you loaded to change them',
      );
    }
  } else {
    if (stored !== null && stored.revision === revision && changed.length === 0) return stored;
    saved = await collection.findOneAndUpdate(
      { _id: SELLER_ID, revision },
      { $set: { ...settings, updatedAt, ...audit.set }, $inc: { revision: 1 } },
    );
    if (saved === null) {
      throw new AppError(
        'conflict',
        `someone changed the seller settings since you loaded them (you had revision ${revision}): load them again`,
      );
    }
  }
  await flushPendingAudit({
    store,
    clock,
    collection: SETTINGS,
    documentId: SELLER_ID,
    pending: [audit],
  });
  const { pendingAudit: _pending, ...clean } = saved;
  return clean;
}
