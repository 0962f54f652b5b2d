// Structured JSON logs. Secrets and personal data never reach them: request logs carry the
// method, route, status and duration, never bodies, cookies or authorization headers, and the
// redaction list below is a second line of defence for anything logged by mistake.
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'mongodbUri',
  '*.mongodbUri',
  'smtpUrl',
  '*.smtpUrl',
  'email',
  '*.email',
];

export function createLogger(options: {
  level: LogLevel;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'ledgerline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}
