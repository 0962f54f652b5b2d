// A template document (rules/schemas/template.schema.json) and the purposes templates serve,
// each with the context its templates receive (rules/schemas/template-context.schema.json) and
// a realistic sample of that context (templates/samples/), which every template must render
// before it is saved or reviewed.
import creditNoteSample from '../../templates/samples/credit-note.json' with { type: 'json' };
import dunningEmailSample from '../../templates/samples/dunning-email.json' with { type: 'json' };
import invoiceSample from '../../templates/samples/invoice.json' with { type: 'json' };
import statementSample from '../../templates/samples/statement.json' with { type: 'json' };
import { SCHEMA_IDS } from '../rating/validation';

export type TemplatePurpose = 'invoice' | 'credit-note' | 'statement' | 'dunning-email';

export interface TemplateDocument {
  key: string;
  purpose: TemplatePurpose;
  description: string;
  /** Only for dunning e-mails: the subject line, a Handlebars template of plain text. */
  subject?: string;
  /** The Handlebars source of the HTML. */
  source: string;
}

interface PurposeDefinition {
  /** The $defs entry of template-context.schema.json. */
  contextDefinition: string;
  sample: unknown;
}

/** Every purpose, checked complete by the compiler. */
export const PURPOSES: Record<TemplatePurpose, PurposeDefinition> = {
  invoice: { contextDefinition: 'invoiceContext', sample: invoiceSample },
  'credit-note': { contextDefinition: 'creditNoteContext', sample: creditNoteSample },
  statement: { contextDefinition: 'statementContext', sample: statementSample },
  'dunning-email': { contextDefinition: 'dunningEmailContext', sample: dunningEmailSample },
};

export const TEMPLATE_PURPOSES = Object.keys(PURPOSES) as TemplatePurpose[];

/** The $id of the context schema of a purpose, for ajv and the editor. */
export function contextSchemaId(purpose: TemplatePurpose): string {
  return `${SCHEMA_IDS.templateContext}#/$defs/${PURPOSES[purpose].contextDefinition}`;
}
