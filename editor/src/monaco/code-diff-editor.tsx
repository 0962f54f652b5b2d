// Two versions of a document (a policy's JSON, a template's Handlebars) side by side, read only,
// as a reviewer compares them.
import { DiffEditor } from '@monaco-editor/react';
import type { editor } from 'monaco-editor';
import { documentEditorOptions, EDITOR_THEME } from './editor-options';
import './setup-monaco';

export default function CodeDiffEditor(props: {
  language: 'json' | 'handlebars';
  original: string;
  modified: string;
  originalPath: string;
  modifiedPath: string;
  label: string;
}) {
  return (
    <div className="code-editor diff" role="group" aria-label={props.label}>
      <DiffEditor
        language={props.language}
        theme={EDITOR_THEME}
        original={props.original}
        modified={props.modified}
        originalModelPath={props.originalPath}
        modifiedModelPath={props.modifiedPath}
        // Monaco 0.57 wipes the label of each side whenever the diff editor recomputes its
        // options (switching to the inline view on a narrow screen, for one): put it back.
        onMount={(diff) => {
          keepLabel(diff.getOriginalEditor(), `${props.label}: the version compared from`);
          keepLabel(diff.getModifiedEditor(), `${props.label}: the version compared to`);
        }}
        options={{
          ...documentEditorOptions({ readOnly: true }),
          originalEditable: false,
          renderSideBySide: true,
          // On a tablet the two sides would each be too narrow to read.
          useInlineViewWhenSpaceIsLimited: true,
        }}
      />
    </div>
  );
}

function keepLabel(side: editor.ICodeEditor, label: string): void {
  const apply = () => {
    if (side.getRawOptions().ariaLabel !== label) side.updateOptions({ ariaLabel: label });
  };
  apply();
  side.onDidChangeConfiguration(apply);
}
