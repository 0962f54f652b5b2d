// Storage of the audit log: each function is one query (or one conditional write) on the two
// audit collections, through the store port. Appends and purges never need more than
// single-document atomicity: the unique sequence makes appends race-safe and the checkpoints
// move only by conditional updates.
import { DuplicateKeyError, type Filter, type Store } from '../store/store';
import {
  AUDIT_CHECKPOINTS_COLLECTION,
  AUDIT_LOG_COLLECTION,
  type AuditCheckpointDocument,
  type AuditEntry,
  type ChainPoint,
} from './audit-entry';

const auditLog = (store: Store) => store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);
const checkpoints = (store: Store) =>
  store.collection<AuditCheckpointDocument>(AUDIT_CHECKPOINTS_COLLECTION);

/** The entry with the highest numeric sequence (a range never matches a value of another type). */
/**
 * The last entry after the given sequence (the head: every append moves it, so only entries of
 * appends that have not moved it yet are read, not the whole log, which the embedded store would
 * sort whole for a limit of one).
 */
export async function findLastEntry(store: Store, after = 0): Promise<AuditEntry | null> {
  const [last] = await auditLog(store).find(
    { sequence: { $gt: after } },
    { sort: { sequence: -1 }, limit: 1 },
  );
  return last ?? null;
}

/** The purge checkpoint and the head, each null until first written. */
export async function findChainBounds(
  store: Store,
): Promise<{ checkpoint: ChainPoint | null; head: ChainPoint | null }> {
  const documents = await checkpoints(store).find({});
  const point = (id: AuditCheckpointDocument['_id']): ChainPoint | null => {
    const document = documents.find((candidate) => candidate._id === id);
    return document ? { sequence: document.sequence, hash: document.hash } : null;
  };
  return { checkpoint: point('purge'), head: point('head') };
}

/** Throws DuplicateKeyError when another append took the sequence first. */
export async function insertEntry(store: Store, entry: AuditEntry): Promise<void> {
  await auditLog(store).insertOne(entry);
}

/**
 * Moves the head forward to the entry, never back: concurrent appends may finish out of order.
 * The head is written after the entry, so it may lag behind the log but never lead it.
 */
export async function advanceHead(store: Store, entry: ChainPoint, movedAt: string): Promise<void> {
  const moveTo = { sequence: entry.sequence, hash: entry.hash, movedAt };
  const ahead = { _id: 'head', sequence: { $lt: entry.sequence } };
  if ((await checkpoints(store).updateOne(ahead, { $set: moveTo })).matched) return;
  try {
    await checkpoints(store).insertOne({ _id: 'head', ...moveTo });
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    // The head exists: at or past this entry already, or created by a concurrent first append.
    await checkpoints(store).updateOne(ahead, { $set: moveTo });
  }
}

/**
 * Moves the purge checkpoint from where it was read to `to`, only if no other purge moved it in
 * between; false when one did.
 */
export async function movePurgeCheckpoint(
  store: Store,
  { from, to, movedAt }: { from: ChainPoint | null; to: ChainPoint; movedAt: string },
): Promise<boolean> {
  const moveTo = { sequence: to.sequence, hash: to.hash, movedAt };
  if (from) {
    const moved = await checkpoints(store).updateOne(
      { _id: 'purge', sequence: from.sequence, hash: from.hash },
      { $set: moveTo },
    );
    return moved.matched;
  }
  try {
    await checkpoints(store).insertOne({ _id: 'purge', ...moveTo });
    return true;
  } catch (error) {
    if (error instanceof DuplicateKeyError) return false;
    throw error;
  }
}

/** Deletes entries up to `sequence` that were written before `before`, and only those. */
export async function deleteEntriesThrough(
  store: Store,
  { sequence, before }: { sequence: number; before: string },
): Promise<number> {
  return auditLog(store).deleteMany({ sequence: { $lte: sequence }, at: { $lt: before } });
}

/**
 * Entries after a sequence, in sequence order, a page at a time so that memory stays flat
 * however long the log is.
 */
export async function* readEntriesInOrder(
  store: Store,
  {
    after = 0,
    filter = {},
    pageSize = 500,
  }: { after?: number; filter?: Filter; pageSize?: number },
): AsyncGenerator<AuditEntry> {
  let last = after;
  for (;;) {
    const page = await auditLog(store).find(
      { ...filter, sequence: { $gt: last } },
      { sort: { sequence: 1 }, limit: pageSize },
    );
    yield* page;
    const lastOfPage = page.at(-1);
    if (page.length < pageSize || lastOfPage === undefined) return;
    last = lastOfPage.sequence;
  }
}

/**
 * Every stored entry, whatever its sequence holds (a number, a string, nothing): verification
 * reads them all at once when something is wrong, to say what.
 */
export async function readAllEntries(store: Store): Promise<AuditEntry[]> {
  return auditLog(store).find({}, { sort: { sequence: 1, _id: 1 } });
}
