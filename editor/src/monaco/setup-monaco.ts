// Monaco, bundled (no CDN): its editor and JSON workers come from node_modules through Vite, and
// the JSON language gets the very schemas the server validates with, so a policy shows the same
// mistakes as you type that saving it would (diagnostics), with completion and hover help from
// the schemas' members, enums and descriptions. Fact names come from facts.schema.json.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import {
  DUNNING_FACT_NAMES,
  RATING_FACT_NAMES,
  SCHEMA_DOCUMENTS,
  SCHEMA_IDS,
  schemaFor,
} from '../../../server/rating/validation/schema-documents';
import type { PolicyKind } from '../../../server/rating/types';
import { EDITOR_THEME } from './editor-options';
import { RATING_REQUEST_SUFFIX } from './model-paths';
import { registerSchemaHelp } from './register-schema-help';
import { SchemaIndex } from './schema-help';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) =>
    label === 'json' ? new JsonWorker() : new EditorWorker(),
};

const KINDS: PolicyKind[] = ['pricing', 'discount', 'tax', 'dunning'];

/** Which models each schema checks, by the end of their file names (model-paths.ts). */
const fileMatchOf = new Map<string, string>([
  ...KINDS.map((kind): [string, string] => [schemaFor(kind).$id, `*.${kind}.policy.json`]),
  [SCHEMA_IDS.ratingRequest, `*${RATING_REQUEST_SUFFIX}`],
]);
const absolute = new SchemaIndex(SCHEMA_DOCUMENTS);

monaco.json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemaValidation: 'error',
  // Every schema under its $id, so that $refs between them resolve without a request; a policy
  // kind's schema checks the models of that kind, the rating request's the pasted requests.
  schemas: SCHEMA_DOCUMENTS.map((schema) => {
    const fileMatch = fileMatchOf.get(schema.$id);
    return {
      uri: schema.$id,
      schema: absolute.get(schema.$id),
      ...(fileMatch && { fileMatch: [fileMatch] }),
    };
  }),
});

// Completion and hover from the schemas at the cursor's place (schema-help.ts): Monaco's own
// give up inside rule conditions, whose shape the schemas choose with if/then/else.
monaco.json.jsonDefaults.setModeConfiguration({
  ...monaco.json.jsonDefaults.modeConfiguration,
  completionItems: false,
  hovers: false,
});
registerSchemaHelp(monaco, {
  index: new SchemaIndex(SCHEMA_DOCUMENTS),
  rootOf: (path) => {
    if (path.endsWith(RATING_REQUEST_SUFFIX)) return SCHEMA_IDS.ratingRequest;
    const kind = KINDS.find((candidate) => path.endsWith(`.${candidate}.policy.json`));
    return kind && schemaFor(kind).$id;
  },
  factNames: (path) =>
    path.endsWith('.dunning.policy.json') ? DUNNING_FACT_NAMES : RATING_FACT_NAMES,
});

loader.config({ monaco });

export { monaco };

/**
 * Monaco's light theme, with the colours it draws below WCAG AA contrast on white darkened:
 * attribute names in HTML (pure red; the template editor is full of them) and the number of the
 * empty line after the last newline.
 */
monaco.editor.defineTheme(EDITOR_THEME, {
  base: 'vs',
  inherit: true,
  rules: [{ token: 'attribute.name', foreground: 'b30000' }],
  colors: { 'editorLineNumber.dimmedForeground': '#6b6b6b' },
});
