// The signed-in app: a header with the screens the user's roles may use and the user, and the
// screen of the current address.
import { useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { PolicyListScreen } from '../policies/policy-list-screen';
import { PolicyScreen } from '../policies/policy-screen';
import { ErrorPanel } from '../ui/status';
import { Link } from './link';
import { navigate, useLocation } from './navigation';

interface Screen {
  path: string;
  label: string;
  allowed: (session: Session) => boolean;
}

const SCREENS: Screen[] = [
  { path: '/policies', label: 'Policies', allowed: (s) => sessionCan(s, 'policy:read') },
];

export function AppShell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const { path, query } = useLocation();
  const screens = SCREENS.filter((screen) => screen.allowed(session));
  const [signOutError, setSignOutError] = useState<string>();

  useEffect(() => {
    if (path === '/' && screens[0]) navigate(screens[0].path);
  }, [path, screens]);

  const signOut = async () => {
    try {
      await callApi('POST', '/api/v1/auth/logout');
      onSignedOut();
    } catch (error) {
      setSignOutError(describeProblem(error));
    }
  };

  const current = screens.find(
    (screen) => path === screen.path || path.startsWith(`${screen.path}/`),
  );
  return (
    <div className="shell">
      <header className="topbar">
        <span className="product">Ledgerline</span>
        <nav aria-label="Screens">
          {screens.map((screen) => (
            <Link
              key={screen.path}
              href={screen.path}
              aria-current={current === screen ? 'page' : undefined}
            >
              {screen.label}
            </Link>
          ))}
        </nav>
        <span className="user" data-testid="signed-in-user">
          {session.user.id} · {session.user.roles.join(', ').replaceAll('_', ' ')}
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {signOutError && <ErrorPanel message={signOutError} />}
      <main className="page">{renderScreen(current, path, query, session)}</main>
    </div>
  );
}

function renderScreen(
  screen: Screen | undefined,
  path: string,
  query: URLSearchParams,
  session: Session,
) {
  if (screen?.path === '/policies') {
    const key = path.slice('/policies/'.length);
    if (path === '/policies' || key === '') return <PolicyListScreen session={session} />;
    const version = Number(query.get('version'));
    return (
      <PolicyScreen
        key={key}
        session={session}
        policyKey={decodeURIComponent(key)}
        selected={Number.isInteger(version) && version > 0 ? version : undefined}
      />
    );
  }
  if (path === '/') return null;
  return (
    <ErrorPanel
      message={
        SCREENS.some((known) => path.startsWith(known.path))
          ? 'Your roles do not allow this screen.'
          : `There is no screen at ${path}.`
      }
    />
  );
}
