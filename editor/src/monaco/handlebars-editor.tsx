// A template's Handlebars source in Monaco, with the server's problems (which name a line and a
// column) as markers on their place, and a way to move the cursor to one. Loaded as a chunk of
// its own, like the JSON editor.
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { documentEditorOptions, EDITOR_THEME } from './editor-options';
import { TabFocusHint } from './tab-focus-hint';
import { monaco } from './setup-monaco';

export interface SourceProblem {
  line: number;
  column?: number;
  message: string;
}

const SERVER_MARKERS = 'server';

export default function HandlebarsEditor(props: {
  path: string;
  value: string;
  readOnly: boolean;
  onChange: (text: string) => void;
  problems: SourceProblem[];
  /** Each new object moves the cursor to its line. */
  jumpTo?: { line: number; column?: number };
  label: string;
}) {
  const { path, value, readOnly, onChange, problems, jumpTo, label } = props;
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
  };

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const lines = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      SERVER_MARKERS,
      problems.map((problem) => {
        const line = Math.min(Math.max(problem.line, 1), lines);
        return {
          severity: monaco.MarkerSeverity.Error,
          message: problem.message,
          source: 'server',
          startLineNumber: line,
          startColumn: problem.column ?? model.getLineFirstNonWhitespaceColumn(line) ?? 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        };
      }),
    );
  }, [problems, value]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !jumpTo) return;
    const position = { lineNumber: jumpTo.line, column: jumpTo.column ?? 1 };
    editor.setPosition(position);
    editor.revealPositionInCenter(position);
    editor.focus();
  }, [jumpTo]);

  return (
    <>
      <div className="code-editor" role="group" aria-label={label}>
        <Editor
          path={path}
          theme={EDITOR_THEME}
          language="handlebars"
          value={value}
          onChange={(text) => onChange(text ?? '')}
          onMount={onMount}
          // Markup lines run long; wrapped, a whole paragraph stays in view.
          options={{ ...documentEditorOptions({ readOnly, label }), wordWrap: 'on' }}
        />
      </div>
      <TabFocusHint />
    </>
  );
}
