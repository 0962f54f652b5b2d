// Two versions of a document (a policy's JSON, a template's Handlebars) side by side, read only,
// as a reviewer compares them.
import { DiffEditor } from '@monaco-editor/react';
import { documentEditorOptions } from './editor-options';
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
    <div className="code-editor diff" aria-label={props.label}>
      <DiffEditor
        language={props.language}
        original={props.original}
        modified={props.modified}
        originalModelPath={props.originalPath}
        modifiedModelPath={props.modifiedPath}
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
