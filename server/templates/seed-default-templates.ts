// The default templates (templates/templates.json and the sources it names), published on the
// first start of a fresh embedded store as demo data, like the example policies.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../audit';
import type { Store } from '../store/store';
import { seedPublishedVersions } from '../versioning/seed-published-versions';
import { TEMPLATE_FAMILY, type TemplateVersionRecord } from './template-version';

interface ManifestEntry {
  key: string;
  purpose: string;
  description: string;
  subject?: string;
  /** The Handlebars source, next to the manifest. */
  file: string;
}

/** The template documents of a templates folder: its manifest's entries with their sources. */
export async function readDefaultTemplates(templatesDir: string): Promise<unknown[]> {
  const manifest = JSON.parse(
    await readFile(join(templatesDir, 'templates.json'), 'utf8'),
  ) as ManifestEntry[];
  return Promise.all(
    manifest.map(async ({ file, ...metadata }) => ({
      ...metadata,
      source: await readFile(join(templatesDir, file), 'utf8'),
    })),
  );
}

/** Publishes every default template whose key has no version yet; returns what it published. */
export async function seedDefaultTemplates(options: {
  store: Store;
  clock: Clock;
  templatesDir: string;
  reason: string;
}): Promise<TemplateVersionRecord[]> {
  const { store, clock, reason } = options;
  return seedPublishedVersions({
    store,
    clock,
    family: TEMPLATE_FAMILY,
    documents: await readDefaultTemplates(options.templatesDir),
    reason,
  });
}
