// HTML to PDF on one Chromium with a pool of pages: the browser starts on the first PDF (a server
// that renders none never starts it), each render takes an idle page or waits for one, and a page
// that failed is replaced. If the browser dies, the next render starts a new one.
//
// Security: the HTML comes from templates that billing admins write. It renders with JavaScript
// off and every request refused except inline data: URLs, so a template can neither run code nor
// make the server fetch an address (an internal service, a cloud metadata endpoint).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';

export interface PdfRenderer {
  /** An A4 PDF of the HTML, backgrounds printed. */
  render(html: string): Promise<Buffer>;
  /** Closes the browser, if it was started; renders waiting for a page fail. */
  close(): Promise<void>;
}

export interface ChromiumPdfRendererOptions {
  executablePath: string;
  /** Pages rendering at once. */
  pages: number;
  /** Longest a render may take once it has a page. */
  timeoutMs?: number;
}

interface Pool {
  browser: Browser;
  context: BrowserContext;
  idle: Page[];
  open: number;
}

export class ChromiumPdfRenderer implements PdfRenderer {
  private pool: Promise<Pool> | undefined;
  private readonly waiting: Array<{ resolve: (page: Page) => void; reject: (e: Error) => void }> =
    [];
  private closed = false;

  constructor(private readonly options: ChromiumPdfRendererOptions) {}

  async render(html: string): Promise<Buffer> {
    const pool = await this.startedPool();
    const page = await this.acquire(pool);
    let healthy = false;
    try {
      const timeout = this.options.timeoutMs ?? 15_000;
      await page.setContent(html, { waitUntil: 'load', timeout });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      healthy = true;
      return pdf;
    } finally {
      this.release(pool, page, healthy);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new Error('the PDF renderer closed'));
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool.catch(() => undefined))?.browser.close();
  }

  private startedPool(): Promise<Pool> {
    if (this.closed) return Promise.reject(new Error('the PDF renderer is closed'));
    if (!this.pool) {
      const starting = this.launch();
      this.pool = starting;
      const forget = () => {
        if (this.pool === starting) this.pool = undefined;
      };
      // A failed start is not kept, nor a browser that died: the next render starts one again
      // (Chromium may have been installed in between).
      starting.then((pool) => pool.browser.on('disconnected', forget), forget);
    }
    return this.pool;
  }

  private async launch(): Promise<Pool> {
    const browser = await launchChromium(this.options.executablePath);
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
    );
    return { browser, context, idle: [], open: 0 };
  }

  private async acquire(pool: Pool): Promise<Page> {
    const idle = pool.idle.pop();
    if (idle) return idle;
    if (pool.open < this.options.pages) {
      pool.open += 1;
      try {
        return await pool.context.newPage();
      } catch (error) {
        pool.open -= 1;
        throw error;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(pool: Pool, page: Page, healthy: boolean): void {
    if (!healthy) {
      pool.open -= 1;
      void page.close().catch(() => undefined);
      const waiter = this.waiting.shift();
      if (waiter) void this.acquire(pool).then(waiter.resolve, waiter.reject);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(page);
    else pool.idle.push(page);
  }
}
