// The audit log: append-only, hash-chained, verifiable, exportable, purged only by retention.
export {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  GENESIS_HASH,
  type AuditAction,
  type AuditActor,
  type AuditEntry,
  type AuditTarget,
  type ChainPoint,
  type Clock,
  type NewAuditEntry,
} from './audit-entry';
export { AUDIT_INDEXES } from './audit-indexes';
export { InvalidAuditEntryError } from './check-new-audit-entry';
export { appendAuditEntry, AuditLogContentionError } from './append-audit-entry';
export { verifyAuditLog } from './verify-audit-log';
export { verifyChain, type ChainProblem, type ChainVerification } from './verify-chain';
export { exportAuditLog } from './export-audit-log';
export type { AuditExport, AuditExportFormat } from './build-audit-export';
export { purgeAuditLog, type PurgeAuditLogOutcome } from './purge-audit-log';
export { DEFAULT_RETENTION_YEARS, purgeableBefore } from './purgeable-before';
