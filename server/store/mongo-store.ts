// The production store: the port on the official MongoDB driver. Every operation is one driver
// call, so the atomicity of a conditional updateOne or findOneAndUpdate is the server's
// single-document atomicity.
import {
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  type Collection as MongoCollection,
  type Db,
  type Document,
  type Filter as MongoFilter,
  type UpdateFilter,
} from 'mongodb';
import {
  checkCollectionName,
  checkDocument,
  checkFilter,
  checkFindOptions,
  checkIndexSpec,
  checkUpdate,
  upsertSeed,
} from './portable-subset';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type Store,
  type StoredDocument,
  type StoreLogger,
  type Update,
} from './store';

const DUPLICATE_KEY = 11000;
const ID_INDEX_NAME = '_id_';
/** Concurrent upserts of one _id: the losers of the insert race update the winner's document. */
const UPSERT_ATTEMPTS = 5;
const DEFAULT_DATABASE = 'ledgerline';

function isDuplicateKey(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** MongoDB names the index in the message ("... index: number_1 dup key: ..."). */
function indexNamedInMessage(message: string | undefined): string | undefined {
  return message?.match(/ index: (\S+) dup key/)?.[1];
}

/**
 * FerretDB v1 on SQLite reports an update that breaks a unique index as an internal error
 * (code 1) quoting SQLite's "UNIQUE constraint failed: index '<table>_<our index name>'"; the
 * update is rolled back. The SQLite index name, when the error is that one.
 */
function ferretSqliteUniqueIndex(error: unknown): string | undefined {
  if (!(error instanceof MongoServerError) || error.code === DUPLICATE_KEY) return undefined;
  return error.message.match(/UNIQUE constraint failed: index '([^']+)'/)?.[1];
}

function valueAtPath(document: unknown, path: string): unknown {
  let value = document;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

class MongoStoreCollection<T extends StoredDocument> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly collection: MongoCollection<Document>,
  ) {}

  async insertOne(document: T): Promise<void> {
    checkDocument(document);
    try {
      await this.collection.insertOne(document as Document);
    } catch (error) {
      throw await this.translate(error, document);
    }
  }

  async insertMany(documents: T[]): Promise<void> {
    documents.forEach(checkDocument);
    if (documents.length === 0) return;
    try {
      await this.collection.insertMany(documents as Document[], { ordered: true });
    } catch (error) {
      if (error instanceof MongoBulkWriteError) {
        const [first] = [error.writeErrors].flat();
        if (first?.code === DUPLICATE_KEY) {
          const index =
            indexNamedInMessage(first.errmsg) ??
            (await this.indexHoldingKeysOf(documents[first.index]));
          throw new DuplicateKeyError(this.name, index);
        }
      }
      throw await this.translate(error, undefined);
    }
  }

  async findOne(filter: Filter): Promise<T | null> {
    checkFilter(filter);
    return (await this.collection.findOne(filter as MongoFilter<Document>)) as T | null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    checkFilter(filter);
    checkFindOptions(options);
    const cursor = this.collection.find(filter as MongoFilter<Document>);
    if (options.sort && Object.keys(options.sort).length > 0) cursor.sort(options.sort);
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(options.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async count(filter: Filter): Promise<number> {
    checkFilter(filter);
    return await this.collection.countDocuments(filter as MongoFilter<Document>);
  }

  async updateOne(filter: Filter, update: Update): Promise<{ matched: boolean }> {
    checkFilter(filter);
    checkUpdate(update);
    try {
      const result = await this.collection.updateOne(
        filter as MongoFilter<Document>,
        update as UpdateFilter<Document>,
      );
      return { matched: result.matchedCount > 0 };
    } catch (error) {
      throw await this.translate(error, undefined);
    }
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: { upsert?: boolean } = {},
  ): Promise<T | null> {
    checkFilter(filter);
    checkUpdate(update);
    const seed = options.upsert ? upsertSeed(filter) : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.collection.findOneAndUpdate(
          filter as MongoFilter<Document>,
          update as UpdateFilter<Document>,
          { returnDocument: 'after', upsert: Boolean(seed) },
        )) as T | null;
      } catch (error) {
        const translated = await this.translate(error, seed);
        const lostRace =
          seed && translated instanceof DuplicateKeyError && translated.index === ID_INDEX_NAME;
        if (!lostRace || attempt === UPSERT_ATTEMPTS) throw translated;
      }
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    checkFilter(filter);
    return (await this.collection.deleteMany(filter as MongoFilter<Document>)).deletedCount;
  }

  async createIndex(index: IndexSpec): Promise<void> {
    checkIndexSpec(index);
    try {
      await this.collection.createIndex(index.keys, {
        name: index.name,
        unique: Boolean(index.unique),
      });
    } catch (error) {
      // Documents already stored break the new unique index, which is then not created.
      const translated = await this.translate(error, undefined);
      if (translated instanceof DuplicateKeyError) {
        throw new DuplicateKeyError(this.name, index.name);
      }
      throw translated;
    }
  }

  /**
   * A duplicate key becomes DuplicateKeyError naming the index: from MongoDB's message, else
   * from the key pattern, else (FerretDB names neither) the unique index that already holds the
   * keys of the document written, when we know that document.
   */
  private async translate(error: unknown, written: object | undefined): Promise<unknown> {
    const sqliteIndex = ferretSqliteUniqueIndex(error);
    if (sqliteIndex) {
      const indexes = await this.uniqueIndexes();
      const index = indexes
        .filter((candidate) => sqliteIndex.endsWith(`_${candidate.name}`))
        .sort((left, right) => right.name.length - left.name.length)[0];
      return new DuplicateKeyError(this.name, index?.name);
    }
    if (!isDuplicateKey(error)) return error;
    const keyPattern = (error.keyPattern ?? error.errorResponse?.keyPattern) as
      Document | undefined;
    const index =
      indexNamedInMessage(error.errmsg ?? error.message) ??
      (keyPattern ? await this.indexWithKeys(keyPattern) : undefined) ??
      (await this.indexHoldingKeysOf(written));
    return new DuplicateKeyError(this.name, index);
  }

  private async uniqueIndexes(): Promise<Array<{ name: string; key: Document }>> {
    const indexes = await this.collection.listIndexes().toArray();
    return indexes
      .filter((index) => index.name === ID_INDEX_NAME || index.unique === true)
      .map((index) => ({ name: String(index.name), key: index.key as Document }));
  }

  private async indexWithKeys(keyPattern: Document): Promise<string | undefined> {
    const wanted = Object.keys(keyPattern).join(',');
    const indexes = await this.uniqueIndexes();
    return indexes.find((index) => Object.keys(index.key).join(',') === wanted)?.name;
  }

  private async indexHoldingKeysOf(written: object | undefined): Promise<string | undefined> {
    if (!written) return undefined;
    const id = valueAtPath(written, '_id');
    for (const index of await this.uniqueIndexes()) {
      const filter: Document = {};
      for (const path of Object.keys(index.key)) {
        // A unique index counts a missing field as null; a null condition matches both.
        filter[path] = valueAtPath(written, path) ?? null;
      }
      if (index.name !== ID_INDEX_NAME) filter._id = { $ne: id };
      if (await this.collection.findOne(filter, { projection: { _id: 1 } })) return index.name;
    }
    return undefined;
  }
}

export interface MongoStoreOptions {
  /** A MongoDB connection string; the database is the one it names, else "ledgerline". */
  uri: string;
  logger?: StoreLogger;
}

/** The database named in the connection string's path, if any. */
function databaseNamedIn(uri: string): string | undefined {
  const name = uri.match(/^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/)?.[1];
  return name ? decodeURIComponent(name) : undefined;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  // ignoreUndefined: a field set to undefined is left out, as the embedded store does, instead
  // of being stored as null.
  const client = new MongoClient(options.uri, {
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 10_000,
  });
  await client.connect();
  const db: Db = client.db(databaseNamedIn(options.uri) ?? DEFAULT_DATABASE);
  await db.command({ ping: 1 });
  // The connection string may hold credentials: log the database name only.
  options.logger?.info({ store: 'mongodb', database: db.databaseName }, 'MongoDB store opened');

  const collections = new Map<string, MongoStoreCollection<StoredDocument>>();
  return {
    kind: 'mongodb',

    collection<T extends StoredDocument>(name: string): Collection<T> {
      checkCollectionName(name);
      let collection = collections.get(name);
      if (!collection) {
        collection = new MongoStoreCollection(name, db.collection(name));
        collections.set(name, collection);
      }
      return collection as unknown as Collection<T>;
    },

    async ping(): Promise<void> {
      await db.command({ ping: 1 });
    },

    async close(): Promise<void> {
      await client.close();
    },
  };
}
