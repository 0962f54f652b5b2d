// The storage port: the portable subset of MongoDB that every store implements, so the same code
// runs on MongoDB 6+ / Atlas, on MongoDB-wire services such as FerretDB, and on the embedded
// store a newcomer gets without a database.
//
// Portable means: single-document atomic writes only (a conditional updateOne or
// findOneAndUpdate is the unit of consistency: optimistic concurrency with a version field,
// counters with $inc), no multi-document transactions, no Decimal128 (money is decimal strings),
// no $lookup, no TTL indexes, and queries limited to the operators below.
//
// Both stores check every filter and update against this subset and throw a TypeError for
// anything outside it, so code that works on the embedded store also works on MongoDB.

/** Every stored document has a string id chosen by the application. */
export interface StoredDocument {
  _id: string;
}

export type FieldValue = string | number | boolean | null;

/**
 * Ranges compare numbers with numbers and strings with strings (by Unicode code point), as
 * MongoDB does; a value of another type never matches a range.
 */
export type RangeValue = string | number;

/**
 * A comparison on one field (dot paths such as "lifecycle.status" allowed). MongoDB semantics:
 * a condition on an array field holds when one of its elements satisfies it (`$ne` and `$nin`
 * when none does), and `null` equality also matches a missing field.
 */
export type FieldCondition =
  | FieldValue
  | {
      $eq?: FieldValue;
      $ne?: FieldValue;
      $in?: FieldValue[];
      $nin?: FieldValue[];
      $gt?: RangeValue;
      $gte?: RangeValue;
      $lt?: RangeValue;
      $lte?: RangeValue;
      /** True when the field is present, even with the value null. */
      $exists?: boolean;
    };

/** Field conditions, all of which must hold. */
export type Filter = Record<string, FieldCondition>;

/**
 * At least one field; dot paths create missing parents; no path may be `_id` or overlap another
 * path of the same update (MongoDB refuses both). `$inc` starts a missing field at 0, `$push`
 * appends one value and starts a missing field as an array.
 */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
}

/**
 * MongoDB's order: an empty array, then null and missing fields, numbers, strings (by code
 * point), objects, arrays and booleans; an array field sorts by its smallest element ascending
 * and its largest descending. Without a sort, and between documents whose sort keys are equal,
 * the order is unspecified: sort on a unique field as well to page reliably.
 */
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  /** A whole number; 0 (the default) means no limit. */
  limit?: number;
  /** A whole number of documents to pass over. */
  skip?: number;
}

/**
 * Give every document of a collection the fields of its unique indexes: stores disagree on
 * documents without them (MongoDB counts a missing field as null, so a second document without
 * it, or with null, collides; the embedded store collides only two missing ones; FerretDB v1
 * never). Key directions only shape how MongoDB sorts with the index.
 */
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

/** Collection names: a letter, then letters, digits and underscores (at most 64 characters). */
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
   * upsert, the filter holds only top-level equality conditions, one of them a string `_id` (ids
   * stay ours), and a missing document is created from them, then updated; an `_id` that exists
   * but does not match the other conditions throws DuplicateKeyError.
   */
  findOneAndUpdate(
    filter: Filter,
    update: Update,
    options?: { upsert?: boolean },
  ): Promise<T | null>;
  deleteMany(filter: Filter): Promise<number>;
  /** Idempotent for the same specification. */
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

/** What a store logs with (a pino logger fits). Stores never log URIs or documents. */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
