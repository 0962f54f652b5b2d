// The signed-in app: a header with the screens the user's roles may use and the user, and the
// screen of the current address.
import { useEffect, useRef, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { AccessScreen } from '../access/access-screen';
import { AccountScreen } from '../auth/account-screen';
import { AuditScreen } from '../audit/audit-screen';
import { CustomerListScreen } from '../customers/customer-list-screen';
import { CustomerScreen } from '../customers/customer-screen';
import { InvoiceListScreen } from '../invoices/invoice-list-screen';
import { InvoiceRunScreen } from '../invoices/invoice-run-screen';
import { InvoiceRunsScreen } from '../invoices/invoice-runs-screen';
import { InvoiceScreen } from '../invoices/invoice-screen';
import { UsageScreen } from '../usage/usage-screen';
import { sessionCan, type Session } from '../auth/session';
import { usePeople } from '../people/use-people';
import { POLICY_KINDS } from '../policies/policy-api';
import { PolicyScreen } from '../policies/policy-screen';
import { TEMPLATE_PURPOSES } from '../templates/template-api';
import { TemplateScreen } from '../templates/template-screen';
import { DocumentListScreen, type DocumentList } from '../versions/document-list-screen';
import { POLICY_FAMILY, TEMPLATE_FAMILY } from '../versions/version-family';
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
  { path: '/templates', label: 'Templates', allowed: (s) => sessionCan(s, 'template:read') },
  { path: '/customers', label: 'Customers', allowed: (s) => sessionCan(s, 'customer:read') },
  { path: '/usage', label: 'Usage', allowed: (s) => sessionCan(s, 'customer:read') },
  {
    path: '/invoice-runs',
    label: 'Invoice runs',
    allowed: (s) => sessionCan(s, 'invoices:read'),
  },
  { path: '/invoices', label: 'Invoices', allowed: (s) => sessionCan(s, 'invoices:read') },
  {
    path: '/credit-notes',
    label: 'Credit notes',
    allowed: (s) => sessionCan(s, 'invoices:read'),
  },
  { path: '/audit', label: 'Audit', allowed: (s) => sessionCan(s, 'audit:read') },
  {
    path: '/access',
    label: 'Users and keys',
    allowed: (s) => sessionCan(s, 'user:manage') || sessionCan(s, 'api_key:manage'),
  },
];

const POLICY_LIST: DocumentList = {
  family: POLICY_FAMILY,
  title: 'Policies',
  listField: 'policies',
  kindField: 'kind',
  kinds: POLICY_KINDS,
};

const TEMPLATE_LIST: DocumentList = {
  family: TEMPLATE_FAMILY,
  title: 'Templates',
  listField: 'templates',
  kindField: 'purpose',
  kinds: TEMPLATE_PURPOSES,
};

export function AppShell({
  session,
  onSignedOut,
}: {
  session: Session;
  /** With a notice for the sign-in screen, such as after a password change. */
  onSignedOut: (notice?: string) => void;
}) {
  const { path, query } = useLocation();
  const screens = SCREENS.filter((screen) => screen.allowed(session));
  const [signOutError, setSignOutError] = useState<string>();
  const nameOf = usePeople([session.user.id]);
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(path);

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

  // A move to another address is a new page to a screen reader: the title says which, and focus
  // goes to the page's content (not on the first screen, where the browser has just loaded).
  useEffect(() => {
    document.title = `${path === '/account' ? 'Your account' : (current?.label ?? 'Ledgerline')} · Ledgerline`;
    if (shownPath.current === path) return;
    shownPath.current = path;
    main.current?.focus();
  }, [path, current]);
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
        <Link
          href="/account"
          className="user"
          data-testid="signed-in-user"
          aria-current={path === '/account' ? 'page' : undefined}
          title="Your account"
        >
          {nameOf(session.user.id)} · {session.user.roles.join(', ').replaceAll('_', ' ')}
        </Link>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {signOutError && <ErrorPanel message={signOutError} />}
      <main className="page" ref={main} tabIndex={-1}>
        {path === '/account' ? (
          <AccountScreen
            session={session}
            nameOf={nameOf}
            onPasswordChanged={() => {
              navigate('/');
              onSignedOut('Your password is changed. Sign in with the new one.');
            }}
          />
        ) : (
          renderScreen(current, path, query, session)
        )}
      </main>
    </div>
  );
}

function renderScreen(
  screen: Screen | undefined,
  path: string,
  query: URLSearchParams,
  session: Session,
) {
  const version = Number(query.get('version'));
  const selected = Number.isInteger(version) && version > 0 ? version : undefined;
  const noScreen = <ErrorPanel message={`There is no screen at ${path}.`} />;
  if (screen?.path === '/policies') {
    const key = path.slice('/policies/'.length);
    if (path === '/policies' || key === '') return <DocumentListScreen list={POLICY_LIST} />;
    const policyKey = decodedKey(key);
    if (policyKey === undefined) return noScreen;
    return <PolicyScreen key={key} session={session} policyKey={policyKey} selected={selected} />;
  }
  if (screen?.path === '/templates') {
    const key = path.slice('/templates/'.length);
    if (path === '/templates' || key === '') return <DocumentListScreen list={TEMPLATE_LIST} />;
    const templateKey = decodedKey(key);
    if (templateKey === undefined) return noScreen;
    return (
      <TemplateScreen key={key} session={session} templateKey={templateKey} selected={selected} />
    );
  }
  if (screen?.path === '/customers') {
    const id = idAfter(path, '/customers');
    if (id === '') return <CustomerListScreen session={session} />;
    if (id === undefined) return noScreen;
    return <CustomerScreen key={id} session={session} customerId={id} />;
  }
  if (screen?.path === '/usage') {
    return <UsageScreen key={query.toString()} session={session} query={query} />;
  }
  if (screen?.path === '/invoice-runs') {
    const id = idAfter(path, '/invoice-runs');
    if (id === '') return <InvoiceRunsScreen session={session} />;
    if (id === undefined) return noScreen;
    return <InvoiceRunScreen key={id} runId={id} />;
  }
  if (screen?.path === '/invoices') {
    const id = idAfter(path, '/invoices');
    if (id === '')
      return <InvoiceListScreen key={`invoices?${query}`} notes={false} query={query} />;
    if (id === undefined) return noScreen;
    return <InvoiceScreen key={id} session={session} invoiceId={id} />;
  }
  if (screen?.path === '/credit-notes') {
    return <InvoiceListScreen key={`notes?${query}`} notes query={query} />;
  }
  if (screen?.path === '/audit') return <AuditScreen session={session} />;
  if (screen?.path === '/access') return <AccessScreen session={session} />;
  // Every role reads policies, so the shell moves on from / at once.
  if (path === '/') return null;
  if (SCREENS.some((known) => path.startsWith(known.path))) {
    return <ErrorPanel message="Your roles do not allow this screen." />;
  }
  return noScreen;
}

/** What follows the screen's path: '' on the screen itself, undefined when not decodable. */
function idAfter(path: string, screenPath: string): string | undefined {
  const rest = path.slice(screenPath.length + 1);
  return path === screenPath || rest === '' ? '' : decodedKey(rest);
}

/** A key from the address; undefined for one that is not valid percent-encoding (%E0). */
function decodedKey(key: string): string | undefined {
  try {
    return decodeURIComponent(key);
  } catch {
    return undefined;
  }
}
