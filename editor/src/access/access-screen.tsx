// Users and service API keys, for administrators: who may sign in with which roles, and which
// services may call the API with which scopes. Every change asks why and is audited; after one
// the lists are read again in place, so a key's secret shown once stays on the screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { usePeople } from '../people/use-people';
import { ErrorPanel, Loading } from '../ui/status';
import type { ApiKeyView, UserView } from './access-api';
import { ApiKeysPanel } from './api-keys-panel';
import { UsersPanel } from './users-panel';

interface Lists {
  users: UserView[] | undefined;
  apiKeys: ApiKeyView[] | undefined;
}

export function AccessScreen({ session }: { session: Session }) {
  const mayUsers = sessionCan(session, 'user:manage');
  const mayKeys = sessionCan(session, 'api_key:manage');
  const [lists, setLists] = useState<Lists>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const nameOf = usePeople((lists?.apiKeys ?? []).map((key) => key.createdBy));

  /** Only the latest reading is shown: two changes in a row must not end on the older list. */
  const reading = useRef(0);

  const load = useCallback(async () => {
    const current = ++reading.current;
    try {
      const [users, apiKeys] = await Promise.all([
        mayUsers ? callApi<{ users: UserView[] }>('GET', '/api/v1/users') : undefined,
        mayKeys ? callApi<{ apiKeys: ApiKeyView[] }>('GET', '/api/v1/api-keys') : undefined,
      ]);
      if (current !== reading.current) return;
      setLists({ users: users?.users, apiKeys: apiKeys?.apiKeys });
      setError(undefined);
    } catch (failure) {
      if (current === reading.current) setError(describeProblem(failure));
    }
  }, [mayUsers, mayKeys]);

  useEffect(() => {
    void load();
  }, [load]);

  /** After a change: its outcome (nothing to say when the panel shows it itself), then reload. */
  const changed = (done: string) => {
    setMessage(done || undefined);
    void load();
  };

  return (
    <section aria-labelledby="access-title" className="access">
      <h1 id="access-title">Users and API keys</h1>
      <p className="notice" role="status">
        {message}
      </p>
      {error && <ErrorPanel message={error} onRetry={() => void load()} />}
      {!error && !lists && <Loading what="users and API keys" />}
      {lists?.users && (
        <UsersPanel users={lists.users} selfId={session.user.id} onChanged={changed} />
      )}
      {lists?.apiKeys && (
        <ApiKeysPanel apiKeys={lists.apiKeys} nameOf={nameOf} onChanged={changed} />
      )}
    </section>
  );
}
