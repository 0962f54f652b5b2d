// The users: who they are, their roles, whether they have an authenticator and can sign in; an
// administrator creates users, changes roles and disables users, each with a reason for the
// audit log. A role change or a disabling ends the user's sessions (the server does that).
import { useState } from 'react';
import { callApi } from '../api/api-client';
import { ChoiceList } from '../ui/choice-list';
import { ReasonedAction } from '../ui/reasoned-action';
import { InlineError } from '../ui/status';
import { useSubmit } from '../ui/use-submit';
import { MFA_REQUIRED_ROLES, ROLES, userState, type Role, type UserView } from './access-api';

export function UsersPanel(props: {
  users: UserView[];
  selfId: string;
  onChanged: (message: string) => void;
}) {
  const { users, selfId, onChanged } = props;
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Roles</th>
              <th scope="col">Authenticator</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.displayName}
                  <div className="muted">{user.username}</div>
                </td>
                <td>{user.roles.map((role) => role.replaceAll('_', ' ')).join(', ')}</td>
                <td>
                  {user.mfaEnrolled
                    ? 'Enrolled'
                    : needsMfa(user.roles)
                      ? 'Not yet: asked at next sign-in'
                      : 'None'}
                </td>
                <td>{userState(user, new Date())}</td>
                <td>
                  {user.id === selfId ? (
                    <span className="muted">You: another administrator changes your account.</span>
                  ) : (
                    !user.disabled && <UserActions user={user} onChanged={onChanged} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewUserForm onCreated={onChanged} />
    </section>
  );
}

function needsMfa(roles: readonly Role[]): boolean {
  return roles.some((role) => MFA_REQUIRED_ROLES.includes(role));
}

function UserActions({
  user,
  onChanged,
}: {
  user: UserView;
  onChanged: (message: string) => void;
}) {
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const path = `/api/v1/users/${encodeURIComponent(user.id)}`;
  return (
    <div className="row-actions">
      <ReasonedAction
        label="Change roles"
        accessibleLabel={user.displayName}
        confirm="Save the roles"
        onOpen={() => setRoles(user.roles)}
        onConfirm={async (reason) => {
          await callApi('PUT', `${path}/roles`, { roles, revision: user.revision, reason });
          onChanged(
            `${user.displayName} now has the roles ${roles.join(', ') || 'none'}; their sessions ended.`,
          );
        }}
      >
        <ChoiceList
          legend={`Roles of ${user.displayName}`}
          choices={ROLES}
          chosen={roles}
          onChange={setRoles}
        />
      </ReasonedAction>
      <ReasonedAction
        label="Disable"
        accessibleLabel={user.displayName}
        confirm="Disable the user"
        danger
        onConfirm={async (reason) => {
          await callApi('POST', `${path}/disable`, { reason });
          onChanged(`${user.displayName} is disabled and signed out everywhere.`);
        }}
      />
    </div>
  );
}

const NO_USER = { username: '', displayName: '', password: '', reason: '', roles: [] as Role[] };

function NewUserForm({ onCreated }: { onCreated: (message: string) => void }) {
  const [user, setUser] = useState(NO_USER);
  const set = (field: 'username' | 'displayName' | 'password' | 'reason') => (value: string) =>
    setUser({ ...user, [field]: value });

  const { busy, error, submit } = useSubmit(async () => {
    const created = await callApi<UserView>('POST', '/api/v1/users', {
      ...user,
      reason: user.reason.trim() || undefined,
    });
    setUser(NO_USER);
    onCreated(
      `${created.displayName} (${created.username}) can sign in now${needsMfa(created.roles) ? ', and sets up an authenticator first' : ''}.`,
    );
  });

  return (
    <form
      className="card form"
      aria-labelledby="new-user-title"
      onSubmit={(event) => void submit(event)}
    >
      <h3 id="new-user-title">New user</h3>
      <label>
        User name
        <input
          value={user.username}
          onChange={(event) => set('username')(event.target.value)}
          required
          maxLength={64}
          autoComplete="off"
        />
      </label>
      <label>
        Display name
        <input
          value={user.displayName}
          onChange={(event) => set('displayName')(event.target.value)}
          required
          maxLength={100}
        />
      </label>
      <ChoiceList
        legend="Roles"
        choices={ROLES}
        chosen={user.roles}
        onChange={(roles) => setUser({ ...user, roles })}
      />
      <label>
        First password (hand it over privately)
        <input
          type="password"
          value={user.password}
          onChange={(event) => set('password')(event.target.value)}
          required
          maxLength={256}
          autoComplete="new-password"
        />
      </label>
      <label>
        Why (optional, for the audit log)
        <input
          value={user.reason}
          onChange={(event) => set('reason')(event.target.value)}
          maxLength={2000}
        />
      </label>
      <InlineError message={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create the user'}
        </button>
      </div>
    </form>
  );
}
