// The process entry point: read the configuration, start, and stop on SIGTERM or SIGINT.
import { ConfigError, loadConfigFromEnvironment } from './config/config';
import { createLogger } from './logging/create-logger';
import { startServer } from './start-server';

let config;
try {
  config = loadConfigFromEnvironment();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel });
const server = await startServer({ config, logger });
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
