// Debian's Chromium, started headless with the flags that keep it off the network (no updates,
// no sync, no background requests). Never a browser build downloaded by a package.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../errors/app-error';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(executablePath = DEFAULT_CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new AppError(
      'unavailable',
      `PDF rendering needs Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
