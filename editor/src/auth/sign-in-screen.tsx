// Sign-in: user name and password, then the 6-digit code when the account has an authenticator.
// A user whose role needs MFA (approvers, admins) and who has none yet is taken through enrolment:
// a QR code of the new secret for the authenticator app, the secret as text, and a first code to
// confirm it; after that the user signs in again with a code.
import { useState, type FormEvent } from 'react';
import { ApiProblem, callApi, describeProblem, setCsrfToken } from '../api/api-client';
import type { Session } from './session';
import { MfaEnrolment } from './mfa-enrolment';
import { TotpCodeInput } from './totp-code-input';
import { InlineError } from '../ui/status';

type LoginAnswer = Session | { mfaEnrolmentRequired: true; csrfToken: string; expiresAt: string };

export function SignInScreen(props: {
  onSignedIn: (session: Session) => void;
  /** Why the user is here again, such as a changed password. */
  notice?: string | undefined;
}) {
  return (
    <main className="page narrow">
      <h1 className="product">Ledgerline</h1>
      <SignInForm onSignedIn={props.onSignedIn} notice={props.notice} />
    </main>
  );
}

/** The sign-in steps; `intro` opens the form, as when a session ended in the middle of work. */
export function SignInForm(props: {
  onSignedIn: (session: Session) => void;
  username?: string;
  intro?: string;
  notice?: string | undefined;
}) {
  const { onSignedIn } = props;
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [notice, setNotice] = useState(props.notice);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await callApi<LoginAnswer>('POST', '/api/v1/auth/login', {
        username,
        password,
        ...(needsCode && { totpCode }),
      });
      if ('mfaEnrolmentRequired' in answer) {
        setCsrfToken(answer.csrfToken);
        setEnrolling(true);
      } else {
        onSignedIn(answer);
      }
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.extensions.mfa === 'required') {
        setNeedsCode(true);
        setError(
          needsCode ? 'That code is wrong or was used already: enter the current one.' : undefined,
        );
      } else {
        setError(describeProblem(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  if (enrolling) {
    return (
      <MfaEnrolment
        onEnrolled={() => {
          setEnrolling(false);
          setNeedsCode(true);
          setTotpCode('');
          setNotice('Your authenticator is set up. Sign in again with the code it shows now.');
        }}
        onCancel={() => setEnrolling(false)}
      />
    );
  }

  return (
    <form
      className="card form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="sign-in-title"
    >
      <h2 id="sign-in-title">Sign in</h2>
      {props.intro && <p>{props.intro}</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <label>
        User name
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          required
          autoFocus={!props.username}
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
          autoFocus={!!props.username}
        />
      </label>
      {needsCode && <TotpCodeInput name="totpCode" value={totpCode} onChange={setTotpCode} />}
      <InlineError message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
