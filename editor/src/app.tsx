// The app: find out whether the browser has a session, then the sign-in screen or the signed-in
// shell. A failure to reach the server is shown with a way to try again, never a blank page.
import { useCallback, useEffect, useState } from 'react';
import {
  ApiProblem,
  callApi,
  describeProblem,
  onSessionEnded,
  setCsrfToken,
} from './api/api-client';
import type { Session } from './auth/session';
import { SessionEndedDialog } from './auth/session-ended-dialog';
import { SignInScreen } from './auth/sign-in-screen';
import { AppShell } from './shell/app-shell';
import { ErrorPanel, Loading } from './ui/status';

type State =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'signed_out'; notice?: string }
  | { phase: 'signed_in'; session: Session; ended?: true };

export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });

  const loadSession = useCallback(async () => {
    setState({ phase: 'loading' });
    try {
      const session = await callApi<Session>('GET', '/api/v1/auth/session');
      setCsrfToken(session.csrfToken);
      setState({ phase: 'signed_in', session });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) setState({ phase: 'signed_out' });
      else setState({ phase: 'failed', message: describeProblem(error) });
    }
  }, []);

  useEffect(() => {
    void loadSession();
  }, [loadSession]);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ phase: 'signed_in', session });
  }, []);

  useEffect(
    () =>
      onSessionEnded(() =>
        setState((current) =>
          current.phase === 'signed_in' ? { ...current, ended: true } : current,
        ),
      ),
    [],
  );

  const signedOut = useCallback((notice?: string) => {
    setCsrfToken(undefined);
    setState({ phase: 'signed_out', ...(notice !== undefined && { notice }) });
  }, []);

  switch (state.phase) {
    case 'loading':
      return <Loading what="your session" />;
    case 'failed':
      return (
        <main className="page narrow">
          <ErrorPanel message={state.message} onRetry={() => void loadSession()} />
        </main>
      );
    case 'signed_out':
      return <SignInScreen onSignedIn={signedIn} notice={state.notice} />;
    case 'signed_in':
      return (
        <>
          {/* Someone else signing in gets a fresh shell, with nothing of the last user's screen. */}
          <AppShell key={state.session.user.id} session={state.session} onSignedOut={signedOut} />
          {state.ended && (
            <SessionEndedDialog userId={state.session.user.id} onSignedIn={signedIn} />
          )}
        </>
      );
  }
}
