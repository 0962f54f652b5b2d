// The browser of the end-to-end tests: Debian's Chromium at /usr/bin/chromium, installed from
// Debian's packages when it is missing (a fresh machine), never a browser build downloaded by a
// test tool. Started headless with the flags that keep it off the network.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const run = promisify(execFile);

export async function ensureChromium(log: (line: string) => void = console.log): Promise<void> {
  try {
    await access(CHROMIUM);
    return;
  } catch {
    // Not installed yet: install it below.
  }
  const started = performance.now();
  log("chromium: installing Debian's chromium package (first run on this machine)");
  // No questions from debconf: nobody is there to answer them.
  const apt = (...args: string[]) =>
    run('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
  await apt('update');
  await apt('install', '-y', '--no-install-recommends', 'chromium');
  await access(CHROMIUM);
  log(`chromium: installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
