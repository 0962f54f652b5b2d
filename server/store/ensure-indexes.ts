// Creates every collection's indexes at start-up. Each domain declares its own list (for example
// a unique index on the usage event id per customer, on the invoice number), and the server
// passes all the lists here before it serves requests.
import type { IndexSpec, Store } from './store';

export interface CollectionIndex {
  collection: string;
  index: IndexSpec;
}

/** Idempotent: an index that exists with the same specification is left as it is. */
export async function ensureIndexes(
  store: Store,
  specs: readonly CollectionIndex[],
): Promise<void> {
  for (const { collection, index } of specs) {
    try {
      await store.collection(collection).createIndex(index);
    } catch (error) {
      throw new Error(`index ${index.name} on ${collection} could not be created`, {
        cause: error,
      });
    }
  }
}
