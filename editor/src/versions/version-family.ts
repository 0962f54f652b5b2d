// The two families of versioned documents, policies and templates: the same lifecycle and routes
// under their own path, their own permissions, and the text a diff shows of a version (a policy's
// JSON; a template's Handlebars source).
import type { PolicyKind } from '../../../server/rating/types';
import { policyModelPath } from '../monaco/model-paths';
import { prettyJson } from '../policies/policy-api';

export interface VersionFamily {
  /** The API path of the family, such as /api/v1/policies. */
  base: string;
  /** The app's address of the family's list; a document is at route/key. */
  route: '/policies' | '/templates';
  /** Policy, Template */
  noun: string;
  /** The prefix of its permissions: policy:submit, template:submit. */
  permission: 'policy' | 'template';
  language: 'json' | 'handlebars';
  /** The text of a version's document, as the diff editor compares it. */
  textOf: (document: Record<string, unknown>) => string;
  /** A model address for the diff editor; its file name chooses the schema of a policy. */
  modelPath: (key: string, version: number, kind: string) => string;
}

export const POLICY_FAMILY: VersionFamily = {
  base: '/api/v1/policies',
  route: '/policies',
  noun: 'Policy',
  permission: 'policy',
  language: 'json',
  textOf: prettyJson,
  modelPath: (key, version, kind) => policyModelPath(key, version, kind as PolicyKind),
};

export const TEMPLATE_FAMILY: VersionFamily = {
  base: '/api/v1/templates',
  route: '/templates',
  noun: 'Template',
  permission: 'template',
  language: 'handlebars',
  textOf: (document) => (typeof document.source === 'string' ? document.source : ''),
  modelPath: (key, version) => `templates/${key}/v${version}.hbs`,
};

export function familyVersionPath(family: VersionFamily, key: string, version: number): string {
  return `${family.base}/${encodeURIComponent(key)}/versions/${version}`;
}
