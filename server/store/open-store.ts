// Chooses the store at start-up: MongoDB when a connection string is configured (production),
// else the embedded store persisted under the data folder (a newcomer's first run, demos).
import { openEmbeddedStore } from './embedded-store';
import { openMongoStore } from './mongo-store';
import type { Store, StoreLogger } from './store';

export interface OpenStoreOptions {
  /** MongoDB connection string; without it the embedded store under dataDir is used. */
  mongodbUri?: string;
  /** The embedded store's folder (created if missing); data there survives a restart. */
  dataDir: string;
  logger?: StoreLogger;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.mongodbUri) {
    return await openMongoStore({ uri: options.mongodbUri, logger: options.logger });
  }
  return await openEmbeddedStore({ dataDir: options.dataDir, logger: options.logger });
}
