// Monaco completion and hover for JSON documents, from the schemas at the cursor's place: member
// names (with their descriptions), the values a place allows, fact names inside "fact", and the
// description of the member under the mouse with the values it allows.
import { findNodeAtOffset, getLocation, parse, parseTree } from 'jsonc-parser';
import type * as Monaco from 'monaco-editor';
import { allowedValues, describe, memberNames, schemasAt, type SchemaIndex } from './schema-help';

export interface SchemaHelpOptions {
  index: SchemaIndex;
  /** The root schema's $id for a model path, or undefined when no schema helps there. */
  rootOf: (modelPath: string) => string | undefined;
  factNames: (modelPath: string) => readonly string[];
}

export function registerSchemaHelp(monaco: typeof Monaco, options: SchemaHelpOptions): void {
  const { index, rootOf, factNames } = options;

  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['"', ':'],
    provideCompletionItems(model, position) {
      const rootId = rootOf(model.uri.path);
      if (!rootId) return { suggestions: [] };
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const location = getLocation(text, offset);
      const document = parse(text) as unknown;
      const range = replacedRange(monaco, model, text, offset);
      if (location.isAtPropertyKey) {
        const parentPath = location.path.slice(0, -1);
        const present = presentKeys(document, parentPath);
        const members = memberNames(schemasAt(index, rootId, document, parentPath), index);
        return {
          suggestions: members
            .filter((member) => !present.has(member.name) || member.name === location.path.at(-1))
            .map((member) => ({
              label: member.name,
              kind: monaco.languages.CompletionItemKind.Property,
              insertText: `"${member.name}"`,
              documentation: member.description,
              range,
            })),
        };
      }
      const path = location.path;
      const values: unknown[] =
        path.at(-1) === 'fact'
          ? [...factNames(model.uri.path)]
          : allowedValues(schemasAt(index, rootId, document, path));
      return {
        suggestions: values.map((value) => ({
          label: JSON.stringify(value),
          kind: monaco.languages.CompletionItemKind.Value,
          insertText: JSON.stringify(value),
          range,
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider('json', {
    provideHover(model, position) {
      const rootId = rootOf(model.uri.path);
      if (!rootId) return null;
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const location = getLocation(text, offset);
      if (location.path.length === 0) return null;
      const schemas = schemasAt(index, rootId, parse(text) as unknown, location.path);
      const description = describe(schemas);
      const values = allowedValues(schemas);
      if (description === undefined && values.length === 0) return null;
      const contents = [
        { value: `**${String(location.path.at(-1))}**` },
        ...(description ? [{ value: description }] : []),
        ...(values.length > 0
          ? [
              {
                value: `One of: ${values.map((value) => `\`${JSON.stringify(value)}\``).join(', ')}`,
              },
            ]
          : []),
      ];
      return { contents };
    },
  });
}

/** The object's member names at `path` of the parsed document. */
function presentKeys(document: unknown, path: readonly (string | number)[]): Set<string> {
  let node: unknown = document;
  for (const segment of path) {
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[segment]
        : undefined;
  }
  return new Set(typeof node === 'object' && node !== null ? Object.keys(node) : []);
}

/** What a suggestion replaces: the whole string under the cursor, quotes included, or the word. */
function replacedRange(
  monaco: typeof Monaco,
  model: Monaco.editor.ITextModel,
  text: string,
  offset: number,
): Monaco.IRange {
  const root = parseTree(text);
  const node = root && findNodeAtOffset(root, offset, true);
  if (node && node.type === 'string') {
    const start = model.getPositionAt(node.offset);
    const end = model.getPositionAt(node.offset + node.length);
    return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
  }
  const position = model.getPositionAt(offset);
  const word = model.getWordUntilPosition(position);
  return new monaco.Range(
    position.lineNumber,
    word.startColumn,
    position.lineNumber,
    word.endColumn,
  );
}
