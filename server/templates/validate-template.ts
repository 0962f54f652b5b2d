// What a template version must satisfy to be saved as a draft, and again before review: its
// schema, then that it compiles and renders the sample context of its purpose in strict mode
// (so a misspelt field is an error naming its line) to something that is not empty.
import { SCHEMA_IDS, type ValidationIssue, type ValidationOutcome } from '../rating/validation';
import { validateAgainstSchema } from '../rating/validation/schema-validator';
import { renderTemplate } from './render-template';
import {
  contextSchemaId,
  PURPOSES,
  type TemplateDocument,
  type TemplatePurpose,
} from './template-document';

export function validateTemplate(document: unknown): ValidationOutcome<TemplateDocument> {
  const schemaIssues = validateAgainstSchema(SCHEMA_IDS.template, document);
  if (schemaIssues.length > 0) return { ok: false, issues: schemaIssues };
  const template = document as TemplateDocument;
  const issues: ValidationIssue[] = [];
  const isEmail = template.purpose === 'dunning-email';
  if (template.subject !== undefined && !isEmail) {
    issues.push({ path: '$.subject', message: 'only dunning e-mails have a subject' });
  }
  if (template.subject === undefined && isEmail) {
    issues.push({ path: '$.subject', message: 'is required for a dunning e-mail' });
  }
  const rendered = renderTemplate({ template, context: PURPOSES[template.purpose].sample });
  if (!rendered.ok) issues.push(...rendered.issues);
  return issues.length === 0 ? { ok: true, value: template } : { ok: false, issues };
}

/** Issues of a context against the schema of its purpose, with paths under `prefix`. */
export function validateTemplateContext(
  purpose: TemplatePurpose,
  context: unknown,
  prefix: string,
): ValidationIssue[] {
  return validateAgainstSchema(contextSchemaId(purpose), context).map((issue) => ({
    ...issue,
    path: issue.path.replace(/^\$/, prefix),
  }));
}
