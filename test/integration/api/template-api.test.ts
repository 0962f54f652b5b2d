// Templates over HTTP on both stores, with real users who sign in: the default templates are
// seeded, a billing admin drafts a change to the invoice, an approver who signed in with TOTP
// approves it, it is published with an effective date, and every step is in a valid audit chain.
// Around that: validation by rendering (nothing written when it fails, checked again before
// review), stale revisions, four eyes, diff, rollback and the preview.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { verifyAuditLog, type AuditEntry } from '../../../server/audit';
import { AUDIT_LOG_COLLECTION } from '../../../server/audit/audit-entry';
import { ensureIndexes } from '../../../server/store/ensure-indexes';
import type { Store } from '../../../server/store/store';
import { seedDefaultTemplates } from '../../../server/templates/seed-default-templates';
import { TEMPLATE_INDEXES } from '../../../server/templates/template-indexes';
import { TEMPLATE_FAMILY } from '../../../server/templates/template-version';
import { versions } from '../../../server/versioning/versions-repository';
import { testAppContext } from '../../support/test-app-context';
import { STORE_KINDS, type TestStore } from '../../support/test-store';
import { aClock, openAuthStore, type TestClock } from '../auth/auth-fixtures';
import { as, signInReviewTeam, type SignedIn } from './signed-in-users';

const TEMPLATES = '/api/v1/templates';
const invoice = (version: number) => `${TEMPLATES}/invoice/versions/${version}`;

describe.each(STORE_KINDS)('the template API on the %s store', (kind) => {
  let test: TestStore;
  let store: Store;
  let clock: TestClock;
  let app: ReturnType<typeof createApp>;
  let invoiceSource: string;
  /** Billing admin, author of the invoice change. */
  let bea: SignedIn;
  /** Approver with TOTP. */
  let ann: SignedIn;
  /** Billing admin and approver with TOTP. */
  let dana: SignedIn;
  /** Support: reads only. */
  let sam: SignedIn;

  beforeAll(async () => {
    test = await openAuthStore(kind);
    store = test.store;
    await ensureIndexes(store, TEMPLATE_INDEXES);
    clock = aClock();
    app = createApp(testAppContext({ store, clock }));
    invoiceSource = await readFile('templates/invoice.hbs', 'utf8');
    ({ bea, ann, dana, sam } = await signInReviewTeam(app, store, clock));
  });

  afterAll(async () => {
    await test.dispose();
  });

  const invoiceTemplate = (source: string) => ({
    key: 'invoice',
    purpose: 'invoice',
    description: 'The invoice, printable on A4',
    source,
  });

  it('seeds the default templates published, once', async () => {
    const seeded = await seedDefaultTemplates({
      store,
      clock,
      templatesDir: 'templates',
      reason: 'test data',
    });
    expect(seeded.map((record) => record._id)).toEqual([
      'invoice@1',
      'credit-note@1',
      'statement@1',
      'payment-reminder@1',
      'dispute-follow-up@1',
    ]);
    expect(
      await seedDefaultTemplates({ store, clock, templatesDir: 'templates', reason: 'again' }),
    ).toEqual([]);
    const list = await as(app, sam).get(TEMPLATES);
    expect(list.status).toBe(200);
    expect(list.body.templates).toContainEqual({
      key: 'payment-reminder',
      purpose: 'dunning-email',
      latest: { version: 1, status: 'published' },
      published: [{ version: 1, effectiveFrom: '2026-04-01' }],
    });
    const emails = await as(app, sam).get(`${TEMPLATES}?purpose=dunning-email`);
    expect(emails.body.templates.map((entry: { key: string }) => entry.key)).toEqual([
      'dispute-follow-up',
      'payment-reminder',
    ]);
  });

  it('takes an invoice change from draft to published, refusing stale revisions with 409', async () => {
    // A misspelt field: 400 naming the line, and nothing written.
    const broken = await as(app, bea).post(
      TEMPLATES,
      invoiceTemplate('<p>\n {{customer.nmae}}</p>'),
    );
    expect(broken.status).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(broken.body.errors).toEqual([
      { path: '$.source', message: 'line 2, column 4: "nmae" is not a field of the context here' },
    ]);
    expect((await as(app, sam).get(`${TEMPLATES}/invoice/versions`)).body.versions).toHaveLength(1);

    const taxInvoice = invoiceSource.replace('<h1>Invoice</h1>', '<h1>Tax invoice</h1>');
    const created = await as(app, bea).post(TEMPLATES, invoiceTemplate(taxInvoice));
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(invoice(2));
    expect(created.body).toMatchObject({
      id: 'invoice@2',
      purpose: 'invoice',
      version: 2,
      status: 'draft',
      revision: 1,
      author: bea.id,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const withPo = taxInvoice.replace('Purchase order', 'Your PO');
    const edited = await as(app, bea).put(invoice(2), {
      revision: 1,
      document: invoiceTemplate(withPo),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(2);
    const stale = await as(app, bea).put(invoice(2), {
      revision: 1,
      document: invoiceTemplate(taxInvoice),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toBe(
      'invoice v2 was saved by someone else since you opened it (revision 1, now 2); reload it and apply your change again',
    );
    const invalidEdit = await as(app, bea).put(invoice(2), {
      revision: 2,
      document: invoiceTemplate('{{{customer.name}}}'),
    });
    expect(invalidEdit.body.errors).toEqual([
      {
        path: '$.document.source',
        message:
          'line 1, column 1: {{{…}}} and {{&…}} write a value without HTML escaping; use {{…}}',
      },
    ]);

    const submitted = await as(app, bea).post(`${invoice(2)}/submit`, {
      revision: 2,
      reason: 'the law asks for "Tax invoice"',
    });
    expect(submitted.body).toMatchObject({ status: 'in_review', revision: 3 });
    const approved = await as(app, ann).post(`${invoice(2)}/approve`, {
      revision: 3,
      comment: 'ok',
    });
    expect(approved.body).toMatchObject({ status: 'approved', revision: 4 });

    const stalePublish = await as(app, bea).post(`${invoice(2)}/publish`, {
      revision: 3,
      effectiveFrom: '2026-05-01',
    });
    expect(stalePublish.status).toBe(409);
    const published = await as(app, bea).post(`${invoice(2)}/publish`, {
      revision: 4,
      effectiveFrom: '2026-05-01',
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      publication: { by: bea.id, effectiveFrom: '2026-05-01' },
      // What the approver approved is what is published: same content, same hash.
      contentHash: approved.body.contentHash,
      document: { source: withPo },
    });
    const history = await as(app, sam).get(`${TEMPLATES}/invoice/versions`);
    expect(
      history.body.versions.map((entry: { version: number; status: string }) => [
        entry.version,
        entry.status,
      ]),
    ).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);

    const diff = await as(app, sam).get(`${TEMPLATES}/invoice/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      {
        kind: 'changed',
        path: '$.description',
        before:
          'The invoice: seller and customer, every line with its discounts, taxes per rate, totals and how to pay. Printable on A4.',
        after: 'The invoice, printable on A4',
      },
    ]);
    expect(diff.body.sourceChanges).toEqual([
      { kind: 'removed', line: 58, text: '      <h1>Invoice</h1>' },
      { kind: 'added', line: 58, text: '      <h1>Tax invoice</h1>' },
      {
        kind: 'removed',
        line: 64,
        text: '        {{#if invoice.purchaseOrder}}<tr><th>Purchase order</th><td>{{invoice.purchaseOrder}}</td></tr>{{/if}}',
      },
      {
        kind: 'added',
        line: 64,
        text: '        {{#if invoice.purchaseOrder}}<tr><th>Your PO</th><td>{{invoice.purchaseOrder}}</td></tr>{{/if}}',
      },
    ]);

    const entries = await store
      .collection<AuditEntry>(AUDIT_LOG_COLLECTION)
      .find({ 'target.id': { $in: ['invoice@1', 'invoice@2'] } }, { sort: { sequence: 1 } });
    expect(
      entries.map((entry) => `${entry.action} ${entry.target.type} ${entry.target.id}`),
    ).toEqual([
      'template.published template_version invoice@1',
      'template.draft_created template_version invoice@2',
      'template.draft_updated template_version invoice@2',
      'template.submitted template_version invoice@2',
      'template.approved template_version invoice@2',
      'template.published template_version invoice@2',
      'template.superseded template_version invoice@1',
    ]);
    expect(entries[3]).toMatchObject({
      actor: { type: 'user', id: bea.id },
      reason: 'the law asks for "Tax invoice"',
      contentHashes: { version: submitted.body.contentHash },
      details: { key: 'invoice', version: 2, fromStatus: 'draft', toStatus: 'in_review' },
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });

  it('keeps four eyes: the author cannot approve, even as an approver', async () => {
    const reminder = await as(app, dana).get(`${TEMPLATES}/payment-reminder/versions/1`);
    const created = await as(app, dana).post(TEMPLATES, {
      ...reminder.body.document,
      subject: 'Reminder: {{invoice.number}} is overdue',
    });
    expect(created.status).toBe(201);
    const path = `${TEMPLATES}/payment-reminder/versions/2`;
    await as(app, dana).post(`${path}/submit`, { revision: 1, reason: 'shorter subject' });
    const own = await as(app, dana).post(`${path}/approve`, { revision: 2 });
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe(
      'you wrote or submitted this change; another approver must approve it',
    );
    const byBillingAdmin = await as(app, bea).post(`${path}/approve`, { revision: 2 });
    expect(byBillingAdmin.status).toBe(403);
    expect(byBillingAdmin.body.detail).toBe('this needs the "template:review" permission');
    expect((await as(app, ann).post(`${path}/approve`, { revision: 2 })).body.status).toBe(
      'approved',
    );
  });

  it('validates a draft again before review', async () => {
    const created = await as(app, bea).post(TEMPLATES, {
      key: 'statement-short',
      purpose: 'statement',
      description: 'A one-line statement',
      source: '<p>{{money statement.closingBalance statement.currency}}</p>',
    });
    expect(created.status).toBe(201);
    // A draft saved under older rules, which the sample no longer satisfies.
    await versions(store, TEMPLATE_FAMILY).updateOne(
      { _id: 'statement-short@1' },
      { $set: { 'document.source': '<p>{{statement.balance}}</p>' } },
    );
    const submitted = await as(app, bea).post(`${TEMPLATES}/statement-short/versions/1/submit`, {
      revision: 1,
      reason: 'short statements',
    });
    expect(submitted.status).toBe(400);
    expect(submitted.body.errors).toEqual([
      {
        path: '$.source',
        message: 'line 1, column 6: "balance" is not a field of the context here',
      },
    ]);
    const stored = await as(app, sam).get(`${TEMPLATES}/statement-short/versions/1`);
    expect(stored.body).toMatchObject({ status: 'draft', revision: 1 });
  });

  it('rolls back by starting a draft with an old version’s content, hash and all', async () => {
    const rolledBack = await as(app, bea).post(`${invoice(1)}/rollback`);
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.body).toMatchObject({ version: 3, status: 'draft', basedOn: 1 });
    const first = await as(app, sam).get(invoice(1));
    expect(rolledBack.body.contentHash).toBe(first.body.contentHash);
  });

  it('previews a source with the sample context, or a given one, without saving', async () => {
    const sample = await as(app, sam).post(`${TEMPLATES}/preview`, {
      purpose: 'invoice',
      source: '<p>{{customer.name}} owes {{money invoice.amountDue invoice.currency}}</p>',
    });
    expect(sample.status).toBe(200);
    expect(sample.body).toEqual({
      purpose: 'invoice',
      context: 'sample',
      subject: null,
      html: '<p>Acme Corporation owes $1,442.91</p>',
    });
    const context = JSON.parse(await readFile('templates/samples/dunning-email.json', 'utf8'));
    const given = await as(app, bea).post(`${TEMPLATES}/preview`, {
      purpose: 'dunning-email',
      source: '<p>{{daysOverdue}} days</p>',
      subject: '{{invoice.number}}: {{money invoice.amountDue invoice.currency}}',
      context: { ...context, daysOverdue: 12, invoice: { ...context.invoice, amountDue: '99.50' } },
    });
    expect(given.body).toEqual({
      purpose: 'dunning-email',
      context: 'given',
      subject: 'INV-2026-000042: $99.50',
      html: '<p>12 days</p>',
    });
    const badContext = await as(app, bea).post(`${TEMPLATES}/preview`, {
      purpose: 'dunning-email',
      source: '<p>x</p>',
      context: { ...context, invoice: { ...context.invoice, amountDue: 99.5 } },
    });
    expect(badContext.status).toBe(400);
    expect(badContext.body.errors).toEqual([
      {
        path: '$.context.invoice.amountDue',
        message: 'must be a decimal string such as "12.50", not a number',
      },
    ]);
    const badBody = await as(app, bea).post(`${TEMPLATES}/preview`, {
      purpose: 'receipt',
      source: '',
    });
    expect(badBody.body.errors).toEqual([
      {
        path: '$.purpose',
        message: 'must be one of invoice, credit-note, statement, dunning-email',
      },
      { path: '$.source', message: 'must not be empty' },
    ]);
    const badSource = await as(app, bea).post(`${TEMPLATES}/preview`, {
      purpose: 'statement',
      source: '{{#each entries}}{{referense}}{{/each}}',
    });
    expect(badSource.body.errors).toEqual([
      {
        path: '$.source',
        message: 'line 1, column 20: "referense" is not a field of the context here',
      },
    ]);
    expect((await as(app, sam).get(`${TEMPLATES}/preview/versions`)).status).toBe(404);
  });

  it('lets support read but not write, and answers unknown versions with 404', async () => {
    const write = await as(app, sam).post(TEMPLATES, invoiceTemplate(invoiceSource));
    expect(write.status).toBe(403);
    expect(write.body.detail).toBe('this needs the "template:write" permission');
    const missing = await as(app, sam).get(`${TEMPLATES}/invoice/versions/99`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('there is no version 99 of template invoice');
  });
});
