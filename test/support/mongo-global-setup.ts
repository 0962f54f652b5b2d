// Vitest global setup: one MongoDB wire-protocol server (FerretDB, see scripts/mongo-server.ts)
// for the whole test run, built on the first run of a fresh clone. Tests read its URI with
// inject('mongoUri') and use a database of their own.
import type { TestProject } from 'vitest/node';
import { startMongoServer } from '../../scripts/mongo-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** mongodb://127.0.0.1:PORT/ of the test run's server. */
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const server = await startMongoServer();
  const milliseconds = Math.round(performance.now() - started);
  console.log(`mongo-server: FerretDB ready at ${server.uri} in ${milliseconds} ms`);
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
  };
}
