// A store for app tests whose routes never touch one (only the readiness probe pings it): any
// collection access is a test bug and fails loudly.
import type { Store } from '../../server/store/store';

export const unusedStore: Store = {
  kind: 'embedded',
  collection: () => {
    throw new Error('not used here');
  },
  ping: async () => {},
  close: async () => {},
};
