// The signed-in user's own account: who they are, their roles, and a password change. Changing
// the password ends every session of theirs (this one too), so the app returns to sign-in.
import { useState } from 'react';
import { ApiProblem, callApi, describeProblem } from '../api/api-client';
import type { NameOf } from '../people/use-people';
import { InlineError } from '../ui/status';
import { useSubmit } from '../ui/use-submit';
import type { Session } from './session';

export function AccountScreen(props: {
  session: Session;
  nameOf: NameOf;
  onPasswordChanged: () => void;
}) {
  const { session, nameOf } = props;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    if (next !== repeated) {
      throw new Error('The new password and its repetition differ: type it the same way twice.');
    }
    await callApi('POST', '/api/v1/auth/password', { currentPassword: current, newPassword: next });
    props.onPasswordChanged();
  }, describePasswordProblem);

  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <dl className="account">
        <dt>Name</dt>
        <dd>{nameOf(session.user.id)}</dd>
        <dt>Roles</dt>
        <dd>{session.user.roles.join(', ').replaceAll('_', ' ')}</dd>
        <dt>Second factor</dt>
        <dd>
          {session.user.mfa
            ? 'This session passed an authenticator code'
            : 'None used for this session'}
        </dd>
        <dt>Session ends</dt>
        <dd>by {session.expiresAt.slice(0, 16).replace('T', ' ')} UTC at the latest</dd>
      </dl>
      <form
        className="card form"
        aria-labelledby="password-title"
        onSubmit={(event) => void submit(event)}
      >
        <h2 id="password-title">Change your password</h2>
        <p className="muted">
          At least 12 characters, without your user name. Every session of yours ends, this one
          included: you sign in again with the new password.
        </p>
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            required
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            value={next}
            minLength={12}
            maxLength={256}
            onChange={(event) => setNext(event.target.value)}
            required
          />
        </label>
        <label>
          New password again
          <input
            type="password"
            autoComplete="new-password"
            value={repeated}
            onChange={(event) => setRepeated(event.target.value)}
            required
          />
        </label>
        <InlineError message={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Changing…' : 'Change the password'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Each refused field as a sentence: "The new password must be at least 12 characters." */
function describePasswordProblem(failure: unknown): string {
  return failure instanceof ApiProblem && failure.issues.length > 0
    ? failure.issues.map((issue) => `${fieldName(issue.path)} ${issue.message}.`).join('\n')
    : describeProblem(failure);
}

/** $.newPassword -> "The new password" */
function fieldName(path: string): string {
  return path === '$.currentPassword'
    ? 'The current password'
    : path === '$.newPassword'
      ? 'The new password'
      : path;
}
