// Vitest global setup for the end-to-end tests: the browser (installed when missing) and the
// editor built from the checkout's sources (rebuilt only when they changed).
import { buildEditor } from '../../scripts/build-editor';
import { ensureChromium } from '../../scripts/ensure-chromium';

export default async function setup(): Promise<void> {
  await ensureChromium();
  await buildEditor();
}
