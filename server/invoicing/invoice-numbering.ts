// Invoice numbers: sequential per series with no gaps (INV-2026-000001, INV-2026-000002, ...),
// given to a document when it is finalized. The law in many countries requires both: every
// number used, none twice, in the order invoices were issued.
//
// Without multi-document transactions, taking a number and writing it onto the invoice are two
// writes, and a process killed between them must leave neither a gap nor a number used twice.
// So a number is first *claimed* on the series' counter ({ next, claim: { documentId, number } }),
// then written onto the document, then the claim is released and `next` moves on. Whoever finds
// a claim left behind (the same process after a restart, or a concurrent finalizer) completes
// it: it writes the claimed number onto its document if that document has none, and releases
// the claim, moving `next` on only if the number was used. Every step is a conditional write on
// one document, so running it again, or twice at once, changes nothing more.
//
// A caller may ask for more to be written with the number, in the same write (an invoice is
// finalized and sealed as it is numbered): written only by the call that claimed the number and
// only if the document is still as the caller saw it; otherwise the number is written alone, and
// the caller does the rest from the stored document.
//
// Within one process, numbers of a series are taken one at a time: calls at once would only
// undo each other's claims and try again (correctness never depends on it: other processes).
import {
  DuplicateKeyError,
  type Filter,
  type Store,
  type StoredDocument,
  type Update,
} from '../store/store';

export const INVOICE_SERIES = 'invoice_series';

export interface SeriesRecord extends StoredDocument {
  /** The series, such as INV-2026. */
  _id: string;
  /** The number the next document of the series gets. */
  next: number;
  /** A number taken and not yet known to be written onto its document. */
  claim?: { documentId: string; number: number } | null;
}

/** The fields numbering writes onto a document of the numbered collection. */
export interface NumberedFields {
  number?: string;
  /** The position in the series, for ordering and checks. */
  sequence?: number;
  series?: string;
}

export interface AssignNumberOptions {
  store: Store;
  /** The collection of the documents numbered, such as invoices. */
  collection: string;
  documentId: string;
  /** INV-2026: letters, digits and "-", ending with the year or whatever the series is per. */
  series: string;
  /** Written with the number by the call that claims it, if the document still matches `when`. */
  together?: {
    when: Filter;
    update: (numbered: Required<NumberedFields>) => Required<Pick<Update, '$set'>> & Update;
  };
}

export interface AssignedNumber {
  number: string;
  /** Whether `together` was written with it. */
  together: boolean;
}

const inProcess = new Map<string, Promise<unknown>>();

/** Runs numbering calls of a series one after another within this process. */
function oneAtATime<T>(series: string, work: () => Promise<T>): Promise<T> {
  const previous = inProcess.get(series) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  inProcess.set(series, settled);
  void settled.then(() => {
    if (inProcess.get(series) === settled) inProcess.delete(series);
  });
  return next;
}

const SERIES_PATTERN = /^[A-Z][A-Z0-9-]{0,30}$/;
const DIGITS = 6;

/** INV-2026 and 42 -> INV-2026-000042 */
export function formatInvoiceNumber(series: string, sequence: number): string {
  return `${series}-${String(sequence).padStart(DIGITS, '0')}`;
}

/**
 * The document's number: the one it has, or the next of the series, written onto it. Throws a
 * RangeError for a series that is not upper-case letters, digits and "-", and an Error when the
 * document does not exist.
 */
export async function assignInvoiceNumber(options: AssignNumberOptions): Promise<string> {
  return (await assignNumber(options)).number;
}

/** assignInvoiceNumber, saying whether what was asked `together` was written with the number. */
export function assignNumber(options: AssignNumberOptions): Promise<AssignedNumber> {
  if (!SERIES_PATTERN.test(options.series)) {
    throw new RangeError(`series "${options.series}" must be upper-case letters, digits and "-"`);
  }
  return oneAtATime(options.series, () => takeNumber(options));
}

async function takeNumber(options: AssignNumberOptions): Promise<AssignedNumber> {
  const { store, collection, documentId, series } = options;
  const documents = store.collection<StoredDocument & NumberedFields>(collection);
  const counters = store.collection<SeriesRecord>(INVOICE_SERIES);
  for (;;) {
    const document = await documents.findOne({ _id: documentId });
    if (!document) throw new Error(`there is no document ${documentId} in ${collection} to number`);
    if (document.number !== undefined) {
      // Numbered, but a crash may have left its claim on the counter: release it now rather
      // than at the series' next number, so the counter says what is used.
      const own = await counters.findOne({ _id: document.series ?? series });
      if (own?.claim?.documentId === documentId) {
        await completeClaim({ ...options, series: own._id, counter: own });
      }
      return { number: document.number, together: false };
    }
    const counter = await counters.findOne({ _id: series });
    if (counter === null) {
      await startSeries(store, series);
      continue;
    }
    if (counter.claim) {
      // Another's, left by a crash or taken by another process: completed without `together`.
      const { together: _notOurs, ...alone } = options;
      await completeClaim({ ...alone, counter });
      continue;
    }
    const claim = { documentId, number: counter.next };
    const claimed = await counters.updateOne(
      { _id: series, next: counter.next, claim: null },
      { $set: { claim } },
    );
    if (claimed.matched) {
      const together = await completeClaim({ ...options, counter: { ...counter, claim } });
      if (together) return { number: formatInvoiceNumber(series, claim.number), together };
    }
  }
}

/**
 * Completes every claim left on a counter of the collection's documents (a process killed after
 * writing a number, before releasing it, when nothing numbers that document again: it is
 * finalized). Run when a run starts and ends, so counters say what is used.
 */
export async function completeLeftClaims(store: Store, collection: string): Promise<void> {
  const counters = store.collection<SeriesRecord>(INVOICE_SERIES);
  for (const counter of await counters.find({ claim: { $ne: null } })) {
    if (counter.claim) {
      await completeClaim({
        store,
        collection,
        documentId: counter.claim.documentId,
        series: counter._id,
        counter,
      });
    }
  }
}

/** A series starts at 1; when two documents start it at once, one insert wins and both go on. */
async function startSeries(store: Store, series: string): Promise<void> {
  try {
    await store.collection<SeriesRecord>(INVOICE_SERIES).insertOne({
      _id: series,
      next: 1,
      claim: null,
    });
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}

/**
 * Finishes a claim: writes its number onto its document unless the document already has a
 * number (or is gone), with `together` if asked and the document still matches, then releases
 * the claim, moving `next` on only when the number is used. True when `together` was written.
 */
async function completeClaim(
  options: AssignNumberOptions & { counter: SeriesRecord },
): Promise<boolean> {
  const { store, collection, series, counter, together } = options;
  const claim = counter.claim!;
  const documents = store.collection<StoredDocument & NumberedFields>(collection);
  const number = formatInvoiceNumber(series, claim.number);
  const fields = { number, sequence: claim.number, series };
  const unnumbered = { _id: claim.documentId, number: { $exists: false } };
  let joined = false;
  if (together !== undefined) {
    const extra = together.update(fields);
    joined = (
      await documents.updateOne(
        { ...together.when, ...unnumbered },
        { ...extra, $set: { ...extra.$set, ...fields } },
      )
    ).matched;
  }
  if (!joined) await documents.updateOne(unnumbered, { $set: fields });
  const used = joined || (await documents.findOne({ _id: claim.documentId }))?.number === number;
  await store.collection<SeriesRecord>(INVOICE_SERIES).updateOne(
    {
      _id: series,
      next: counter.next,
      'claim.documentId': claim.documentId,
      'claim.number': claim.number,
    },
    { $set: { next: used ? claim.number + 1 : claim.number, claim: null } },
  );
  return joined;
}
