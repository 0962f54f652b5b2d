// A store that dies at its n-th write, as a killed process would: that write does not happen and
// the call throws, so nothing after it runs. Walking n from 1 up to the number of writes a
// scenario makes tries a crash at every point of it.
import type { Collection, Store, StoredDocument } from '../../server/store/store';

export class Killed extends Error {
  constructor(readonly write: number) {
    super(`killed at write ${write}`);
    this.name = 'Killed';
  }
}

export function dyingAtWrite(store: Store, dieAt: number): Store & { writes(): number } {
  let writes = 0;
  const write = async <R>(run: () => Promise<R>): Promise<R> => {
    writes += 1;
    if (writes === dieAt) throw new Killed(writes);
    if (writes > dieAt) throw new Killed(writes);
    return await run();
  };
  return {
    kind: store.kind,
    ping: () => store.ping(),
    close: () => store.close(),
    writes: () => writes,
    collection: <T extends StoredDocument>(name: string): Collection<T> => {
      const real = store.collection<T>(name);
      return {
        name: real.name,
        findOne: (filter) => real.findOne(filter),
        find: (filter, options) => real.find(filter, options),
        count: (filter) => real.count(filter),
        createIndex: (index) => real.createIndex(index),
        insertOne: (document) => write(() => real.insertOne(document)),
        insertMany: (documents) => write(() => real.insertMany(documents)),
        updateOne: (filter, update) => write(() => real.updateOne(filter, update)),
        findOneAndUpdate: (filter, update, options) =>
          write(() => real.findOneAndUpdate(filter, update, options)),
        deleteMany: (filter) => write(() => real.deleteMany(filter)),
      };
    },
  };
}
