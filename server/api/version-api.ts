// What the HTTP API of one family of versioned documents needs to know beyond the family itself:
// where it lives, how it is named in the OpenAPI document, who may do what, and how two versions
// are compared. The routes of policies and templates are built from one of these each.
import type { Permission } from '../auth/permissions';
import type { VersionFamily } from '../versioning/version-family';
import type { VersionRecord } from '../versioning/version-record';
import type { AppContext } from './app-context';

export interface VersionApi<Kind extends string, Document> {
  family: VersionFamily<Kind, Document>;
  /** The collection path, such as /api/v1/policies. */
  path: string;
  /** The OpenAPI tag, and the names in operation ids and sentences. */
  tag: string;
  names: { singular: string; plural: string; Singular: string; Plural: string };
  /** Every kind (purpose) of the family, for the list filter and the schemas. */
  kinds: readonly Kind[];
  /** The JSON Schema of a document, as a $ref to rules/schemas/. */
  documentSchema: Record<string, unknown>;
  permissions: Record<'read' | 'write' | 'submit' | 'review' | 'publish', Permission>;
  diff: {
    description: string;
    /** The properties the answer has beside `from` and `to`. */
    properties: Record<string, unknown>;
    compare(before: Document, after: Document): Record<string, unknown>;
  };
  /** What the OpenAPI description of a publication adds: what the date changes. */
  publicationNote: string;
  /** What else a publication changes in this process (the rating cache for policies). */
  afterPublish?: (context: AppContext) => void;
  /**
   * What a submission adds to the review, once the version is in review (a simulation of its
   * revenue impact for policies). It must not throw: the submission has happened.
   */
  afterSubmit?(context: AppContext, record: VersionRecord<Kind, Document>): Promise<void>;
}
