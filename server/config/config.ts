// The one place that reads the environment. It reads it once, at start-up, and refuses to start
// on a bad value, naming every bad variable at once.
import { parseRunWindow, type RunWindow } from '../invoicing/run-window';
import { join, resolve } from 'node:path';
import { DEFAULT_CHROMIUM_PATH } from '../invoicing/chromium';
import {
  DEFAULT_RETENTION,
  RETENTION_CEILINGS,
  RETENTION_FLOORS,
} from '../retention/retention-periods';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  host: string;
  port: number;
  /** MongoDB connection string; without it the embedded store under dataDir is used. */
  mongodbUri: string | undefined;
  dataDir: string;
  logLevel: LogLevel;
  /** Approvals a policy version needs from users other than its author before it is published. */
  approvalsRequired: number;
  /**
   * The audit log's retention in years until the retention settings are saved (then they count);
   * never below the legal floor of retention-settings.ts.
   */
  auditRetentionYears: number;
  /** How long a graceful shutdown waits for requests in flight. */
  shutdownGraceMs: number;
  /**
   * Behind a TLS-terminating proxy: trust its X-Forwarded-* headers, so cookies are marked Secure
   * and login rate limits count the client's address, not the proxy's.
   */
  trustProxy: boolean;
  /** The Chromium that renders PDFs (Debian's by default). */
  chromiumPath: string;
  /** PDFs rendered at once: the pages of the one Chromium. */
  pdfPages: number;
  /** Where invoice PDFs and other files are kept, by SHA-256 (BlobStore). */
  blobDir: string;
  /** The daily invoice run's time, HH:MM in UTC; undefined: runs are started by hand. */
  /** The daily invoice run's window (INVOICE_RUN_AT); none: runs are started by hand only. */
  invoiceRunWindow: RunWindow | undefined;
  /**
   * Where invoice e-mails are sent through: smtp:// or smtps://, with credentials if the server
   * needs them. Undefined: e-mail delivery is off (each e-mail delivery is recorded as skipped).
   */
  smtpUrl: string | undefined;
  /** The From of invoice e-mails, such as `"Billing" <billing@example.com>`; else the seller's. */
  mailFrom: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

function integer(
  env: Environment,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name}="${raw}": expected a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

export function loadConfig(env: Environment): Config {
  const problems: string[] = [];
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL="${env.LOG_LEVEL}": expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const mongodbUri = env.MONGODB_URI === '' ? undefined : env.MONGODB_URI;
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    // The URI may hold a password: name the variable, never echo its value.
    problems.push('MONGODB_URI: expected a mongodb:// or mongodb+srv:// connection string');
  }
  const config: Config = {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    mongodbUri,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    blobDir: resolve(env.BLOB_DIR ?? join(env.DATA_DIR ?? '.data', 'blobs')),
    logLevel,
    approvalsRequired: integer(env, 'APPROVALS_REQUIRED', 1, 1, 10, problems),
    auditRetentionYears: integer(
      env,
      'AUDIT_RETENTION_YEARS',
      DEFAULT_RETENTION.auditLogYears,
      RETENTION_FLOORS.auditLogYears,
      RETENTION_CEILINGS.auditLogYears,
      problems,
    ),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000, problems),
    trustProxy: env.TRUST_PROXY === 'true',
    chromiumPath: env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH,
    pdfPages: integer(env, 'PDF_PAGES', 2, 1, 16, problems),
    invoiceRunWindow: env.INVOICE_RUN_AT ? parseRunWindow(env.INVOICE_RUN_AT) : undefined,
    smtpUrl: env.SMTP_URL === '' ? undefined : env.SMTP_URL,
    mailFrom: env.MAIL_FROM === '' ? undefined : env.MAIL_FROM,
  };
  if (config.smtpUrl !== undefined && !/^smtps?:\/\/[^\s/]+/.test(config.smtpUrl)) {
    // The URL may hold a password: name the variable, never echo its value.
    problems.push(
      'SMTP_URL: expected an smtp:// or smtps:// URL, such as smtp://mail.example.com:587',
    );
  }
  if (config.mailFrom !== undefined && !/^(.*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(config.mailFrom)) {
    problems.push(
      `MAIL_FROM="${config.mailFrom}": expected an e-mail address, optionally with a name: "Billing" <billing@example.com>`,
    );
  }
  if (env.INVOICE_RUN_AT && config.invoiceRunWindow === undefined) {
    problems.push(
      `INVOICE_RUN_AT="${env.INVOICE_RUN_AT}": expected a time of day HH:MM or a window HH:MM-HH:MM (UTC)`,
    );
  }
  if (env.TRUST_PROXY !== undefined && !['true', 'false'].includes(env.TRUST_PROXY)) {
    problems.push(`TRUST_PROXY="${env.TRUST_PROXY}": expected true or false`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The configuration of this process: the one place in the code that reads process.env. */
export function loadConfigFromEnvironment(): Config {
  // eslint-disable-next-line no-restricted-syntax -- this module is the one reader of the environment
  return loadConfig(process.env);
}
