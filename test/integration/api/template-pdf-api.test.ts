// The PDF preview of a template over HTTP, rendered by the real Chromium: the default invoice
// template with its sample context prints on one A4 page; a source that does not render, an
// e-mail and a missing Chromium are refused with the field or the reason named.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/api/create-app';
import { DEFAULT_CHROMIUM_PATH } from '../../../server/invoicing/chromium';
import { ChromiumPdfRenderer } from '../../../server/invoicing/pdf-renderer';
import { isPdf, pageCount } from '../../support/pdf-pages';
import { testAppContext } from '../../support/test-app-context';
import type { TestStore } from '../../support/test-store';
import { aClock, openAuthStore } from '../auth/auth-fixtures';
import { aUser, as, signIn, type SignedIn } from './signed-in-users';

const PDF = '/api/v1/templates/preview/pdf';
let test: TestStore;
let renderer: ChromiumPdfRenderer;
let app: ReturnType<typeof createApp>;
let sam: SignedIn;
let invoiceSource: string;

beforeAll(async () => {
  test = await openAuthStore('embedded');
  const clock = aClock();
  renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages: 1 });
  app = createApp(testAppContext({ store: test.store, clock, pdfRenderer: renderer }));
  // Support only reads templates: a PDF preview changes nothing, so reading is enough.
  sam = await signIn(app, await aUser(test.store, clock, 'sam', ['support']), 'sam');
  invoiceSource = await readFile('templates/invoice.hbs', 'utf8');
});

afterAll(async () => {
  await renderer.close();
  await test.dispose();
});

describe('POST /api/v1/templates/preview/pdf', { timeout: 30_000 }, () => {
  it('prints the invoice template with its sample context to a one-page PDF', async () => {
    const response = await as(app, sam)
      .post(PDF, { purpose: 'invoice', source: invoiceSource })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('inline; filename="invoice-preview.pdf"');
    expect(response.headers['cache-control']).toBe('no-store');
    const pdf = response.body as Buffer;
    expect(isPdf(pdf)).toBe(true);
    expect(pageCount(pdf)).toBe(1);
  });

  it('names the field that keeps a PDF from being made', async () => {
    const email = await as(app, sam).post(PDF, { purpose: 'dunning-email', source: '<p>Hi</p>' });
    expect(email.status).toBe(400);
    expect(email.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(email.body.errors).toEqual([
      { path: '$.purpose', message: 'a dunning-email has no PDF: preview it as HTML' },
    ]);

    const broken = await as(app, sam).post(PDF, {
      purpose: 'invoice',
      source: '<p>{{invoice.nonexistent}}</p>',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([
      { path: '$.source', message: expect.stringContaining('line 1') },
    ]);

    const noSource = await as(app, sam).post(PDF, { purpose: 'invoice' });
    expect(noSource.status).toBe(400);
    expect(noSource.body.errors).toEqual([expect.objectContaining({ path: '$.source' })]);
  });

  it('answers 503 naming the path when Chromium is not installed there', async () => {
    const missing = new ChromiumPdfRenderer({ executablePath: '/opt/no-chromium', pages: 1 });
    const without = createApp(
      testAppContext({ store: test.store, clock: aClock(), pdfRenderer: missing }),
    );
    const response = await as(without, sam).post(PDF, {
      purpose: 'invoice',
      source: invoiceSource,
    });
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toContain('/opt/no-chromium');
    await missing.close();
  });

  it('refuses callers without a session', async () => {
    const anonymous = await as(app, { ...sam, cookie: '' }).post(PDF, {
      purpose: 'invoice',
      source: invoiceSource,
    });
    expect(anonymous.status).toBe(401);
  });
});
