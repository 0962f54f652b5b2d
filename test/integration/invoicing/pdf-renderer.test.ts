// HTML to PDF on Debian's Chromium with a pool of pages: real PDFs with the pages the HTML asks
// for, renders beyond the pool's size waiting their turn, and a template that tries to fetch an
// address or run a script reaching nothing.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors/app-error';
import { DEFAULT_CHROMIUM_PATH } from '../../../server/invoicing/chromium';
import { ChromiumPdfRenderer } from '../../../server/invoicing/pdf-renderer';
import { isPdf, pageCount } from '../../support/pdf-pages';

let renderer: ChromiumPdfRenderer;
/** A server the HTML points at: any request reaching it is a hole in the sandbox. */
let bait: Server;
let baitUrl: string;
const baitHits: string[] = [];

/** The Chromium browser processes this test process started (Playwright spawns them directly). */
function childBrowsers(): number[] {
  const lines = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  }).split('\n');
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter(([, command]) => command !== undefined && command.startsWith('chrom'))
    .map(([pid]) => Number(pid));
}

beforeAll(async () => {
  renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages: 2 });
  bait = createServer((request, response) => {
    baitHits.push(request.url ?? '');
    response.end('x');
  });
  await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
  baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await renderer.close();
  await new Promise((resolve) => bait.close(resolve));
});

describe('ChromiumPdfRenderer', { timeout: 30_000 }, () => {
  it('renders HTML to a PDF with the pages its page breaks make', async () => {
    const one = await renderer.render('<h1>Invoice INV-2026-000001</h1>');
    expect(isPdf(one)).toBe(true);
    expect(pageCount(one)).toBe(1);
    const three = await renderer.render(
      '<p style="break-after: page">one</p><p style="break-after: page">two</p><p>three</p>',
    );
    expect(pageCount(three)).toBe(3);
  });

  it('renders more documents at once than it has pages, each one whole', async () => {
    const pdfs = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        renderer.render(`<p>${'<br>'.repeat(index * 60)}document ${index}</p>`),
      ),
    );
    // 60 line breaks a document more: about one more A4 page every second document.
    expect(pdfs.every(isPdf)).toBe(true);
    const pages = pdfs.map(pageCount);
    expect(pages[0]).toBe(1);
    expect(pages[6]).toBeGreaterThan(pages[0]!);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
  });

  it('fetches nothing and runs no script, whatever the HTML asks', async () => {
    const pdf = await renderer.render(`
      <link rel="stylesheet" href="${baitUrl}/style.css">
      <img src="${baitUrl}/image.png">
      <iframe src="${baitUrl}/frame"></iframe>
      <script>fetch('${baitUrl}/fetch'); location.href = '${baitUrl}/navigate';</script>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <p>still rendered</p>`);
    expect(isPdf(pdf)).toBe(true);
    expect(baitHits).toEqual([]);
  });

  it('says where Chromium was expected when it is not there', async () => {
    const missing = new ChromiumPdfRenderer({ executablePath: '/nowhere/chromium', pages: 1 });
    const failure = await missing.render('<p>x</p>').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('unavailable');
    expect((failure as AppError).message).toContain('/nowhere/chromium');
    await missing.close();
  });

  // Last: it kills this test process's browsers, the shared renderer's too.
  it('starts a new browser when the one it had died', async () => {
    expect(isPdf(await renderer.render('<p>before</p>'))).toBe(true);
    const browsers = childBrowsers();
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) process.kill(pid, 'SIGKILL');
    await expect.poll(() => childBrowsers().length).toBe(0);
    expect(isPdf(await renderer.render('<p>after</p>'))).toBe(true);
  });
});
