// The one way integration tests get a store: the embedded store in a fresh temporary folder, or
// MongoDB (the test run's FerretDB, see mongo-global-setup.ts) with a fresh database. Tests
// that run on both use `describe.each(STORE_KINDS)`.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { openStore } from '../../server/store/open-store';
import type { Store } from '../../server/store/store';

export type StoreKind = Store['kind'];
export const STORE_KINDS: readonly StoreKind[] = ['embedded', 'mongodb'];

export interface TestStore {
  /** The open store (a new one after reopen). */
  readonly store: Store;
  /** Closes the store and opens a new one on the same data, as a restart would. */
  reopen(): Promise<Store>;
  /** Closes the store and deletes its data. */
  dispose(): Promise<void>;
}

/** A name no other test uses: tests share a store only by choice. */
export function freshName(prefix = 'c'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'embedded') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerline-store-'));
    const options = { dataDir };
    let store = await openStore(options);
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await openStore(options);
        return store;
      },
      async dispose() {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }

  const database = freshName('test');
  const options = { mongodbUri: `${inject('mongoUri')}${database}`, dataDir: '' };
  let store = await openStore(options);
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = await openStore(options);
      return store;
    },
    async dispose() {
      await store.close();
      const client = new MongoClient(options.mongodbUri);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
