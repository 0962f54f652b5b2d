// Two versions of a JSON document side by side (read only), as a reviewer compares them.
import { DiffEditor } from '@monaco-editor/react';
import './setup-monaco';

export default function JsonDiffEditor(props: {
  original: string;
  modified: string;
  originalPath: string;
  modifiedPath: string;
  label: string;
}) {
  return (
    <div className="code-editor diff" aria-label={props.label}>
      <DiffEditor
        language="json"
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
