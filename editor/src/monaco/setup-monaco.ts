// Monaco, bundled (no CDN): its editor and JSON workers come from node_modules through Vite, and
// the JSON language gets the very schemas the server validates with, so a policy shows the same
// mistakes as you type that saving it would (diagnostics), with completion and hover help from
// the schemas' enums and descriptions. Fact names come from facts.schema.json.
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

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) =>
    label === 'json' ? new JsonWorker() : new EditorWorker(),
};

const KINDS: PolicyKind[] = ['pricing', 'discount', 'tax', 'dunning'];

/**
 * The schema with every $ref made absolute against its $id: Monaco's JSON language looks refs up
 * among the registered schemas by absolute address only, and leaves a ref it cannot find
 * unchecked (ajv resolves "common.schema.json#/..." against the $id itself).
 */
function withAbsoluteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withAbsoluteRefs(item, base));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([name, value]) => [
      name,
      name === '$ref' && typeof value === 'string'
        ? new URL(value, base).href
        : withAbsoluteRefs(value, base),
    ]),
  );
}

const policyKindOf = new Map(KINDS.map((kind) => [schemaFor(kind).$id, kind]));

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
      schema: withAbsoluteRefs(schema, schema.$id),
      ...(kind && { fileMatch: [`*.${kind}.policy.json`] }),
    };
  }),
});

/** Completion of fact names inside "fact": "..." (the schema leaves them open strings). */
monaco.languages.registerCompletionItemProvider('json', {
  triggerCharacters: ['"'],
  provideCompletionItems(model, position) {
    const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    if (!/"fact"\s*:\s*"[^"]*$/.test(line)) return { suggestions: [] };
    const word = model.getWordUntilPosition(position);
    const range = new monaco.Range(
      position.lineNumber,
      word.startColumn,
      position.lineNumber,
      word.endColumn,
    );
    const dunning = model.uri.path.endsWith('.dunning.policy.json');
    const names = dunning ? DUNNING_FACT_NAMES : RATING_FACT_NAMES;
    return {
      suggestions: names.map((name) => ({
        label: name,
        kind: monaco.languages.CompletionItemKind.Field,
        insertText: name,
        detail: dunning ? 'dunning fact' : 'rating fact',
        range,
      })),
    };
  },
});

loader.config({ monaco });

export { monaco };
