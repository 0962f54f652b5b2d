// The template API's answers, and the server's problems with a template's source read back into
// lines and columns for the editor.
import type { FieldIssue } from '../api/api-client';
import type { SourceProblem } from '../monaco/handlebars-editor';
import type { PolicyVersion } from '../policies/policy-api';

export type TemplatePurpose = 'invoice' | 'credit-note' | 'statement' | 'dunning-email';

export const TEMPLATE_PURPOSES: TemplatePurpose[] = [
  'invoice',
  'credit-note',
  'statement',
  'dunning-email',
];

/** Printed to PDF; a dunning e-mail is sent as HTML. */
export const PRINTED_PURPOSES: readonly TemplatePurpose[] = ['invoice', 'credit-note', 'statement'];

// A type, not an interface: it must fit the Record of a version's document.
export type TemplateDocument = {
  key: string;
  purpose: TemplatePurpose;
  description: string;
  subject?: string;
  source: string;
};

export type TemplateVersion = Omit<PolicyVersion, 'document'> & { document: TemplateDocument };

export interface TemplatePreview {
  purpose: TemplatePurpose;
  context: 'sample' | 'given';
  subject: string | null;
  html: string;
}

/**
 * The problems of the source ($.source or $.document.source), at the line and column their message
 * names ("line 2, column 5: ..."); the first line when it names none.
 */
export function sourceProblems(issues: FieldIssue[]): SourceProblem[] {
  // The same problem comes from the save and from the live preview: list it once.
  const messages = new Set(
    issues
      .filter((issue) => /^\$(\.document)?\.source$/.test(issue.path))
      .map((issue) => issue.message),
  );
  return [...messages]
    .map((message) => ({ message }))
    .map((issue) => {
      const place = /^line (\d+)(?:, column (\d+))?: /.exec(issue.message);
      return {
        line: place ? Number(place[1]) : 1,
        ...(place?.[2] !== undefined && { column: Number(place[2]) }),
        message: issue.message,
      };
    });
}
