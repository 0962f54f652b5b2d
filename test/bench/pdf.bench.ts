// npm run bench:pdf
//
// Invoice PDFs per second: the default invoice template rendered with its sample invoice (one A4
// page) and printed by ChromiumPdfRenderer, with one page and with pools of 2 and 4 pages on the
// one browser, 60 PDFs each after a warm-up. Even the pool of 1 reuses its page; opening a page
// per PDF, the naive way, gives about 6 here. The target for invoice runs is at least 10 PDFs per
// second on this machine.
//
// The last line printed is one JSON object:
// {"bench":"pdf","pdfs":60,"byPages":{"1":<pdfs/s>,"2":<pdfs/s>,"4":<pdfs/s>},"pdfsPerSecond":<best>}
import { readFileSync } from 'node:fs';
import { DEFAULT_CHROMIUM_PATH } from '../../server/invoicing/chromium';
import { ChromiumPdfRenderer } from '../../server/invoicing/pdf-renderer';
import { renderTemplate } from '../../server/templates/render-template';
import { PURPOSES } from '../../server/templates/template-document';

const PDFS = 60;
const POOLS = [1, 2, 4];

const source = readFileSync('templates/invoice.hbs', 'utf8');
const rendered = renderTemplate({ template: { source }, context: PURPOSES.invoice.sample });
if (!rendered.ok)
  throw new Error(`the invoice template does not render: ${JSON.stringify(rendered.issues)}`);
const html = rendered.html;

async function pdfsPerSecond(pages: number): Promise<number> {
  const renderer = new ChromiumPdfRenderer({ executablePath: DEFAULT_CHROMIUM_PATH, pages });
  try {
    await Promise.all(Array.from({ length: pages }, () => renderer.render(html)));
    const started = performance.now();
    await Promise.all(Array.from({ length: PDFS }, () => renderer.render(html)));
    const seconds = (performance.now() - started) / 1000;
    return Math.round((PDFS / seconds) * 10) / 10;
  } finally {
    await renderer.close();
  }
}

const byPages: Record<string, number> = {};
for (const pages of POOLS) {
  byPages[pages] = await pdfsPerSecond(pages);
  console.log(`${pages} page(s): ${byPages[pages]} PDFs per second`);
}
console.log(
  JSON.stringify({
    bench: 'pdf',
    pdfs: PDFS,
    byPages,
    pdfsPerSecond: Math.max(...Object.values(byPages)),
  }),
);
