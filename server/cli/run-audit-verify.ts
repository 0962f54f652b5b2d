import { stat } from 'node:fs/promises';
import { verifyAuditLog, type ChainVerification } from '../audit';
import { ConfigError, type Config } from '../config/config';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';

export interface RunAuditVerifyOptions {
  /** The configuration of the process (loadConfigFromEnvironment); it may throw ConfigError. */
  readConfig: () => Config;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The log verifies. */
export const VERIFIED = 0;
/** The log does not verify: each problem is printed. */
export const TAMPERED = 1;
/** The log could not be checked: bad configuration, or a store that cannot be opened or read. */
export const NOT_CHECKED = 2;

/**
 * `billing audit verify`: verifies the audit log of the store the server uses (MONGODB_URI, else
 * the embedded store in DATA_DIR). Exit 0 when it verifies, 1 naming each problem, 2 when the
 * log could not be checked at all, so that a script never takes "not checked" for "intact".
 */
export async function runAuditVerify({
  readConfig,
  out,
  err,
}: RunAuditVerifyOptions): Promise<number> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`invalid configuration: ${error.problems.join('; ')}`);
    return NOT_CHECKED;
  }
  const where = config.mongodbUri
    ? 'the MongoDB store of MONGODB_URI'
    : `the embedded store in ${config.dataDir}`;
  // The URI may hold a password: never echo it, not even inside a driver's message.
  const safe = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    return config.mongodbUri ? message.replaceAll(config.mongodbUri, 'MONGODB_URI') : message;
  };

  // Opening the embedded store creates a missing folder: a mistyped DATA_DIR would then
  // "verify" an empty log.
  if (!config.mongodbUri && !(await isFolder(config.dataDir))) {
    err(`cannot open ${where}: there is no such folder (set DATA_DIR to the server's data folder)`);
    return NOT_CHECKED;
  }

  let store: Store;
  try {
    store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  } catch (error) {
    err(`cannot open ${where}: ${safe(error)}`);
    return NOT_CHECKED;
  }
  let verification: ChainVerification;
  try {
    verification = await verifyAuditLog({ store });
  } catch (error) {
    err(`cannot read the audit log in ${where}: ${safe(error)}`);
    return NOT_CHECKED;
  } finally {
    await store.close();
  }

  if (verification.ok) {
    out(`audit log verified: ${verification.entries} entries`);
    return VERIFIED;
  }
  for (const problem of verification.problems) {
    err(`#${problem.sequence} ${problem.kind}: ${problem.message}`);
  }
  err(`audit log does not verify: ${verification.problems.length} problem(s)`);
  return TAMPERED;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
