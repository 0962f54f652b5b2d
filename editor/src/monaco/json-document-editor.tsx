// A JSON document in Monaco: schema diagnostics as you type (setup-monaco.ts), the server's
// problems as markers of their own, and a way for the problems panel to jump to one. Loaded as a
// chunk of its own, so that screens without an editor never wait for Monaco.
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type { FieldIssue } from '../api/api-client';
import { offsetOfPath } from './json-paths';
import { documentEditorOptions, EDITOR_THEME } from './editor-options';
import { TabFocusHint } from './tab-focus-hint';
import { monaco } from './setup-monaco';

export interface JsonDocumentEditorProps {
  /** The model's address; its file name chooses the schema. */
  path: string;
  value: string;
  readOnly: boolean;
  onChange: (text: string) => void;
  /** Problems the server found, with paths inside this document. */
  problems: FieldIssue[];
  /** Ask to show a problem (by its JSON path) or a line: each new object moves the cursor there. */
  jumpTo?: { issue: FieldIssue } | { line: number };
  /** Monaco's own markers (the schema check as you type), for the problems panel. */
  onMarkers?: (markers: Array<{ line: number; message: string }>) => void;
  label: string;
}

const SERVER_MARKERS = 'server';

export default function JsonDocumentEditor(props: JsonDocumentEditorProps) {
  const { path, value, readOnly, onChange, problems, jumpTo, onMarkers, label } = props;
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
  };

  // The server's problems as markers on the text they name.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      SERVER_MARKERS,
      problems.map((issue) => {
        const offset = offsetOfPath(model.getValue(), issue.path);
        const start = model.getPositionAt(offset);
        return {
          severity: monaco.MarkerSeverity.Error,
          message: `${issue.path}: ${issue.message}`,
          source: 'server',
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: start.lineNumber,
          endColumn: model.getLineMaxColumn(start.lineNumber),
        };
      }),
    );
  }, [problems, value]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || !jumpTo) return;
    const position =
      'line' in jumpTo
        ? {
            lineNumber: jumpTo.line,
            column: model.getLineFirstNonWhitespaceColumn(jumpTo.line) || 1,
          }
        : model.getPositionAt(offsetOfPath(model.getValue(), jumpTo.issue.path));
    editor.setPosition(position);
    editor.revealPositionInCenter(position);
    editor.focus();
  }, [jumpTo]);

  // Monaco's schema markers, passed up for the problems panel.
  useEffect(() => {
    if (!onMarkers) return;
    const uri = monaco.Uri.parse(path);
    const report = () =>
      onMarkers(
        monaco.editor
          .getModelMarkers({ resource: uri })
          .filter((marker) => marker.owner !== SERVER_MARKERS)
          .map((marker) => ({ line: marker.startLineNumber, message: marker.message })),
      );
    const subscription = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) report();
    });
    return () => subscription.dispose();
  }, [path, onMarkers]);

  return (
    <>
      <div className="code-editor" role="group" aria-label={label}>
        <Editor
          path={path}
          theme={EDITOR_THEME}
          language="json"
          value={value}
          onChange={(text) => onChange(text ?? '')}
          onMount={onMount}
          // Hover help is long: let it overflow the editor's box rather than be cut off.
          options={{ ...documentEditorOptions({ readOnly, label }), fixedOverflowWidgets: true }}
        />
      </div>
      <TabFocusHint />
    </>
  );
}
