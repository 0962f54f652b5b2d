// Debian's Chromium at /usr/bin/chromium, installed from Debian's packages when it is missing (a
// fresh machine), never a browser build downloaded by a package. The server prints PDFs with it
// and the end-to-end tests drive the editor in it.
//
//   npx tsx scripts/ensure-chromium.ts   installs it when missing; if that fails, says so and
//                                        exits 0: the server runs, and PDFs answer 503 until then
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfigFromEnvironment } from '../server/config/config';
import { DEFAULT_CHROMIUM_PATH } from '../server/invoicing/chromium';

const run = promisify(execFile);

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export async function ensureChromium(log: (line: string) => void = console.log): Promise<void> {
  if (await exists(DEFAULT_CHROMIUM_PATH)) return;
  const started = performance.now();
  log("chromium: installing Debian's chromium package (first run on this machine)");
  // No questions from debconf: nobody is there to answer them.
  const apt = (...args: string[]) =>
    run('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
  await apt('update');
  await apt('install', '-y', '--no-install-recommends', 'chromium');
  await access(DEFAULT_CHROMIUM_PATH);
  log(`chromium: installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { chromiumPath } = loadConfigFromEnvironment();
  if (chromiumPath !== DEFAULT_CHROMIUM_PATH) {
    if (!(await exists(chromiumPath))) {
      console.warn(`chromium: CHROMIUM_PATH=${chromiumPath} does not exist; PDFs will answer 503`);
    }
  } else {
    try {
      await ensureChromium();
    } catch (error) {
      console.warn(
        `chromium: could not install it (${(error as Error).message.split('\n')[0]}); the server runs, and PDFs answer 503 until /usr/bin/chromium exists`,
      );
    }
  }
}
