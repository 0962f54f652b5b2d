// Addresses inside the app are real paths (/policies, /policies/saas-tax), so a link can be shared
// and reloaded: the server answers every path outside /api with the app.
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
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
