// Fixtures for command-line tests: the example documents, temporary folders of documents, and
// `out`/`err` functions that collect what a command prints.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const EXAMPLES = join(REPO_ROOT, 'rules/examples');

export const SAAS_POLICIES = join(EXAMPLES, 'saas/policies');
export const ACME_REQUEST = join(EXAMPLES, 'saas/requests/acme-2026-03.json');
export const HARDWARE_POLICIES = join(EXAMPLES, 'hardware/policies');
export const INITECH_REQUEST = join(EXAMPLES, 'hardware/requests/initech-2026-03.json');
export const DUNNING_POLICIES = join(EXAMPLES, 'dunning/policies');
export const ACME_OVERDUE_INVOICE = join(EXAMPLES, 'dunning/invoices/acme-overdue.json');

export interface CapturedOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  /** What went to standard output, one entry per call. */
  outLines: string[];
  /** What went to standard error, one entry per call. */
  errLines: string[];
}

export function captureOutput(): CapturedOutput {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    out: (text) => outLines.push(text),
    err: (text) => errLines.push(text),
    outLines,
    errLines,
  };
}

/** A fresh folder under the system's temporary folder; `remove` deletes it with its contents. */
export async function aTemporaryFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'ledgerline-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes a file (and its folders) under `folder`; returns its full path. */
export async function writeText(folder: string, name: string, text: string): Promise<string> {
  const file = join(folder, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

export function writeDocument(folder: string, name: string, document: unknown): Promise<string> {
  return writeText(folder, name, JSON.stringify(document, null, 2));
}

export async function readDocument(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
