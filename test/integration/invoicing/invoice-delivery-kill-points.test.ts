// Delivery killed at every one of its writes in turn (planning the jobs, claiming an attempt,
// recording it, its audit entry), then restarted as the server would (audit outboxes recovered,
// a pass): every time each job exists once, the webhook is delivered and the e-mail (SMTP off)
// skipped, each attempt is audited once, and the receiver sees one delivery id. A kill after the
// POST went out but before its outcome was recorded is the one case where the receiver gets the
// same delivery twice: same id, same body, so it can drop the second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG_COLLECTION, type AuditEntry } from '../../../server/audit/audit-entry';
import { createWebhookEndpoint } from '../../../server/invoicing/delivery/create-webhook-endpoint';
import {
  DELIVERIES,
  type DeliveryRecord,
} from '../../../server/invoicing/delivery/delivery-records';
import { INTERRUPTED } from '../../../server/invoicing/delivery/attempt-delivery';
import type { Store } from '../../../server/store/store';
import { dyingAtWrite } from '../../support/dying-store';
import { openTestStore, STORE_KINDS, type StoreKind } from '../../support/test-store';
import { aClock } from '../auth/auth-fixtures';
import {
  aDeliveryWorker,
  ISSUED_AT,
  issueInvoices,
  startWebhookReceiver,
  type TestWebhookReceiver,
} from './delivery-fixtures';

const INVOICE = 'inv_acme-a_2026-03-01';
const SECRET = 'kill-point-secret-0123456789abcdef';

describe.each(STORE_KINDS)('delivery killed at every write on the %s store', (kind: StoreKind) => {
  let receiver: TestWebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  async function freshStore() {
    const clock = aClock(ISSUED_AT);
    const test = await openTestStore(kind);
    await issueInvoices(test.store, clock, ['acme-a']);
    const { endpoint } = await createWebhookEndpoint({
      store: test.store,
      clock,
      actor: { type: 'system', id: 'test-setup' },
      url: receiver.url,
      events: ['invoice.finalized'],
      secret: SECRET,
    });
    return { test, clock, webhookId: `${INVOICE}:webhook:${endpoint.id}` };
  }

  async function attemptsAudited(store: Store, id: string) {
    return (
      await store
        .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
        .find({ 'target.id': id, action: 'delivery.attempted' }, { sort: { sequence: 1 } })
    ).map((entry) => [entry.details?.attempt, entry.details?.outcome]);
  }

  it('delivers each job once whatever write it stopped at; a repeat carries the same id', async () => {
    let { test, clock } = await freshStore();
    const counting = dyingAtWrite(test.store, Number.MAX_SAFE_INTEGER);
    await aDeliveryWorker({ store: counting, clock }).pass();
    const writes = counting.writes();
    expect(writes).toBeGreaterThan(10);
    expect(receiver.received).toHaveLength(1);
    await test.dispose();

    let repeats = 0;
    for (let dieAt = 1; dieAt <= writes; dieAt++) {
      const why = `killed at write ${dieAt}`;
      receiver.received.length = 0;
      const fresh = await freshStore();
      ({ test, clock } = fresh);
      const { store } = test;
      const dying = dyingAtWrite(store, dieAt);
      // The pass stops at the kill (a pass logs its failure and ends).
      await aDeliveryWorker({ store: dying, clock }).pass();
      expect(dying.writes(), why).toBeGreaterThanOrEqual(dieAt);

      // The restart: a new process, later; claims older than it were the dead one's.
      clock.advance(1000);
      const restarted = aDeliveryWorker({ store, clock });
      await restarted.recoverPendingAudits();
      await restarted.pass();

      const deliveries = await store
        .collection<DeliveryRecord>(DELIVERIES)
        .find({}, { sort: { _id: 1 } });
      expect(
        deliveries.map((delivery) => [delivery._id, delivery.state]),
        why,
      ).toEqual([
        [`${INVOICE}:email`, 'skipped'],
        [fresh.webhookId, 'delivered'],
      ]);
      expect(new Set(receiver.received.map((r) => r.headers['ledgerline-delivery'])), why).toEqual(
        new Set([fresh.webhookId]),
      );
      const webhook = deliveries[1]!;
      if (receiver.received.length === 2) {
        repeats++;
        expect(receiver.received[1]!.body, why).toBe(receiver.received[0]!.body);
        expect(
          webhook.attempts.map((attempt) => [attempt.outcome, attempt.error]),
          why,
        ).toEqual([
          ['interrupted', INTERRUPTED],
          ['delivered', undefined],
        ]);
      } else {
        expect(receiver.received, why).toHaveLength(1);
      }
      // Each attempt recorded once and audited once.
      for (const delivery of deliveries) {
        expect(await attemptsAudited(store, delivery._id), `${why}: ${delivery._id}`).toEqual(
          delivery.attempts.map((attempt) => [attempt.number, attempt.outcome]),
        );
      }
      expect(await store.collection(DELIVERIES).count({ pendingAudits: { $gt: 0 } }), why).toBe(0);
      await test.dispose();
    }
    // The kill between the POST and its record happened at least once.
    expect(repeats).toBeGreaterThan(0);
  }, 180_000);
});
