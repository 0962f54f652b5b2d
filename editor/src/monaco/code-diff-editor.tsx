// Two versions of a document (a policy's JSON, a template's Handlebars) side by side, read only,
// as a reviewer compares them.
import { DiffEditor } from '@monaco-editor/react';
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
          readOnly: true,
          originalEditable: false,
          renderSideBySide: true,
          useInlineViewWhenSpaceIsLimited: true,
          minimap: { enabled: false },
          automaticLayout: true,
          scrollBeyondLastLine: false,
        }}
      />
    </div>
  );
}
