// A template key has many versions, in the template_versions collection, and goes through the
// lifecycle every versioned family shares (server/versioning/). What is particular to templates:
// they are validated by rendering their purpose's sample, they carry no version number of their
// own, and the date a version takes effect lives in its publication record, so publishing does
// not change the content the approvers approved (nor its hash).
import type { VersionFamily } from '../versioning/version-family';
import type { VersionRecord } from '../versioning/version-record';
import type { TemplateDocument, TemplatePurpose } from './template-document';
import { validateTemplate } from './validate-template';

export type TemplateVersionRecord = VersionRecord<TemplatePurpose, TemplateDocument>;

export const TEMPLATE_VERSIONS = 'template_versions';
export const TEMPLATE_KEYS = 'templates';

export const TEMPLATE_FAMILY: VersionFamily<TemplatePurpose, TemplateDocument> = {
  name: 'template',
  versionsCollection: TEMPLATE_VERSIONS,
  keysCollection: TEMPLATE_KEYS,
  auditTarget: 'template_version',
  kindField: 'purpose',
  validate: validateTemplate,
  keyOf: (document) => document.key,
  kindOf: (document) => document.purpose,
  numbered: (document) => document,
  seedVersionOf: () => 1,
  seedEffectiveFrom: (_document, today) => today,
  published: (document) => document,
};
