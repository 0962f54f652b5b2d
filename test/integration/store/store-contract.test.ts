// The storage port's contract, run on both stores: the embedded store (nedb in a temporary
// folder) and MongoDB (FerretDB through the MongoDB driver). Whatever passes here may be relied
// on by the domains whichever store the server runs on.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openStore } from '../../../server/store/open-store';
import {
  DuplicateKeyError,
  type Collection,
  type Filter,
  type Store,
  type StoredDocument,
} from '../../../server/store/store';
import { STORE_KINDS, freshName, openTestStore, type TestStore } from '../../support/test-store';

interface Invoice extends StoredDocument {
  number: string;
  customerId: string;
  status: 'draft' | 'open' | 'paid' | 'void';
  /** Money is a decimal string; amount here is a plain number to test ranges. */
  total: string;
  amount?: number | string;
  currency?: string;
  overdue?: boolean;
  lifecycle?: { status: string; approvedBy?: string };
  tags?: string[];
  closedAt?: string | null;
  version?: number;
  editedBy?: string;
  notes?: string[];
  reminders?: number;
}

function anInvoice(overrides: Partial<Invoice> & { _id: string }): Invoice {
  return {
    number: `INV-${overrides._id}`,
    customerId: 'acme',
    status: 'open',
    total: '100.00',
    ...overrides,
  };
}

/** The filter cases: invoices a to e, and which of them each filter selects. */
const FILTER_FIXTURES: Invoice[] = [
  anInvoice({
    _id: 'a',
    status: 'open',
    amount: 10,
    currency: 'EUR',
    overdue: true,
    lifecycle: { status: 'draft' },
    tags: ['vip', 'eu'],
    closedAt: null,
  }),
  anInvoice({
    _id: 'b',
    status: 'paid',
    amount: 25,
    currency: 'USD',
    overdue: false,
    lifecycle: { status: 'published', approvedBy: 'ann' },
    tags: ['us'],
  }),
  anInvoice({
    _id: 'c',
    status: 'open',
    amount: 40,
    currency: 'USD',
    lifecycle: { status: 'published' },
    tags: [],
    closedAt: '2026-03-01',
  }),
  anInvoice({ _id: 'd', status: 'void', amount: 5.5, currency: 'JPY' }),
  // A string where the others have numbers: ranges on numbers never match it.
  anInvoice({ _id: 'e', status: 'paid', amount: '30', currency: 'usd' }),
];

const FILTER_CASES: Array<[string, Filter, string[]]> = [
  ['no condition', {}, ['a', 'b', 'c', 'd', 'e']],
  ['a value', { status: 'open' }, ['a', 'c']],
  ['$eq', { status: { $eq: 'paid' } }, ['b', 'e']],
  ['$ne', { status: { $ne: 'open' } }, ['b', 'd', 'e']],
  ['$in', { status: { $in: ['void', 'paid'] } }, ['b', 'd', 'e']],
  ['$nin', { status: { $nin: ['void', 'paid'] } }, ['a', 'c']],
  ['$gt on numbers, not the string "30"', { amount: { $gt: 10 } }, ['b', 'c']],
  ['$gte', { amount: { $gte: 10 } }, ['a', 'b', 'c']],
  ['$lt', { amount: { $lt: 10 } }, ['d']],
  ['$lte', { amount: { $lte: 10 } }, ['a', 'd']],
  ['a range', { amount: { $gte: 10, $lt: 40 } }, ['a', 'b']],
  ['a string range, by code point', { currency: { $gte: 'EUR', $lt: 'USD' } }, ['a', 'd']],
  ['a string range on strings only', { amount: { $gte: '0' } }, ['e']],
  ['a boolean', { overdue: true }, ['a']],
  ['false is not missing', { overdue: false }, ['b']],
  ['a dot path', { 'lifecycle.status': 'published' }, ['b', 'c']],
  ['a dot path with $in', { 'lifecycle.status': { $in: ['draft'] } }, ['a']],
  ['$exists on a dot path', { 'lifecycle.approvedBy': { $exists: true } }, ['b']],
  ['$exists true', { lifecycle: { $exists: true } }, ['a', 'b', 'c']],
  ['$exists false', { lifecycle: { $exists: false } }, ['d', 'e']],
  ['$exists true on a null field', { closedAt: { $exists: true } }, ['a', 'c']],
  ['null matches null and missing', { closedAt: null }, ['a', 'b', 'd', 'e']],
  ['$ne null', { closedAt: { $ne: null } }, ['c']],
  ['$in with null', { closedAt: { $in: [null, '2026-03-01'] } }, ['a', 'b', 'c', 'd', 'e']],
  ['an array holding the value', { tags: 'vip' }, ['a']],
  ['$in on an array', { tags: { $in: ['us', 'eu'] } }, ['a', 'b']],
  ['$ne on an array: no element equal', { tags: { $ne: 'vip' } }, ['b', 'c', 'd', 'e']],
  ['$nin on an array', { tags: { $nin: ['vip', 'us'] } }, ['c', 'd', 'e']],
  ['several fields, all must hold', { status: 'open', currency: 'USD' }, ['c']],
  [
    'several operators on one field',
    { status: { $ne: 'void', $in: ['paid', 'void'] } },
    ['b', 'e'],
  ],
  ['nothing', { status: 'draft' }, []],
];

describe.each(STORE_KINDS)('the %s store', (kind) => {
  let testStore: TestStore;
  let store: Store;

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    store = testStore.store;
  });

  afterAll(async () => {
    await testStore.dispose();
  });

  function invoices(): Collection<Invoice> {
    return store.collection<Invoice>(freshName('invoices'));
  }

  async function ids(found: Promise<Invoice[]>): Promise<string[]> {
    return (await found).map((invoice) => invoice._id);
  }

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.kind).toBe(kind);
  });

  describe('insert and find', () => {
    const numbered: Array<[string, Invoice['status']]> = [
      ['INV-3', 'paid'],
      ['INV-1', 'open'],
      ['INV-5', 'open'],
      ['INV-2', 'paid'],
      ['INV-4', 'open'],
    ];
    let collection: Collection<Invoice>;

    beforeAll(async () => {
      collection = invoices();
      await collection.insertMany(
        numbered.map(([number, status], index) => anInvoice({ _id: `i${index}`, number, status })),
      );
    });

    it('returns the documents as inserted, _id included, and nothing else', async () => {
      const document = anInvoice({ _id: 'plain', tags: ['x'], lifecycle: { status: 'draft' } });
      const own = invoices();
      await own.insertOne(document);
      const found = await own.findOne({ _id: 'plain' });
      expect(found).toStrictEqual(document);
      expect(Object.keys(found ?? {}).sort()).toEqual(Object.keys(document).sort());
    });

    it('gives copies: changing a found document changes nothing stored', async () => {
      const stored = anInvoice({ _id: 'copy', tags: ['x'], lifecycle: { status: 'draft' } });
      const own = invoices();
      await own.insertOne(stored);
      const found = await own.findOne({ _id: 'copy' });
      if (!found) throw new Error('copy not found');
      found.status = 'void';
      found.tags?.push('changed');
      if (found.lifecycle) found.lifecycle.status = 'changed';
      expect(await own.findOne({ _id: 'copy' })).toStrictEqual(stored);
    });

    it('finds one document or null', async () => {
      expect((await collection.findOne({ number: 'INV-5' }))?._id).toBe('i2');
      expect(await collection.findOne({ number: 'INV-9' })).toBeNull();
    });

    it.each([
      ['ascending', { number: 1 } as const, ['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5']],
      ['descending', { number: -1 } as const, ['INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']],
      [
        'on two keys',
        { status: 1, number: -1 } as const,
        ['INV-5', 'INV-4', 'INV-1', 'INV-3', 'INV-2'],
      ],
    ])('sorts %s', async (_label, sort, expected) => {
      const found = await collection.find({}, { sort });
      expect(found.map((invoice) => invoice.number)).toEqual(expected);
    });

    it.each([
      ['limit', { limit: 2 }, ['INV-1', 'INV-2']],
      ['skip', { skip: 3 }, ['INV-4', 'INV-5']],
      ['skip and limit', { skip: 1, limit: 2 }, ['INV-2', 'INV-3']],
      ['skip past the end', { skip: 9 }, []],
      ['limit 0: no limit', { limit: 0 }, ['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5']],
    ])('pages with %s after sorting', async (_label, page, expected) => {
      const found = await collection.find({}, { sort: { number: 1 }, ...page });
      expect(found.map((invoice) => invoice.number)).toEqual(expected);
    });

    it('sorts a missing field as null, before every value', async () => {
      const own = invoices();
      await own.insertMany([
        anInvoice({ _id: 'x', reminders: 2 }),
        anInvoice({ _id: 'y' }),
        anInvoice({ _id: 'z', reminders: 1 }),
      ]);
      expect(await ids(own.find({}, { sort: { reminders: 1 } }))).toEqual(['y', 'z', 'x']);
      expect(await ids(own.find({}, { sort: { reminders: -1 } }))).toEqual(['x', 'z', 'y']);
    });
  });

  describe('filters', () => {
    let collection: Collection<Invoice>;

    beforeAll(async () => {
      collection = invoices();
      await collection.insertMany(FILTER_FIXTURES);
    });

    it.each(FILTER_CASES)('%s', async (_label, filter, expected) => {
      expect(await ids(collection.find(filter, { sort: { _id: 1 } }))).toEqual(expected);
      expect(await collection.count(filter)).toBe(expected.length);
    });

    it.each<[string, Filter]>([
      ['an operator outside the port', { status: { $regex: 'op' } } as unknown as Filter],
      ['a logical operator', { $or: [{ status: 'open' }] } as unknown as Filter],
      ['a range on a boolean', { overdue: { $gt: false } } as unknown as Filter],
      ['an object value', { lifecycle: { status: 'draft' } } as unknown as Filter],
    ])('refuses %s on both stores', async (_label, filter) => {
      await expect(collection.find(filter)).rejects.toThrow(TypeError);
    });
  });

  describe('updates', () => {
    it('$set, with a dot path creating its parent, $unset, $inc and $push', async () => {
      const collection = invoices();
      await collection.insertOne(
        anInvoice({ _id: 'u', reminders: 1, notes: ['created'], lifecycle: { status: 'draft' } }),
      );
      const after = await collection.findOneAndUpdate(
        { _id: 'u' },
        {
          $set: { status: 'paid', 'lifecycle.approvedBy': 'ann', 'payment.method': 'card' },
          $unset: { total: true, closedAt: true },
          $inc: { reminders: 2, version: 1 },
          $push: { notes: 'paid', tags: 'vip' },
        },
      );
      const expected = {
        _id: 'u',
        number: 'INV-u',
        customerId: 'acme',
        status: 'paid',
        reminders: 3,
        version: 1,
        notes: ['created', 'paid'],
        tags: ['vip'],
        lifecycle: { status: 'draft', approvedBy: 'ann' },
        payment: { method: 'card' },
      };
      expect(after).toStrictEqual(expected);
      expect(await collection.findOne({ _id: 'u' })).toStrictEqual(expected);
    });

    it('$push adds an object as one element', async () => {
      const collection = invoices();
      await collection.insertOne(anInvoice({ _id: 'p' }));
      await collection.updateOne({ _id: 'p' }, { $push: { history: { at: '2026-03-01' } } });
      expect(await collection.findOne({ _id: 'p' })).toMatchObject({
        history: [{ at: '2026-03-01' }],
      });
    });

    it('updateOne changes one matching document and tells whether one matched', async () => {
      const collection = invoices();
      await collection.insertMany([anInvoice({ _id: 'o1' }), anInvoice({ _id: 'o2' })]);
      expect(await collection.updateOne({ status: 'open' }, { $set: { status: 'paid' } })).toEqual({
        matched: true,
      });
      expect(await collection.count({ status: 'paid' })).toBe(1);
      expect(await collection.updateOne({ status: 'draft' }, { $set: { status: 'paid' } })).toEqual(
        { matched: false },
      );
      expect(await collection.count({ status: 'paid' })).toBe(1);
    });

    it('findOneAndUpdate without upsert returns null and creates nothing', async () => {
      const collection = invoices();
      expect(await collection.findOneAndUpdate({ _id: 'none' }, { $inc: { version: 1 } })).toBe(
        null,
      );
      expect(await collection.count({})).toBe(0);
    });

    it('an upsert creates the document from the filter equalities, then updates it', async () => {
      const collection = invoices();
      const created = await collection.findOneAndUpdate(
        { _id: 'n', customerId: { $eq: 'acme' }, status: 'draft' },
        { $inc: { version: 1 }, $set: { number: 'INV-n' } },
        { upsert: true },
      );
      const expected = {
        _id: 'n',
        customerId: 'acme',
        status: 'draft',
        version: 1,
        number: 'INV-n',
      };
      expect(created).toStrictEqual(expected);
      expect(await collection.find({})).toStrictEqual([expected]);
    });

    it('an upsert whose _id exists without matching the filter is a duplicate key', async () => {
      const collection = invoices();
      await collection.insertOne(anInvoice({ _id: 'v', version: 2 }));
      await expect(
        collection.findOneAndUpdate(
          { _id: 'v', version: 1 },
          { $set: { editedBy: 'bob' } },
          { upsert: true },
        ),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: '_id_' });
      expect((await collection.findOne({ _id: 'v' }))?.editedBy).toBeUndefined();
    });

    it.each<[string, Filter, object]>([
      ['no update operator', { _id: 'x' }, { status: 'paid' }],
      ['an empty update', { _id: 'x' }, { $set: {} }],
      ['a change of _id', { _id: 'x' }, { $set: { _id: 'y' } }],
      ['conflicting paths', { _id: 'x' }, { $set: { lifecycle: {}, 'lifecycle.status': 'a' } }],
      ['$push with modifiers', { _id: 'x' }, { $push: { notes: { $each: ['a'] } } }],
    ])('refuses %s on both stores', async (_label, filter, update) => {
      const collection = invoices();
      await collection.insertOne(anInvoice({ _id: 'x' }));
      await expect(collection.updateOne(filter, update as never)).rejects.toThrow(TypeError);
    });

    it('refuses an upsert that does not name the _id', async () => {
      await expect(
        invoices().findOneAndUpdate(
          { number: 'INV-1' },
          { $inc: { version: 1 } },
          { upsert: true },
        ),
      ).rejects.toThrow(TypeError);
    });
  });

  describe('unique indexes', () => {
    const byNumber = { name: 'invoices_number_unique', keys: { number: 1 }, unique: true } as const;

    it('refuses a second document with the same key, naming the index, writing nothing', async () => {
      const collection = invoices();
      await ensureIndexes(store, [{ collection: collection.name, index: byNumber }]);
      await collection.insertOne(anInvoice({ _id: 'first', number: 'INV-1' }));

      const duplicate = collection.insertOne(anInvoice({ _id: 'second', number: 'INV-1' }));
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(duplicate).rejects.toMatchObject({
        collection: collection.name,
        index: 'invoices_number_unique',
      });
      expect(await ids(collection.find({}))).toEqual(['first']);
    });

    it('refuses a second document with the same _id, naming _id_', async () => {
      const collection = invoices();
      await collection.insertOne(anInvoice({ _id: 'same', total: '1.00' }));
      await expect(
        collection.insertOne(anInvoice({ _id: 'same', total: '2.00' })),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: '_id_' });
      expect(await collection.find({})).toStrictEqual([anInvoice({ _id: 'same', total: '1.00' })]);
    });

    it('refuses an update that would duplicate a key, leaving the document as it was', async () => {
      const collection = invoices();
      await collection.createIndex(byNumber);
      await collection.insertMany([
        anInvoice({ _id: 'one', number: 'INV-1' }),
        anInvoice({ _id: 'two', number: 'INV-2' }),
      ]);
      await expect(
        collection.updateOne({ _id: 'two' }, { $set: { number: 'INV-1', status: 'paid' } }),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: 'invoices_number_unique' });
      expect(await collection.findOne({ _id: 'two' })).toStrictEqual(
        anInvoice({ _id: 'two', number: 'INV-2' }),
      );
    });

    it('a compound unique index refuses only the same pair of values', async () => {
      const events = store.collection<{ _id: string; customerId: string; eventId: string }>(
        freshName('usage_events'),
      );
      await events.createIndex({
        name: 'usage_events_customer_event_unique',
        keys: { customerId: 1, eventId: 1 },
        unique: true,
      });
      await events.insertMany([
        { _id: '1', customerId: 'acme', eventId: 'e-1' },
        { _id: '2', customerId: 'acme', eventId: 'e-2' },
        { _id: '3', customerId: 'initech', eventId: 'e-1' },
      ]);
      await expect(
        events.insertOne({ _id: '4', customerId: 'initech', eventId: 'e-1' }),
      ).rejects.toMatchObject({
        name: 'DuplicateKeyError',
        index: 'usage_events_customer_event_unique',
      });
      expect(await events.count({})).toBe(3);
    });

    it('insertMany stops at the first duplicate and keeps the documents before it', async () => {
      const collection = invoices();
      await collection.createIndex(byNumber);
      await expect(
        collection.insertMany([
          anInvoice({ _id: 'm1', number: 'INV-1' }),
          anInvoice({ _id: 'm2', number: 'INV-1' }),
          anInvoice({ _id: 'm3', number: 'INV-3' }),
        ]),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: 'invoices_number_unique' });
      expect(await ids(collection.find({}, { sort: { _id: 1 } }))).toEqual(['m1']);
    });

    it('refuses a unique index over documents that already share a key', async () => {
      const collection = invoices();
      await collection.insertMany([
        anInvoice({ _id: 'd1', number: 'INV-1' }),
        anInvoice({ _id: 'd2', number: 'INV-1' }),
      ]);
      await expect(collection.createIndex(byNumber)).rejects.toMatchObject({
        name: 'DuplicateKeyError',
        index: 'invoices_number_unique',
      });
      // No index was left behind: the same key can still be written.
      await collection.insertOne(anInvoice({ _id: 'd3', number: 'INV-1' }));
      expect(await collection.count({ number: 'INV-1' })).toBe(3);
    });

    it('ensureIndexes may run at every start-up', async () => {
      const collection = invoices();
      const specs = [{ collection: collection.name, index: byNumber }];
      await ensureIndexes(store, specs);
      await ensureIndexes(store, specs);
      await collection.insertOne(anInvoice({ _id: 'a', number: 'INV-1' }));
      await expect(
        collection.insertOne(anInvoice({ _id: 'b', number: 'INV-1' })),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
    });
  });

  describe('single-document atomicity', () => {
    it('of two updates conditional on the same version, exactly one applies', async () => {
      const collection = invoices();
      const rounds = 20;
      const editors = ['ann', 'bob', 'cho'];
      await collection.insertMany(
        Array.from({ length: rounds }, (_, round) => anInvoice({ _id: `r${round}`, version: 1 })),
      );
      for (let round = 0; round < rounds; round++) {
        const results = await Promise.all(
          editors.map((editor) =>
            collection.updateOne(
              { _id: `r${round}`, version: 1 },
              { $set: { version: 2, editedBy: editor } },
            ),
          ),
        );
        const winners = editors.filter((_, index) => results[index]?.matched);
        expect(winners).toHaveLength(1);
        expect(await collection.findOne({ _id: `r${round}` })).toMatchObject({
          version: 2,
          editedBy: winners[0],
        });
      }
    });

    it('50 concurrent $inc upserts number 1 to 50, each once', async () => {
      const counters = store.collection<{ _id: string; value: number }>(freshName('counters'));
      const issued = await Promise.all(
        Array.from({ length: 50 }, () =>
          counters.findOneAndUpdate(
            { _id: 'invoice-number' },
            { $inc: { value: 1 } },
            { upsert: true },
          ),
        ),
      );
      const values = issued.map((counter) => counter?.value).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(values).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
      expect(await counters.findOne({ _id: 'invoice-number' })).toStrictEqual({
        _id: 'invoice-number',
        value: 50,
      });
    });
  });

  describe('delete and count', () => {
    it('deleteMany removes what matches and says how many', async () => {
      const collection = invoices();
      await collection.insertMany(FILTER_FIXTURES);
      expect(await collection.count({ status: 'paid' })).toBe(2);
      expect(await collection.deleteMany({ status: 'paid' })).toBe(2);
      expect(await collection.deleteMany({ status: 'paid' })).toBe(0);
      expect(await ids(collection.find({}, { sort: { _id: 1 } }))).toEqual(['a', 'c', 'd']);
      expect(await collection.deleteMany({})).toBe(3);
      expect(await collection.count({})).toBe(0);
    });
  });

  it('pages by _id ranges in code point order, whatever characters the ids hold', async () => {
    const collection = invoices();
    // U+00E9, U+E000 (a private-use character) and U+1F600 (a surrogate pair in UTF-16): code
    // point order puts the emoji last, UTF-16 order before U+E000.
    const all = ['a', 'b', 'c', '\u00e9', '\ue000', '\u{1f600}'];
    await collection.insertMany(all.map((id) => anInvoice({ _id: id })));
    const range = (filter: Filter) => ids(collection.find(filter, { sort: { _id: 1 } }));
    expect(await range({ _id: { $gt: 'b' } })).toEqual(['c', '\u00e9', '\ue000', '\u{1f600}']);
    expect(await range({ _id: { $gte: 'b', $lt: 'c' } })).toEqual(['b']);
    expect(await range({ _id: { $lt: '\ue000' } })).toEqual(['a', 'b', 'c', '\u00e9']);
    expect(await range({ _id: { $gt: '\ue000' } })).toEqual(['\u{1f600}']);
  });

  it('keeps data and unique indexes across close and reopen', async () => {
    const name = freshName('invoices');
    const index = { name: 'invoices_number_unique', keys: { number: 1 }, unique: true } as const;
    await store.collection<Invoice>(name).createIndex(index);
    await store
      .collection<Invoice>(name)
      .insertMany([
        anInvoice({ _id: 'k1', number: 'INV-1' }),
        anInvoice({ _id: 'k2', number: 'INV-2' }),
      ]);
    await store.collection<Invoice>(name).updateOne({ _id: 'k1' }, { $inc: { version: 1 } });
    await store.collection<Invoice>(name).deleteMany({ _id: 'k2' });

    const closed = store;
    store = await testStore.reopen();
    await expect(closed.ping()).rejects.toThrow();
    const reopened = store.collection<Invoice>(name);
    await ensureIndexes(store, [{ collection: name, index }]);
    expect(await reopened.find({})).toStrictEqual([
      anInvoice({ _id: 'k1', number: 'INV-1', version: 1 }),
    ]);
    await expect(
      reopened.insertOne(anInvoice({ _id: 'k3', number: 'INV-1' })),
    ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: 'invoices_number_unique' });
  });
});

describe('the embedded store on disk', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ledgerline-store-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps one datafile per collection, compacted to the live documents on close', async () => {
    const store = await openStore({ dataDir });
    const name = freshName('invoices');
    const collection = store.collection<Invoice>(name);
    await collection.createIndex({ name: 'by_number', keys: { number: 1 }, unique: true });
    await collection.insertMany(['1', '2', '3'].map((id) => anInvoice({ _id: id })));
    for (let edit = 0; edit < 5; edit++) {
      await collection.updateOne({ _id: '1' }, { $inc: { version: 1 } });
    }
    await collection.deleteMany({ _id: '3' });
    await store.close();

    const lines = (await readFile(path.join(dataDir, `${name}.db`), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const documents = lines.filter((line) => !('$$indexCreated' in line));
    expect(documents).toStrictEqual([anInvoice({ _id: '1', version: 5 }), anInvoice({ _id: '2' })]);
    expect(lines).toHaveLength(3);
  });

  const idsOf = async (found: Promise<StoredDocument[]>) =>
    (await found).map((document) => document._id);
  const indexLines = async (name: string) =>
    (await readFile(path.join(dataDir, `${name}.db`), 'utf8'))
      .split('\n')
      .filter((line) => line.includes('$$index'))
      .map((line) => JSON.parse(line) as Record<string, { fieldName: unknown }>);

  it('keeps a non-unique compound index as an index on its first field', async () => {
    const store = await openStore({ dataDir });
    const name = freshName('events');
    try {
      const collection = store.collection<Invoice & { customerId: string; day: string }>(name);
      const customerDay = { name: 'customer_day', keys: { customerId: 1, day: 1 } } as const;
      await collection.createIndex(customerDay);
      await collection.createIndex(customerDay);
      await collection.insertMany([
        { ...anInvoice({ _id: 'e1' }), customerId: 'acme', day: '2026-03-01' },
        { ...anInvoice({ _id: 'e2' }), customerId: 'acme', day: '2026-03-02' },
        { ...anInvoice({ _id: 'e3' }), customerId: 'globex', day: '2026-03-01' },
      ]);
      expect(await idsOf(collection.find({ customerId: 'acme', day: '2026-03-02' }))).toEqual([
        'e2',
      ]);
      expect(
        await idsOf(collection.find({ customerId: { $in: ['acme'] }, day: { $lt: '2026-03-02' } })),
      ).toEqual(['e1']);
      // The same name with other keys is refused, as MongoDB would.
      await expect(
        collection.createIndex({ name: 'customer_day', keys: { customerId: 1, number: 1 } }),
      ).rejects.toThrow(/other keys/);
    } finally {
      await store.close();
    }
    const created = (await indexLines(name)).map((line) => line.$$indexCreated?.fieldName);
    expect(created).toEqual(['customerId']);
  });

  it('replaces the stand-in when a unique index on that field comes', async () => {
    const store = await openStore({ dataDir });
    const name = freshName('events');
    try {
      const collection = store.collection<Invoice & { customerId: string; day: string }>(name);
      await collection.createIndex({ name: 'customer_day', keys: { customerId: 1, day: 1 } });
      await collection.createIndex({ name: 'customer', keys: { customerId: 1 }, unique: true });
      await collection.insertOne({ ...anInvoice({ _id: 'e1' }), customerId: 'acme', day: 'd' });
      await expect(
        collection.insertOne({ ...anInvoice({ _id: 'e2' }), customerId: 'acme', day: 'e' }),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', index: 'customer' });
    } finally {
      await store.close();
    }
  });

  it('appends through a kept handle that a compaction replaced, losing nothing', async () => {
    const name = freshName('invoices');
    const first = await openStore({ dataDir });
    await first.collection<Invoice>(name).insertOne(anInvoice({ _id: 'a' }));
    await first.close(); // compacts: the datafile is rewritten
    const second = await openStore({ dataDir });
    await second.collection<Invoice>(name).insertOne(anInvoice({ _id: 'b' }));
    await second.collection<Invoice>(name).updateOne({ _id: 'a' }, { $inc: { version: 1 } });
    await second.close();
    const third = await openStore({ dataDir });
    try {
      const found = await third.collection<Invoice>(name).find({}, { sort: { _id: 1 } });
      expect(found).toStrictEqual([anInvoice({ _id: 'a', version: 1 }), anInvoice({ _id: 'b' })]);
    } finally {
      await third.close();
    }
  });

  it('refuses a second store on the same folder in one process', async () => {
    const store = await openStore({ dataDir });
    try {
      await expect(openStore({ dataDir })).rejects.toThrow(/already open/);
    } finally {
      await store.close();
    }
    await expect(store.ping()).rejects.toThrow(/closed/);
  });
});
