// What every document editor of the app shares: no minimap (documents are short and the space
// goes to the text), layout that follows the page (panels open and close around it), two-space
// indentation as the stored documents have, and the label screen readers announce.
import type { editor } from 'monaco-editor';

/** Defined in setup-monaco.ts; every editor and diff editor names it. */
export const EDITOR_THEME = 'ledgerline-light';

export function documentEditorOptions(options: {
  readOnly: boolean;
  label?: string;
}): editor.IStandaloneEditorConstructionOptions {
  return {
    readOnly: options.readOnly,
    minimap: { enabled: false },
    automaticLayout: true,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ...(options.label !== undefined && { ariaLabel: options.label }),
  };
}
