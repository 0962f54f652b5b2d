// Reads JSON documents from files and folders for the command line.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LoadedDocument {
  file: string;
  document: unknown;
}

export class DocumentReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DocumentReadError';
  }
}

/** Every `.json` file named, or found (recursively, in name order) under a folder named. */
export async function listJsonFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new DocumentReadError(path, 'no such file or folder');
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      files.push(
        ...(await listJsonFiles(entries.map((entry) => join(path, entry)).filter(isJsonOrFolder))),
      );
    } else {
      files.push(path);
    }
  }
  return files;
}

function isJsonOrFolder(path: string): boolean {
  return path.endsWith('.json') || !path.split('/').pop()!.includes('.');
}

export async function readJsonFile(file: string): Promise<LoadedDocument> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DocumentReadError(file, error.code === 'ENOENT' ? 'no such file' : error.message);
  });
  try {
    return { file, document: JSON.parse(text) as unknown };
  } catch (error) {
    throw new DocumentReadError(file, `not valid JSON: ${(error as Error).message}`);
  }
}

export async function readJsonDocuments(paths: string[]): Promise<LoadedDocument[]> {
  return Promise.all((await listJsonFiles(paths)).map(readJsonFile));
}
