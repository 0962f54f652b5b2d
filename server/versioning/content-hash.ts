import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json';

/** SHA-256 of the canonical JSON of a document: equal documents, equal hashes, whatever key order. */
export function contentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}
