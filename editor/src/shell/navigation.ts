// Addresses inside the app are real paths (/policies, /policies/saas-tax), so a link can be shared
// and reloaded: the server answers every path outside /api with the app.
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();
/** How many screens hold unsaved changes: the app asks before moving away from them. */
let unsavedScreens = 0;

const LEAVE_QUESTION = 'Your changes are not saved. Leave this version and lose them?';

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  if (unsavedScreens > 0 && !window.confirm(LEAVE_QUESTION)) return;
  window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const read = () => ({
    path: window.location.pathname,
    query: new URLSearchParams(window.location.search),
  });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/**
 * While `dirty`, moving elsewhere in the app asks first, and so does reloading or closing the
 * tab (the browser's own question): unsaved text is never dropped without a word.
 */
export function useUnsavedChangesGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    unsavedScreens += 1;
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      unsavedScreens -= 1;
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [dirty]);
}
