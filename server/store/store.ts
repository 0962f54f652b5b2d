// The storage port: the portable subset of MongoDB that every store implements, so the same code
// runs on MongoDB 6+ / Atlas, on MongoDB-wire services such as FerretDB, and on the embedded
// store a newcomer gets without a database.
//
// Portable means: single-document atomic writes only (a conditional updateOne or
// findOneAndUpdate is the unit of consistency: optimistic concurrency with a version field,
// counters with $inc), no multi-document transactions, no Decimal128 (money is decimal strings),
// no $lookup, no TTL indexes, and queries limited to the operators below.

/** Every stored document has a string id chosen by the application. */
export interface StoredDocument {
  _id: string;
}

export type FieldValue = string | number | boolean | null;

/** A comparison on one field (dot paths such as "lifecycle.status" allowed). */
export type FieldCondition =
  | FieldValue
  | {
      $eq?: FieldValue;
      $ne?: FieldValue;
      $in?: FieldValue[];
      $nin?: FieldValue[];
      $gt?: FieldValue;
      $gte?: FieldValue;
      $lt?: FieldValue;
      $lte?: FieldValue;
      $exists?: boolean;
    };

/** Field conditions, all of which must hold. */
export type Filter = Record<string, FieldCondition>;

export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
}

export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
}

export interface IndexSpec {
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name: string;
}

/** A unique index refused a write; `index` names it. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly index: string | undefined,
  ) {
    super(`duplicate key in ${collection}${index ? ` (index ${index})` : ''}`);
    this.name = 'DuplicateKeyError';
  }
}

export interface Collection<T extends StoredDocument> {
  readonly name: string;
  /** Throws DuplicateKeyError when a unique index (or _id) already holds the key. */
  insertOne(document: T): Promise<void>;
  /** Inserts several; stops at the first duplicate, which it throws (earlier ones stay). */
  insertMany(documents: T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /** Atomic on one document: applies the update only if the filter matches it. */
  updateOne(filter: Filter, update: Update): Promise<{ matched: boolean }>;
  /**
   * Atomic on one document: the document after the update, or null when nothing matched. With
   * upsert, a missing document is created from the equality conditions of the filter.
   */
  findOneAndUpdate(
    filter: Filter,
    update: Update,
    options?: { upsert?: boolean },
  ): Promise<T | null>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(index: IndexSpec): Promise<void>;
}

export interface Store {
  /** "mongodb" or "embedded", for health reports and logs. */
  readonly kind: 'mongodb' | 'embedded';
  collection<T extends StoredDocument>(name: string): Collection<T>;
  /** Answers when the store can serve requests; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
