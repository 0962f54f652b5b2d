// Reads JSON documents from files and folders for the command line.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

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
      const entries = (await readdir(path)).sort().map((entry) => join(path, entry));
      files.push(...(await listJsonFiles(await jsonFilesAndFolders(entries))));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * The entries of a folder worth reading: `.json` files and folders, whatever their name (a folder
 * may be called `2026.03`); hidden folders such as `.git` are skipped.
 */
async function jsonFilesAndFolders(entries: string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('.json')) kept.push(entry);
    else if (!basename(entry).startsWith('.') && (await isFolder(entry))) kept.push(entry);
  }
  return kept;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

export interface ReadJsonFileOptions {
  /** The command-line option that names the file, such as `--request`, for a clearer error. */
  option?: string;
}

export async function readJsonFile(
  file: string,
  { option }: ReadJsonFileOptions = {},
): Promise<LoadedDocument> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DocumentReadError(file, readFailure(error, option));
  });
  try {
    return { file, document: JSON.parse(text) as unknown };
  } catch (error) {
    throw new DocumentReadError(file, `not valid JSON: ${(error as Error).message}`);
  }
}

function readFailure(error: NodeJS.ErrnoException, option: string | undefined): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return option === undefined ? 'is a folder' : `is a folder; ${option} takes one JSON file`;
    default:
      return error.message;
  }
}

export async function readJsonDocuments(paths: string[]): Promise<LoadedDocument[]> {
  return Promise.all((await listJsonFiles(paths)).map((file) => readJsonFile(file)));
}
