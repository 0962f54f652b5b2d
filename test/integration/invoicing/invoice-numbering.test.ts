// Gapless invoice numbers on both stores: sequential per series, the same number when a document
// is numbered again, exactly 1..n when many are finalized at once, and neither a gap nor a number
// used twice when the process dies between taking a number and writing it, or between writing
// it and moving the series on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assignInvoiceNumber,
  formatInvoiceNumber,
  INVOICE_SERIES,
  type SeriesRecord,
} from '../../../server/invoicing/invoice-numbering';
import type { Collection, Store, StoredDocument } from '../../../server/store/store';
import { openTestStore, STORE_KINDS, type TestStore } from '../../support/test-store';

const INVOICES = 'invoices';

interface Invoice extends StoredDocument {
  customerId: string;
  number?: string;
  sequence?: number;
  series?: string;
}

/**
 * The store, but the `failAt`-th updateOne on `collection` throws as a killed process would stop:
 * the write does not happen, and nothing after it in that call runs.
 */
function dyingAt(store: Store, collection: string, failAt: number): Store {
  let calls = 0;
  return {
    ...store,
    kind: store.kind,
    collection: <T extends StoredDocument>(name: string): Collection<T> => {
      const real = store.collection<T>(name);
      if (name !== collection) return real;
      return {
        ...real,
        name: real.name,
        insertOne: (document) => real.insertOne(document),
        insertMany: (documents) => real.insertMany(documents),
        findOne: (filter) => real.findOne(filter),
        find: (filter, options) => real.find(filter, options),
        count: (filter) => real.count(filter),
        findOneAndUpdate: (filter, update, options) =>
          real.findOneAndUpdate(filter, update, options),
        deleteMany: (filter) => real.deleteMany(filter),
        createIndex: (index) => real.createIndex(index),
        updateOne: async (filter, update) => {
          calls += 1;
          if (calls === failAt) throw new Error('killed');
          return real.updateOne(filter, update);
        },
      };
    },
  };
}

describe.each(STORE_KINDS)('invoice numbers on the %s store', (kind) => {
  let test: TestStore;
  const invoices = () => test.store.collection<Invoice>(INVOICES);
  const draft = async (id: string) => invoices().insertOne({ _id: id, customerId: `cus_${id}` });
  const numberOf = (id: string, store: Store = test.store) =>
    assignInvoiceNumber({ store, collection: INVOICES, documentId: id, series: 'INV-2026' });
  const allNumbers = async () =>
    (await invoices().find({}, { sort: { _id: 1 } })).map((invoice) => [
      invoice._id,
      invoice.number,
    ]);

  beforeEach(async () => {
    test = await openTestStore(kind);
  });
  afterEach(async () => {
    await test.dispose();
  });

  it('numbers documents one after another, and a numbered one keeps its number', async () => {
    for (const id of ['a', 'b', 'c']) await draft(id);

    expect(await numberOf('a')).toBe('INV-2026-000001');
    expect(await numberOf('b')).toBe('INV-2026-000002');
    expect(await numberOf('a')).toBe('INV-2026-000001');
    expect(await numberOf('c')).toBe('INV-2026-000003');
    expect(await invoices().findOne({ _id: 'c' })).toMatchObject({
      number: 'INV-2026-000003',
      sequence: 3,
      series: 'INV-2026',
    });
    expect(
      await assignInvoiceNumber({
        store: test.store,
        collection: INVOICES,
        documentId: 'a',
        series: 'CN-2026',
      }),
    ).toBe('INV-2026-000001');
  });

  it('keeps one sequence per series', async () => {
    for (const id of ['a', 'b']) await draft(id);
    const store = test.store;
    const credit = (id: string) =>
      assignInvoiceNumber({ store, collection: INVOICES, documentId: id, series: 'CN-2026' });
    expect(await credit('a')).toBe('CN-2026-000001');
    expect(await numberOf('b')).toBe('INV-2026-000001');
  });

  it('gives exactly 1 to 20 to 20 documents finalized at once', async () => {
    const ids = Array.from({ length: 20 }, (_, index) => `d${String(index).padStart(2, '0')}`);
    for (const id of ids) await draft(id);

    const numbers = await Promise.all(ids.map((id) => numberOf(id)));

    expect([...numbers].sort()).toEqual(
      Array.from({ length: 20 }, (_, index) => formatInvoiceNumber('INV-2026', index + 1)),
    );
    expect(
      await test.store.collection<SeriesRecord>(INVOICE_SERIES).findOne({ _id: 'INV-2026' }),
    ).toMatchObject({ next: 21, claim: null });
  });

  it('neither skips nor reuses a number when killed after taking it, before writing it', async () => {
    for (const id of ['a', 'b']) await draft(id);
    // The first updateOne on invoices is writing the claimed number onto the document.
    await expect(numberOf('a', dyingAt(test.store, INVOICES, 1))).rejects.toThrow('killed');
    expect((await invoices().findOne({ _id: 'a' }))?.number).toBeUndefined();

    // After the restart, another document is finalized first: it completes a's claim, then goes on.
    expect(await numberOf('b')).toBe('INV-2026-000002');
    expect(await numberOf('a')).toBe('INV-2026-000001');
    expect(await allNumbers()).toEqual([
      ['a', 'INV-2026-000001'],
      ['b', 'INV-2026-000002'],
    ]);
  });

  it('neither skips nor reuses a number when killed after writing it, before moving on', async () => {
    for (const id of ['a', 'b']) await draft(id);
    // On the series: the first updateOne takes the claim, the second releases it.
    await expect(numberOf('a', dyingAt(test.store, INVOICE_SERIES, 2))).rejects.toThrow('killed');
    expect((await invoices().findOne({ _id: 'a' }))?.number).toBe('INV-2026-000001');

    expect(await numberOf('a')).toBe('INV-2026-000001');
    expect(await numberOf('b')).toBe('INV-2026-000002');
  });

  it('gives a claimed number to the next document when its own was deleted before the write', async () => {
    for (const id of ['a', 'b']) await draft(id);
    await expect(numberOf('a', dyingAt(test.store, INVOICES, 1))).rejects.toThrow('killed');
    await invoices().deleteMany({ _id: 'a' });

    expect(await numberOf('b')).toBe('INV-2026-000001');
  });

  it('refuses a document that does not exist, and a series it cannot print', async () => {
    await expect(numberOf('missing')).rejects.toThrow('there is no document missing in invoices');
    await draft('a');
    await expect(
      assignInvoiceNumber({
        store: test.store,
        collection: INVOICES,
        documentId: 'a',
        series: 'inv 2026',
      }),
    ).rejects.toThrow(RangeError);
  });
});
