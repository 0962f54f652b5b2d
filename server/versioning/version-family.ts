// What differs between the families of versioned documents (policies, templates): one
// descriptor each, and one implementation of drafts, review, publication, rollback and audit
// for all of them.
import type { AuditTarget } from '../audit';
import type { ValidationOutcome } from '../rating/validation';

export interface VersionFamily<Kind extends string, Document> {
  /** Names the family in audit actions (`policy.published`), messages and errors. */
  name: 'policy' | 'template';
  /** The collection of versions, and the collection of keys with their counters. */
  versionsCollection: string;
  keysCollection: string;
  /** How the audit log names a version of this family. */
  auditTarget: AuditTarget['type'];
  /** The document field that holds the kind, named in errors ("kind", "purpose"). */
  kindField: string;
  /**
   * Everything a document must satisfy to be saved as a draft, and again before review: its
   * schema and the checks a schema cannot express. Issues name paths within the document.
   */
  validate(document: unknown): ValidationOutcome<Document>;
  keyOf(document: Document): string;
  kindOf(document: Document): Kind;
  /** The document as version `version` of its key (a policy carries its number; a template not). */
  numbered(document: Document, version: number): Document;
  /** The version a seed document declares: seeding skips a key that already has it. */
  seedVersionOf(document: Document): number;
  /** When a seed document takes effect, seeded on `today`. */
  seedEffectiveFrom(document: Document, today: string): string;
  /**
   * The document as published from `effectiveFrom`. A policy's rules carry the date, so it is
   * written into the document (and hashed again); a template's content is what was approved,
   * and the date lives in the publication record only.
   */
  published(document: Document, effectiveFrom: string): Document;
}
