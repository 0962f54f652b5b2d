// Service API keys: what each may do, who created it, whether it still works; an administrator
// creates one (its secret is shown here once, and never again) or revokes one, with a reason.
import { useState } from 'react';
import { callApi } from '../api/api-client';
import type { NameOf } from '../people/use-people';
import { ChoiceList } from '../ui/choice-list';
import { ReasonedAction } from '../ui/reasoned-action';
import { InlineError } from '../ui/status';
import { useSubmit } from '../ui/use-submit';
import {
  API_KEY_SCOPES,
  type ApiKeyScope,
  type ApiKeyView,
  type CreatedApiKey,
} from './access-api';

export function ApiKeysPanel(props: {
  apiKeys: ApiKeyView[];
  nameOf: NameOf;
  onChanged: (message: string) => void;
}) {
  const { apiKeys, nameOf, onChanged } = props;
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">Service API keys</h2>
      {apiKeys.length === 0 && <p className="empty">No API key yet.</p>}
      {apiKeys.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">May</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {apiKeys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.displayPrefix}…</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>
                    {key.createdAt.slice(0, 10)} by {nameOf(key.createdBy)}
                  </td>
                  <td>
                    {key.revokedAt ? (
                      `Revoked ${key.revokedAt.slice(0, 10)}`
                    ) : (
                      <ReasonedAction
                        label="Revoke"
                        accessibleLabel={key.name}
                        confirm="Revoke the key"
                        danger
                        onConfirm={async (reason) => {
                          await callApi(
                            'POST',
                            `/api/v1/api-keys/${encodeURIComponent(key.id)}/revoke`,
                            { reason },
                          );
                          onChanged(
                            `${key.name} is revoked: it authenticates nothing from now on.`,
                          );
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewApiKeyForm onCreated={() => onChanged('')} />
    </section>
  );
}

function NewApiKeyForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [reason, setReason] = useState('');
  const [created, setCreated] = useState<CreatedApiKey>();

  const { busy, error, submit } = useSubmit(async () => {
    const answer = await callApi<CreatedApiKey>('POST', '/api/v1/api-keys', {
      name,
      scopes,
      reason: reason.trim() || undefined,
    });
    setCreated(answer);
    setName('');
    setScopes([]);
    setReason('');
    onCreated();
  });

  return (
    <form
      className="card form"
      aria-labelledby="new-key-title"
      onSubmit={(event) => void submit(event)}
    >
      <h3 id="new-key-title">New API key</h3>
      {created && <SecretOnce created={created} onDone={() => setCreated(undefined)} />}
      <label>
        Name (which service uses it)
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={64}
          placeholder="usage-collector"
        />
      </label>
      <ChoiceList
        legend="May"
        choices={API_KEY_SCOPES}
        chosen={scopes}
        onChange={setScopes}
        labelOf={(scope) => scope}
      />
      <label>
        Why (optional, for the audit log)
        <input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={2000}
        />
      </label>
      <InlineError message={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create the key'}
        </button>
      </div>
    </form>
  );
}

/**
 * A new key's secret, shown this once. It is not in a live region (a screen reader would read the
 * secret aloud); only that the key exists is announced.
 */
function SecretOnce(props: { created: CreatedApiKey; onDone: () => void }) {
  const { created } = props;
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying: select the key and copy it by hand.');
    }
  };
  return (
    <div className="secret">
      <p role="status">
        The key for <strong>{created.apiKey.name}</strong> is created. Copy it now into the
        service's configuration: it is shown only this once.
      </p>
      <code data-testid="api-key-secret">{created.secret}</code>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void copy()}>
          Copy the key
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          Done: hide it
        </button>
        <span aria-live="polite">{copied}</span>
      </div>
    </div>
  );
}
