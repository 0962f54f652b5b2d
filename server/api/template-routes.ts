// Template versions over HTTP: the routes every versioned family has (version-routes.ts), for
// Handlebars templates, and a preview that renders a source the editor holds, with the sample
// context of its purpose or a context it sends, without saving anything.
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { SCHEMA_IDS } from '../rating/validation';
import { diffTemplateSource } from '../templates/diff-template-source';
import { renderTemplate } from '../templates/render-template';
import {
  contextSchemaId,
  PURPOSES,
  TEMPLATE_PURPOSES,
  type TemplateDocument,
  type TemplatePurpose,
} from '../templates/template-document';
import { TEMPLATE_FAMILY } from '../templates/template-version';
import { validateTemplateContext } from '../templates/validate-template';
import { diffDocuments } from '../versioning/diff-documents';
import { bodySchema, readBody, type BodyFields } from './request-inputs';
import { NO_CALLER, type RouteDefinition } from './route';
import type { VersionApi } from './version-api';
import { versionRoutes } from './version-routes';
import { DOCUMENT_CHANGES_SCHEMA } from './version-views';

/** The document without its source, whose changes are listed line by line instead. */
function metadataOf({ source: _source, ...metadata }: TemplateDocument) {
  return metadata;
}

export const TEMPLATE_API: VersionApi<TemplatePurpose, TemplateDocument> = {
  family: TEMPLATE_FAMILY,
  path: '/api/v1/templates',
  tag: 'templates',
  names: { singular: 'template', plural: 'templates', Singular: 'Template', Plural: 'Templates' },
  kinds: TEMPLATE_PURPOSES,
  documentSchema: { $ref: SCHEMA_IDS.template },
  permissions: {
    read: 'template:read',
    write: 'template:write',
    submit: 'template:submit',
    review: 'template:review',
    publish: 'template:publish',
  },
  diff: {
    description:
      '`changes` lists the fields other than the source (description, subject) with their values before and after; `sourceChanges` lists the lines of the source removed (numbered in `from`) and added (numbered in `to`).',
    properties: {
      changes: DOCUMENT_CHANGES_SCHEMA,
      sourceChanges: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['removed', 'added'] },
            line: { type: 'integer', minimum: 1 },
            text: { type: 'string' },
          },
          required: ['kind', 'line', 'text'],
        },
      },
    },
    compare: (before, after) => ({
      changes: diffDocuments(metadataOf(before), metadataOf(after)),
      sourceChanges: diffTemplateSource(before.source, after.source),
    }),
  },
  publicationNote:
    'The date is kept in the publication record; the content, and its hash, stay what the approvers approved.',
};

const PREVIEW_FIELDS: BodyFields = {
  purpose: {
    type: 'choice',
    of: TEMPLATE_PURPOSES,
    description: 'What the template renders; it fixes the context',
  },
  source: {
    type: 'string',
    required: true,
    maxLength: 200_000,
    description: 'The Handlebars source to render',
  },
  subject: {
    type: 'string',
    required: false,
    maxLength: 300,
    description: 'For a dunning e-mail: the subject line to render',
  },
  context: {
    type: 'document',
    required: false,
    schema: { $ref: SCHEMA_IDS.templateContext },
    description:
      'The context to render, which must match the schema of the purpose; the sample context of the purpose when left out',
  },
};

interface PreviewBody {
  purpose: TemplatePurpose;
  source: string;
  subject?: string;
  context?: unknown;
}

const previewRoute: RouteDefinition = {
  method: 'post',
  path: '/api/v1/templates/preview',
  permission: 'template:read',
  operation: {
    operationId: 'previewTemplate',
    summary: 'Render a template source with the sample context of its purpose, or a given one',
    description:
      'Nothing is saved. The rendering is the one used to validate versions: strict (a field the context does not have is an error naming its line and column), every value HTML-escaped, only the template helpers. The HTML is answered inside JSON, so that it is never served as a page of this site.',
    tags: ['templates'],
    requestBody: { schema: bodySchema(PREVIEW_FIELDS) },
    responses: {
      '200': {
        description: 'The rendered HTML, and the subject of an e-mail (null otherwise)',
        schema: {
          type: 'object',
          properties: {
            purpose: { type: 'string', enum: TEMPLATE_PURPOSES },
            context: {
              type: 'string',
              enum: ['sample', 'given'],
              description: 'Which context was rendered',
            },
            subject: { type: ['string', 'null'] },
            html: { type: 'string' },
          },
          required: ['purpose', 'context', 'subject', 'html'],
        },
      },
      '400': {
        description:
          'A field is missing or invalid, the context does not match its purpose ($.context...), or the template does not render ($.source, $.subject)',
      },
      '401': NO_CALLER,
      '403': { description: 'The caller may not read templates' },
      '415': { description: 'The request body is not application/json' },
    },
  },
  handle: (_context, request, response) => {
    const { body, given, rendered } = renderPreview(request);
    response.json({
      purpose: body.purpose,
      context: given ? 'given' : 'sample',
      subject: rendered.subject,
      html: rendered.html,
    });
  },
};

/** The body of a preview, checked, rendered with its context; a problem names its field. */
function renderPreview(request: Request) {
  const body = readBody<PreviewBody>(request, PREVIEW_FIELDS, 'preview');
  const given = body.context !== undefined;
  if (given) {
    const issues = validateTemplateContext(body.purpose, body.context, '$.context');
    if (issues.length > 0) {
      throw new AppError(
        'invalid_request',
        `the context does not match ${contextSchemaId(body.purpose)}`,
        { issues },
      );
    }
  }
  const rendered = renderTemplate({
    template: { source: body.source, subject: body.subject },
    context: given ? body.context : PURPOSES[body.purpose].sample,
  });
  if (!rendered.ok) {
    throw new AppError('invalid_request', 'the template does not render', {
      issues: rendered.issues,
    });
  }
  return { body, given, rendered };
}

/** Documents that are printed; a dunning e-mail is sent as HTML and has no PDF. */
const PRINTED: readonly TemplatePurpose[] = ['invoice', 'credit-note', 'statement'];

const pdfPreviewRoute: RouteDefinition = {
  method: 'post',
  path: '/api/v1/templates/preview/pdf',
  permission: 'template:read',
  operation: {
    operationId: 'previewTemplatePdf',
    summary: 'Render a template source to PDF, as invoices are printed',
    description:
      'The same body and rendering as POST /api/v1/templates/preview, then HTML to an A4 PDF in Chromium (JavaScript off, nothing fetched but data: URLs). Nothing is saved. Only for printed documents: invoice, credit-note, statement.',
    tags: ['templates'],
    requestBody: { schema: bodySchema(PREVIEW_FIELDS) },
    responses: {
      '200': {
        description: 'The PDF',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        headers: {
          'Content-Disposition': {
            description: 'inline, with a file name such as invoice-preview.pdf',
            schema: { type: 'string' },
          },
        },
      },
      '400': {
        description:
          'A field is missing or invalid, the purpose is not printed ($.purpose), the context does not match, or the template does not render',
      },
      '401': NO_CALLER,
      '403': { description: 'The caller may not read templates' },
      '415': { description: 'The request body is not application/json' },
      '503': { description: 'Chromium is not installed where CHROMIUM_PATH says' },
    },
  },
  handle: async (context, request, response) => {
    const { body, rendered } = renderPreview(request);
    if (!PRINTED.includes(body.purpose)) {
      throw new AppError('invalid_request', 'this purpose is not printed', {
        issues: [
          { path: '$.purpose', message: `a ${body.purpose} has no PDF: preview it as HTML` },
        ],
      });
    }
    const pdf = await context.pdfRenderer.render(rendered.html);
    response
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="${body.purpose}-preview.pdf"`)
      .setHeader('Cache-Control', 'no-store')
      .end(pdf);
  },
};

// The previews come first: /api/v1/templates/preview is not a template key.
export const templateRoutes: RouteDefinition[] = [
  previewRoute,
  pdfPreviewRoute,
  ...versionRoutes(TEMPLATE_API),
];
