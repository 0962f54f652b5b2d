// Renders a template with a context: the HTML, and for an e-mail its subject line. Pure: the
// caller chose the context (the purpose's sample, one sent for a preview, later an invoice's).
// A problem is an issue naming the field of the template ($.source, $.subject) with its line and
// column, as the editor shows it.
import type { ValidationIssue } from '../rating/validation';
import { compileTemplate } from './compile-template';
import type { TemplateDocument } from './template-document';
import { TemplateSourceError } from './template-source-error';

export type RenderOutcome =
  { ok: true; html: string; subject: string | null } | { ok: false; issues: ValidationIssue[] };

export function renderTemplate(options: {
  template: Pick<TemplateDocument, 'source' | 'subject'>;
  context: unknown;
}): RenderOutcome {
  const { template, context } = options;
  const issues: ValidationIssue[] = [];
  const html = renderField('$.source', template.source, { html: true }, context, issues);
  const subject =
    template.subject === undefined
      ? null
      : renderField('$.subject', template.subject, { html: false }, context, issues);
  if (subject !== undefined && subject !== null && /[\r\n]/.test(subject)) {
    issues.push({ path: '$.subject', message: 'renders on more than one line' });
  }
  if (issues.length > 0 || html === undefined || subject === undefined)
    return { ok: false, issues };
  return { ok: true, html, subject };
}

function renderField(
  path: string,
  source: string,
  options: { html: boolean },
  context: unknown,
  issues: ValidationIssue[],
): string | undefined {
  try {
    const text = compileTemplate(source, options)(context);
    if (text.trim() === '') {
      issues.push({ path, message: 'renders nothing with this context' });
      return undefined;
    }
    return text;
  } catch (error) {
    if (!(error instanceof TemplateSourceError)) throw error;
    issues.push({ path, message: located(error) });
    return undefined;
  }
}

function located(error: TemplateSourceError): string {
  if (error.line === undefined) return error.message;
  const column = error.column === undefined ? '' : `, column ${error.column}`;
  return `line ${error.line}${column}: ${error.message}`;
}
