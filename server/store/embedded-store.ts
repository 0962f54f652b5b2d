// The embedded store: the port on @seald-io/nedb, one append-only datafile per collection under
// the data folder, so that the server runs with one command and no database. One process owns a
// data folder at a time (nedb has no locking between processes).
//
// Atomicity: nedb runs a datastore's operations one after another, and an update finds, checks
// and changes the document inside one operation, so a conditional update is atomic. Matching
// and sorting follow MongoDB (document-matching.ts, document-order.ts) rather than nedb's own
// matcher; nedb gets the filter's plain top-level equalities to pick candidates by index.
import { access, constants, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { lockDataFolder } from './data-folder-lock';
import { closeNedbAppendHandles, keepNedbAppendHandles } from './nedb-append-handles';
import { matchesFilter } from './document-matching';
import { compareBySort } from './document-order';
import {
  checkCollectionName,
  checkDocument,
  checkFilter,
  checkFindOptions,
  checkIndexSpec,
  checkUpdate,
  isOperatorCondition,
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

// nedb's own update function, so that a document created by an upsert is updated exactly as an
// existing one would be.
const nedbModel = createRequire(import.meta.url)('@seald-io/nedb/lib/model.js') as {
  modify(document: object, update: object): Record<string, unknown>;
};

/** The parts of nedb's indexes that name a unique violation (not in its type declarations). */
interface NedbIndex {
  unique: boolean;
  getMatching(key: unknown): unknown[];
}

type NedbDocument = Record<string, unknown>;

const ID_INDEX: IndexSpec = { name: '_id_', keys: { _id: 1 }, unique: true };
/** An upsert that loses a race to insert the same _id updates the document instead. */
const UPSERT_ATTEMPTS = 5;

/** Data folders open in this process: two datastores on one file would corrupt it. */
const openDataDirs = new Set<string>();

function nedbFieldName(index: IndexSpec): string {
  // nedb keys a compound index by its sorted field names joined by commas.
  return Object.keys(index.keys).sort().join(',');
}

/**
 * The fields nedb indexes for an index. A non-unique compound index becomes an index on its
 * first field: nedb uses a compound index only for an equality on every one of its fields, and
 * keeping it up costs a comparison of whole key objects per level of its tree on every write
 * (a third of the time to store a batch of usage events). The first field picks the candidates
 * for equality and $in; the filter does the rest.
 */
function physicalFields(index: IndexSpec): string[] {
  const fields = Object.keys(index.keys);
  return !index.unique && fields.length > 1 ? [fields[0]!] : fields.sort();
}

function sameIndex(left: IndexSpec, right: IndexSpec): boolean {
  return (
    left.name === right.name &&
    Boolean(left.unique) === Boolean(right.unique) &&
    JSON.stringify(left.keys) === JSON.stringify(right.keys)
  );
}

function isUniqueViolation(error: unknown): error is Error & { key: unknown } {
  return (error as { errorType?: unknown } | null)?.errorType === 'uniqueViolated';
}

/** A value nedb compares as MongoDB does: a string, number or boolean (not null). */
function isPlainValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * A range that nedb compares as MongoDB does, so that it may pick the candidates by an index (an
 * invoice run pages through customers by `_id > last`; an audit append reads the entries after
 * the chain's head by `sequence`). Numbers compare alike, and neither store compares a number
 * with a string. nedb compares strings by UTF-16 code units, MongoDB by code points; the two
 * orders agree on any comparison with a string made only of characters below U+D800, whatever
 * the other string holds.
 */
function isSafeRange(condition: unknown): boolean {
  if (!isOperatorCondition(condition)) return false;
  const entries = Object.entries(condition);
  return (
    entries.length > 0 &&
    entries.every(
      ([operator, operand]) =>
        RANGE_OPERATORS.has(operator) &&
        ((typeof operand === 'number' && Number.isFinite(operand)) ||
          (typeof operand === 'string' && !/[\uD800-\uFFFF]/.test(operand))),
    )
  );
}

/**
 * The nedb query for a checked filter: MongoDB semantics through $where, with plain top-level
 * equalities, `$in` lists of strings, numbers and booleans and safe ranges also given to nedb
 * (same meaning there, and they let it use an index: a batch looking up its 500 event ids reads 500 documents,
 * not the collection). null is left out: nedb's null does not match a missing field.
 */
function nedbQuery(filter: Filter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field.includes('.')) continue;
    if (isPlainValue(condition)) query[field] = condition;
    else if (
      isOperatorCondition(condition) &&
      Object.keys(condition).length === 1 &&
      Array.isArray(condition.$in) &&
      condition.$in.every(isPlainValue)
    ) {
      query[field] = { $in: condition.$in };
    } else if (isSafeRange(condition)) {
      query[field] = condition;
    }
  }
  // nedb picks the candidates by the index of the last usable field it is given: by _id alone
  // when the filter names it (one document, or the few listed), not by a field that many share.
  if ('_id' in query) {
    const id = query._id;
    for (const field of Object.keys(query)) delete query[field];
    query._id = id;
  }
  query.$where = function (this: NedbDocument): boolean {
    return matchesFilter(this, filter);
  };
  return query;
}

class EmbeddedCollection<T extends StoredDocument> implements Collection<T> {
  /** Our index names by nedb field name (nedb does not keep names). */
  private readonly indexNames = new Map<string, IndexSpec>([['_id', ID_INDEX]]);
  /** nedb indexes made only to stand in for a non-unique compound index. */
  private readonly standIns = new Set<string>();

  constructor(
    readonly name: string,
    private readonly datastore: Datastore,
    private readonly ready: () => Promise<void>,
  ) {}

  async insertOne(document: T): Promise<void> {
    checkDocument(document);
    await this.ready();
    try {
      await this.datastore.insertAsync(document as unknown as NedbDocument);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async insertMany(documents: T[]): Promise<void> {
    documents.forEach(checkDocument);
    if (documents.length === 0) return;
    await this.ready();
    try {
      // One operation and one append for the lot; nedb inserts all or none of them.
      await this.datastore.insertAsync(documents as unknown as NedbDocument[]);
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw this.translate(error);
    }
    // A duplicate: one by one, as MongoDB's ordered insertMany keeps the documents before it.
    for (const document of documents) await this.insertOne(document);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const [first] = await this.find(filter, { limit: 1 });
    return first ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    checkFilter(filter);
    checkFindOptions(options);
    await this.ready();
    let documents = (await this.datastore.findAsync(nedbQuery(filter))) as unknown as T[];
    if (options.sort && Object.keys(options.sort).length > 0) {
      documents.sort(compareBySort(options.sort));
    }
    const skip = options.skip ?? 0;
    const limit = options.limit ?? 0;
    if (skip > 0 || limit > 0) {
      documents = documents.slice(skip, limit > 0 ? skip + limit : undefined);
    }
    return documents;
  }

  async count(filter: Filter): Promise<number> {
    checkFilter(filter);
    await this.ready();
    return await this.datastore.countAsync(nedbQuery(filter));
  }

  async updateOne(filter: Filter, update: Update): Promise<{ matched: boolean }> {
    checkFilter(filter);
    checkUpdate(update);
    await this.ready();
    try {
      const { numAffected } = await this.datastore.updateAsync(nedbQuery(filter), update, {
        multi: false,
      });
      return { matched: numAffected > 0 };
    } catch (error) {
      throw this.translate(error);
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
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      try {
        const { affectedDocuments } = await this.datastore.updateAsync(nedbQuery(filter), update, {
          multi: false,
          returnUpdatedDocs: true,
        });
        if (affectedDocuments || !seed) return (affectedDocuments as T | null) ?? null;
        const created = nedbModel.modify(seed, update);
        return (await this.datastore.insertAsync(created)) as unknown as T;
      } catch (error) {
        const translated = this.translate(error);
        const lostRace =
          seed && translated instanceof DuplicateKeyError && translated.index === ID_INDEX.name;
        if (!lostRace || attempt === UPSERT_ATTEMPTS) throw translated;
      }
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    checkFilter(filter);
    await this.ready();
    return await this.datastore.removeAsync(nedbQuery(filter), { multi: true });
  }

  async createIndex(index: IndexSpec): Promise<void> {
    checkIndexSpec(index);
    await this.ready();
    const fieldName = nedbFieldName(index);
    const known = this.indexNames.get(fieldName);
    if (known && !sameIndex(known, index)) {
      throw new Error(
        `index ${index.name} on ${this.name}: the index ${known.name} has the same keys`,
      );
    }
    for (const other of this.indexNames.values()) {
      if (other.name === index.name && !sameIndex(other, index)) {
        throw new Error(`index ${index.name} on ${this.name} exists with other keys or options`);
      }
    }
    const fields = physicalFields(index);
    const physical = fields.join(',');
    const existing = this.nedbIndexes()[physical];
    if (fields.length < Object.keys(index.keys).length) {
      // An index on the first field stands in for a non-unique compound one (see physicalFields);
      // one kept from an earlier version of this store is dropped.
      if (this.nedbIndexes()[fieldName]) await this.datastore.removeIndexAsync(fieldName);
      if (!existing)
        await this.datastore.ensureIndexAsync({ fieldName: fields[0]!, unique: false });
      if (!existing) this.standIns.add(physical);
      this.indexNames.set(fieldName, index);
      return;
    }
    if (existing && existing.unique !== Boolean(index.unique)) {
      if (!this.standIns.has(physical)) {
        // Kept in the datafile from an earlier run; MongoDB refuses such a change too.
        throw new Error(`index ${index.name} on ${this.name} exists with other options`);
      }
      // Only a stand-in for a compound index: the unique index serves its queries as well.
      await this.datastore.removeIndexAsync(physical);
      this.standIns.delete(physical);
    }
    try {
      await this.datastore.ensureIndexAsync({
        fieldName: Object.keys(index.keys),
        unique: Boolean(index.unique),
      });
    } catch (error) {
      // Documents already stored break the new unique index: nedb drops it again.
      if (isUniqueViolation(error)) throw new DuplicateKeyError(this.name, index.name);
      throw error;
    }
    this.indexNames.set(fieldName, index);
  }

  private nedbIndexes(): Record<string, NedbIndex> {
    return (this.datastore as unknown as { indexes: Record<string, NedbIndex> }).indexes;
  }

  private translate(error: unknown): unknown {
    if (!isUniqueViolation(error)) return error;
    return new DuplicateKeyError(this.name, this.violatedIndex(error.key));
  }

  /**
   * nedb tells the key that collided, not the index: the index is the unique one whose key has
   * the same shape (a compound key is an object of its fields) and that holds the key.
   */
  private violatedIndex(key: unknown): string | undefined {
    for (const [fieldName, index] of Object.entries(this.nedbIndexes())) {
      if (!index.unique) continue;
      const fields = fieldName.split(',');
      const compoundKey =
        typeof key === 'object' &&
        key !== null &&
        !Array.isArray(key) &&
        Object.keys(key).sort().join(',') === fieldName;
      if (fields.length > 1 && !compoundKey) continue;
      if (index.getMatching(key).length === 0) continue;
      return this.indexNames.get(fieldName)?.name ?? fields.map((field) => `${field}_1`).join('_');
    }
    return undefined;
  }
}

export interface EmbeddedStoreOptions {
  /** The folder of the datafiles, created if missing. */
  dataDir: string;
  logger?: StoreLogger;
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  const dataDir = path.resolve(options.dataDir);
  if (openDataDirs.has(dataDir)) {
    throw new Error(`the embedded store in ${dataDir} is already open in this process`);
  }
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataFolder(dataDir);
  keepNedbAppendHandles();
  openDataDirs.add(dataDir);

  const datastores = new Map<string, { datastore: Datastore; loaded: Promise<void> }>();
  const collections = new Map<string, EmbeddedCollection<StoredDocument>>();
  let closed = false;

  function datastoreFor(name: string) {
    let entry = datastores.get(name);
    if (!entry) {
      const datastore = new Datastore({
        filename: path.join(dataDir, `${name}.db`),
        autoload: true,
        // Without this callback nedb throws a failed load out of reach; the operations on the
        // collection report it instead, through `loaded`.
        onload: () => {},
      });
      entry = { datastore, loaded: datastore.autoloadPromise ?? datastore.loadDatabaseAsync() };
      datastores.set(name, entry);
    }
    return entry;
  }

  options.logger?.info({ store: 'embedded', dataDir }, 'embedded store opened');

  return {
    kind: 'embedded',

    collection<T extends StoredDocument>(name: string): Collection<T> {
      checkCollectionName(name);
      let collection = collections.get(name);
      if (!collection) {
        const { datastore, loaded } = datastoreFor(name);
        collection = new EmbeddedCollection(name, datastore, async () => {
          if (closed) throw new Error('the embedded store is closed');
          await loaded;
        });
        collections.set(name, collection);
      }
      return collection as unknown as Collection<T>;
    },

    async ping(): Promise<void> {
      if (closed) throw new Error('the embedded store is closed');
      await access(dataDir, constants.R_OK | constants.W_OK);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        // Compaction rewrites each datafile with only the live documents, so the append-only
        // files do not grow without end across restarts.
        for (const [name, { datastore, loaded }] of datastores) {
          try {
            await loaded;
            await datastore.compactDatafileAsync();
          } catch (error) {
            options.logger?.warn(
              { store: 'embedded', collection: name, err: error },
              'embedded store: compaction on close failed',
            );
          }
        }
      } finally {
        await closeNedbAppendHandles(dataDir);
        openDataDirs.delete(dataDir);
        await unlock();
      }
    },
  };
}
