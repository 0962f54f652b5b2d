// The real server, configured with SMTP_URL: a billing admin adds a webhook endpoint and runs the
// invoices of 2 April 2026; the server's own delivery worker, started with it, e-mails the new
// invoice with its PDF through the test's SMTP server and posts it, signed, to the endpoint. The
// settings reach the worker from the environment as in production.
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/config';
import { INVOICES, type InvoiceRecord } from '../../../server/invoicing/invoice-records';
import { createLogger } from '../../../server/logging/create-logger';
import { startServer, type RunningServer } from '../../../server/start-server';
import { aClock } from '../auth/auth-fixtures';
import {
  ISSUED_AT,
  startSmtpServer,
  startWebhookReceiver,
  type TestSmtpServer,
  type TestWebhookReceiver,
} from './delivery-fixtures';
import { addBillableAcme } from './invoice-fixtures';

let dataDir: string;
let smtp: TestSmtpServer;
let receiver: TestWebhookReceiver;
let server: RunningServer;
let announced = '';

/** Waits (at most 60 s) for the server's worker to have done what the test waits for. */
async function eventually(done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the server did not deliver in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-delivery-server-'));
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
  const clock = aClock(ISSUED_AT);
  server = await startServer({
    config: loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SMTP_URL: smtp.url,
      MAIL_FROM: '"Ledgerline Billing" <billing@ledgerline.example>',
    }),
    logger: createLogger({ level: 'silent' }),
    clock,
    announce: (text) => {
      announced += text;
    },
  });
  await addBillableAcme(server.store, clock, 'acme-x');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the server with SMTP_URL', () => {
  it('e-mails and posts each invoice a run issues, by itself', async () => {
    const password = /demo-billing-admin\s+(\S+)/.exec(announced)![1]!;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-billing-admin', password }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = {
      cookie: login.headers.get('set-cookie')!.split(';')[0]!,
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
    };
    const created = await fetch(`${server.url}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url, events: ['invoice.finalized'] }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const run = await fetch(`${server.url}/api/v1/invoice-runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ asOf: '2026-04-02T00:00:00Z' }),
    });
    expect(run.status).toBe(202);

    await eventually(() => smtp.messages.length > 0 && receiver.received.length > 0);
    const invoice = (await server.store
      .collection<InvoiceRecord>(INVOICES)
      .findOne({ _id: 'inv_acme-x_2026-03-01' }))!;
    expect(invoice.status).toBe('finalized');
    const [message] = smtp.messages;
    expect(message!.to).toMatchObject({ value: [{ address: 'ap@acme-x.example' }] });
    expect(message!.from).toMatchObject({
      value: [{ address: 'billing@ledgerline.example', name: 'Ledgerline Billing' }],
    });
    const attachment = message!.attachments[0]!;
    expect(attachment.filename).toBe(`${invoice.number}.pdf`);
    expect(createHash('sha256').update(attachment.content).digest('hex')).toBe(invoice.pdf!.sha256);

    const [webhook] = receiver.received;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(
      webhook!.headers['ledgerline-signature'] as string,
    )!;
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${webhook!.body}`).digest('hex'));
    expect(JSON.parse(webhook!.body)).toMatchObject({
      event: 'invoice.finalized',
      data: { invoice: { id: invoice._id, number: invoice.number } },
    });
    // One attempt each, delivered: nothing left to send again.
    const deliveries = await fetch(`${server.url}/api/v1/invoices/${invoice._id}/deliveries`, {
      headers,
    });
    expect(
      (
        (await deliveries.json()) as {
          deliveries: { channel: string; state: string; attemptCount: number }[];
        }
      ).deliveries.map((delivery) => [delivery.channel, delivery.state, delivery.attemptCount]),
    ).toEqual([
      ['email', 'delivered', 1],
      ['webhook', 'delivered', 1],
    ]);
  }, 90_000);
});
