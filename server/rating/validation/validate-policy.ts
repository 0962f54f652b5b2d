import type { Policy } from '../types';
import { checkPolicy } from './check-policy';
import { SCHEMA_IDS } from './schema-documents';
import { validateAgainstSchema } from './schema-validator';
import { toOutcome, type ValidationOutcome } from './validation-outcome';

/** Validates a policy of any kind: its schema, then the rules a schema cannot express. */
export function validatePolicy(document: unknown): ValidationOutcome<Policy> {
  return toOutcome<Policy>(
    document,
    validateAgainstSchema(SCHEMA_IDS.policy, document),
    checkPolicy(document),
  );
}
