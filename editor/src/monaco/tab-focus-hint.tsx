// Inside a code editor Tab indents, as it must; keyboard users leave the editor with Monaco's
// tab-focus toggle, which nobody finds without being told.

export function TabFocusHint() {
  return (
    <p className="muted keyboard-hint">
      In the editor, Tab indents. To move on with the keyboard, press{' '}
      <kbd>{isMac() ? 'Ctrl+Shift+M' : 'Ctrl+M'}</kbd>, then Tab.
    </p>
  );
}

/** Monaco binds its tab-focus toggle to Ctrl+Shift+M on macOS and Ctrl+M elsewhere. */
function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
