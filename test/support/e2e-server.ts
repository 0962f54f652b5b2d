// One real server for an end-to-end test file: a fresh embedded data folder with the demo data,
// the built editor, and the demo credentials the server announces once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config/config';
import { createLogger } from '../../server/logging/create-logger';
import { startServer } from '../../server/start-server';
import type { Store } from '../../server/store/store';

export interface E2eServer {
  url: string;
  /** Demo user name -> password, as the server printed them. */
  passwords: Record<string, string>;
  apiKey: string;
  /** The server's own store, to change data behind the API. */
  store: Store;
  stop(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledgerline-e2e-'));
  const announced: string[] = [];
  const server = await startServer({
    config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    announce: (text) => announced.push(text),
  });
  const text = announced.join('\n');
  const passwords: Record<string, string> = {};
  for (const match of text.matchAll(/^\s+(demo-[a-z-]+)\s+(\S+)\s+\(/gm)) {
    passwords[match[1]!] = match[2]!;
  }
  const apiKey = /API key \(rate, policies:read, usage:write\): (\S+)/.exec(text)?.[1];
  if (!apiKey || Object.keys(passwords).length === 0) {
    throw new Error(`the server announced no demo credentials:\n${text}`);
  }
  return {
    url: server.url,
    passwords,
    apiKey,
    store: server.store,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
