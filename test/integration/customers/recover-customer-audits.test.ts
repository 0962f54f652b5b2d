// A crash between writing a customer (with its audit entry in its outbox) and appending the entry
// to the log: at start-up the entry is appended, once, and the outbox emptied; an entry that did
// reach the log is not appended again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, AUDIT_INDEXES } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { pendingAudit, withIntent } from '../../../server/audit/record-outbox';
import { customers } from '../../../server/customers/customers-repository';
import { recoverPendingCustomerAudits } from '../../../server/customers/recover-pending-customer-audits';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import { openTestStore, STORE_KINDS, type TestStore } from '../../support/test-store';
import { aClock } from '../auth/auth-fixtures';

describe.each(STORE_KINDS)('customer audit recovery on the %s store', (kind) => {
  let test: TestStore;
  const clock = aClock('2026-11-20T09:00:00.000Z');
  const log = () => test.store.collection<AuditEntry>(AUDIT_LOG_COLLECTION);

  beforeEach(async () => {
    test = await openTestStore(kind);
    await ensureIndexes(test.store, AUDIT_INDEXES);
  });
  afterEach(async () => {
    await test.dispose();
  });

  async function aCustomerWithPending(id: string) {
    const audit = pendingAudit({
      actor: { type: 'user', id: 'usr_bea' },
      action: 'customer.created',
      target: { type: 'customer', id },
    });
    await customers(test.store).insertOne({
      _id: id,
      name: id,
      facts: { id, country: 'DE', currency: 'EUR' },
      promoCodes: [],
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T09:00:00.000Z',
      revision: 1,
      pendingAudit: { [audit.id]: audit.entry },
      pendingAudits: 1,
    });
    return audit;
  }

  it('appends what a crash left pending, once, and empties the outbox', async () => {
    await aCustomerWithPending('northwind');
    const reached = await aCustomerWithPending('globex');
    // globex's entry reached the log before the crash; only its outbox was not emptied.
    await appendAuditEntry({
      store: test.store,
      clock,
      entry: withIntent(reached.id, reached.entry),
    });

    expect(await recoverPendingCustomerAudits({ store: test.store, clock })).toBe(1);
    expect(await recoverPendingCustomerAudits({ store: test.store, clock })).toBe(0);

    const entries = await log().find({}, { sort: { sequence: 1 } });
    expect(entries.map((entry) => [entry.action, entry.target.id])).toEqual([
      ['customer.created', 'globex'],
      ['customer.created', 'northwind'],
    ]);
    for (const id of ['northwind', 'globex']) {
      expect(await customers(test.store).findOne({ _id: id })).toMatchObject({
        pendingAudit: {},
        pendingAudits: 0,
      });
    }
  });
});
