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
  schemaFor,
} from '../../../server/rating/validation/schema-documents';
import type { PolicyKind } from '../../../server/rating/types';
import { registerSchemaHelp } from './register-schema-help';
import { SchemaIndex } from './schema-help';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) =>
    label === 'json' ? new JsonWorker() : new EditorWorker(),
};

const KINDS: PolicyKind[] = ['pricing', 'discount', 'tax', 'dunning'];

const policyKindOf = new Map(KINDS.map((kind) => [schemaFor(kind).$id, kind]));
const absolute = new SchemaIndex(SCHEMA_DOCUMENTS);

monaco.json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemaValidation: 'error',
  // Every schema under its $id, so that $refs between them resolve without a request; a policy
  // kind's schema checks the models of that kind (model-paths.ts).
  schemas: SCHEMA_DOCUMENTS.map((schema) => {
    const kind = policyKindOf.get(schema.$id);
    return {
      uri: schema.$id,
      schema: absolute.get(schema.$id),
      ...(kind && { fileMatch: [`*.${kind}.policy.json`] }),
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
    const kind = KINDS.find((candidate) => path.endsWith(`.${candidate}.policy.json`));
    return kind && schemaFor(kind).$id;
  },
  factNames: (path) =>
    path.endsWith('.dunning.policy.json') ? DUNNING_FACT_NAMES : RATING_FACT_NAMES,
});

loader.config({ monaco });

export { monaco };
