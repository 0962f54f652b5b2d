// Builds the browser editor (editor/, Vite) into editor/dist when it is missing or its sources
// changed, so that `npm start` and the end-to-end tests always serve the code in the checkout.
//
// A build records every file that went into it with its SHA-256 (editor/dist/build-inputs.json);
// the next call rebuilds only if one of those files changed or went away, or the record is
// missing. The files are those Vite read (editor/src, and the server modules and JSON Schemas the
// editor imports), plus the page, the Vite config and the package versions.
//
//   npx tsx scripts/build-editor.ts          builds when stale, says which it did
//   npx tsx scripts/build-editor.ts --force  builds in any case
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EDITOR_DIR = path.join(ROOT, 'editor');
const EDITOR_DIST = path.join(EDITOR_DIR, 'dist');
const RECORD = path.join(EDITOR_DIST, 'build-inputs.json');
const ALWAYS_INPUTS = ['editor/index.html', 'editor/vite.config.ts', 'package-lock.json'];

interface BuildRecord {
  /** Path from the package root -> SHA-256 of its content. */
  inputs: Record<string, string>;
}

async function sha256Of(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256')
      .update(await readFile(path.join(ROOT, file)))
      .digest('hex');
  } catch {
    return undefined;
  }
}

/** Why the build is stale, or undefined when editor/dist is the build of these sources. */
async function staleness(): Promise<string | undefined> {
  let record: BuildRecord;
  try {
    record = JSON.parse(await readFile(RECORD, 'utf8')) as BuildRecord;
  } catch {
    return 'no build yet';
  }
  for (const [file, hash] of Object.entries(record.inputs)) {
    if ((await sha256Of(file)) !== hash) return `${file} changed`;
  }
  return undefined;
}

/** The package-root paths of the source files a Vite build output was made of. */
function sourcesOf(output: unknown): string[] {
  const outputs = (Array.isArray(output) ? output : [output]) as Array<{
    output?: Array<{ type: string; moduleIds?: string[] }>;
  }>;
  const files = new Set<string>();
  for (const { output: items = [] } of outputs) {
    for (const item of items) {
      for (const id of item.moduleIds ?? []) {
        const file = id.split('?')[0]!;
        if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        files.add(path.relative(ROOT, file));
      }
    }
  }
  return [...files];
}

export async function buildEditor(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<'built' | 'up to date'> {
  const log = options.log ?? console.log;
  const reason = options.force ? 'asked to' : await staleness();
  if (reason === undefined) return 'up to date';
  const started = performance.now();
  log(`editor: building (${reason})`);
  const { build } = await import('vite');
  const output = await build({
    configFile: path.join(EDITOR_DIR, 'vite.config.ts'),
    logLevel: 'warn',
  });
  const inputs: Record<string, string> = {};
  for (const file of [...ALWAYS_INPUTS, ...sourcesOf(output)].sort()) {
    const hash = await sha256Of(file);
    if (hash !== undefined) inputs[file] = hash;
  }
  await writeFile(RECORD, `${JSON.stringify({ inputs } satisfies BuildRecord, null, 2)}\n`);
  log(`editor: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const outcome = await buildEditor({ force: process.argv.includes('--force') });
  if (outcome === 'up to date') console.log('editor: up to date');
}
