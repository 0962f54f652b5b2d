// The line above a version's editor: which version, its status and revision, unsaved changes,
// and the actions on it: save a draft (and any the document adds, such as Format), or start a new
// draft from a version that is not one (a rollback when it is not the latest). A new draft goes
// through review like any change, and the audit log records which version it came from.
import { useState, type ReactNode } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { statusLabel, type VersionSummary } from '../policies/policy-api';
import { navigate } from '../shell/navigation';
import { familyVersionPath, type VersionFamily } from './version-family';

export function VersionToolbar(props: {
  family: VersionFamily;
  session: Session;
  record: VersionSummary;
  /** The newest version of the key. */
  latest: number | undefined;
  dirty: boolean;
  editable: boolean;
  /** A save is under way. */
  saving: boolean;
  onSave: () => void;
  onError: (text: string) => void;
  /** More buttons for an editable draft, before Save draft. */
  draftActions?: ReactNode;
}) {
  const { family, session, record, latest, dirty, editable, saving } = props;
  const [creating, setCreating] = useState(false);
  const busy = saving || creating;

  const newDraft = async () => {
    setCreating(true);
    try {
      const created = await callApi<VersionSummary>(
        'POST',
        `${familyVersionPath(family, record.key, record.version)}/rollback`,
        {},
      );
      navigate(`${family.route}/${encodeURIComponent(created.key)}?version=${created.version}`);
    } catch (failure) {
      props.onError(describeProblem(failure));
    } finally {
      setCreating(false);
    }
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={`${family.noun} actions`}>
      <span>
        Version {record.version} ·{' '}
        <span className={`badge status-${record.status}`}>{statusLabel(record.status)}</span> ·
        revision {record.revision}
        {dirty && <span className="muted"> · unsaved changes</span>}
      </span>
      {editable && (
        <>
          {props.draftActions}
          <button type="button" onClick={props.onSave} disabled={busy || !dirty}>
            {saving ? 'Saving…' : 'Save draft'}
          </button>
        </>
      )}
      {sessionCan(session, `${family.permission}:write`) && record.status !== 'draft' && (
        <button type="button" className="secondary" onClick={() => void newDraft()} disabled={busy}>
          {creating
            ? 'Creating the draft…'
            : record.version === latest
              ? `New draft from v${record.version}`
              : `Roll back: new draft from v${record.version}`}
        </button>
      )}
    </div>
  );
}
