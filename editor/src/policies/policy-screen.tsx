// One policy: its versions, the selected one in the editor (editable when it is a draft and the
// user may write policies), saving with the revision it was opened at (a stale save is refused
// and said so), the server's problems with a jump to each, and a new draft from any version.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, callApi, describeProblem, type FieldIssue } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { policyModelPath } from '../monaco/model-paths';
import { useUnsavedChangesGuard } from '../shell/navigation';
import { ErrorPanel, Loading } from '../ui/status';
import { type PolicyVersion, type VersionSummary, prettyJson } from './policy-api';
import { ProblemsPanel } from './problems-panel';
import { ReviewPanel } from './review-panel';
import { SimulatePanel } from './simulate-panel';
import { CompareVersions } from '../versions/compare-versions';
import { VersionActions } from '../versions/version-actions';
import { SaveMessage, staleSave, type SaveOutcome } from '../versions/save-message';
import { VersionList } from '../versions/version-list';
import { familyVersionPath, POLICY_FAMILY } from '../versions/version-family';
import { VersionToolbar } from '../versions/version-toolbar';

const JsonDocumentEditor = lazy(() => import('../monaco/json-document-editor'));

/** A server path inside the sent body's document, as a path inside the document itself. */
function insideDocument(issue: FieldIssue): FieldIssue {
  return issue.path.startsWith('$.document')
    ? { ...issue, path: `$${issue.path.slice('$.document'.length)}` }
    : issue;
}

export function PolicyScreen({
  session,
  policyKey,
  selected,
}: {
  session: Session;
  policyKey: string;
  selected: number | undefined;
}) {
  const [versions, setVersions] = useState<VersionSummary[]>();
  const [record, setRecord] = useState<PolicyVersion>();
  const [text, setText] = useState('');
  const [loadError, setLoadError] = useState<string>();
  const [problems, setProblems] = useState<FieldIssue[]>([]);
  const [typingProblems, setTypingProblems] = useState<Array<{ line: number; message: string }>>(
    [],
  );
  const [jumpTo, setJumpTo] = useState<{ issue: FieldIssue } | { line: number }>();
  const [message, setMessage] = useState<SaveOutcome>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  /** A message to keep across the reload that follows a lifecycle step. */
  const keptMessage = useRef<{ kind: 'ok'; text: string }>(undefined);

  const load = useCallback(async () => {
    const list = await callApi<{ versions: VersionSummary[] }>(
      'GET',
      `/api/v1/policies/${encodeURIComponent(policyKey)}/versions`,
    );
    const version = selected ?? list.versions.at(-1)?.version;
    const found =
      version === undefined
        ? undefined
        : await callApi<PolicyVersion>('GET', familyVersionPath(POLICY_FAMILY, policyKey, version));
    return { list: list.versions, found };
  }, [policyKey, selected]);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    setRecord(undefined);
    load().then(
      ({ list, found }) => {
        if (!live) return;
        setVersions(list);
        setRecord(found);
        setText(found ? prettyJson(found.document) : '');
        setProblems([]);
        setMessage(keptMessage.current);
        keptMessage.current = undefined;
      },
      (failure: unknown) => live && setLoadError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  const dirty = record !== undefined && text !== prettyJson(record.document);
  useUnsavedChangesGuard(dirty);

  if (loadError) return <ErrorPanel message={loadError} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!versions || !record) return <Loading what={`policy ${policyKey}`} />;

  const editable = record.status === 'draft' && sessionCan(session, 'policy:write');

  const parsedText = (): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      setMessage({
        kind: 'error',
        text: `The document is not valid JSON: ${(error as Error).message}`,
      });
      return undefined;
    }
  };

  const save = async () => {
    const document = parsedText();
    if (document === undefined) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await callApi<PolicyVersion>(
        'PUT',
        familyVersionPath(POLICY_FAMILY, record.key, record.version),
        {
          revision: record.revision,
          document,
        },
      );
      setRecord(saved);
      setText(prettyJson(saved.document));
      setProblems([]);
      setMessage({ kind: 'ok', text: `Draft saved (revision ${saved.revision}).` });
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.status === 409) {
        setMessage(staleSave(record.revision));
      } else if (failure instanceof ApiProblem && failure.status === 400) {
        setProblems(failure.issues.map(insideDocument));
        setMessage({
          kind: 'error',
          text: `Not saved: ${failure.message}. The problems are listed below the editor.`,
        });
      } else {
        setMessage({ kind: 'error', text: describeProblem(failure) });
      }
    } finally {
      setBusy(false);
    }
  };

  const format = () => {
    const document = parsedText();
    if (document !== undefined) setText(prettyJson(document));
  };

  // A version under review opens on what a reviewer decides on: the diff against the version in
  // force, its revenue impact and the approval; the document and the simulation follow.
  const underReview = record.status === 'in_review' || record.status === 'approved';
  const review = sessionCan(session, 'simulation:run') && <ReviewPanel record={record} />;
  const actions = (
    <VersionActions
      family={POLICY_FAMILY}
      session={session}
      record={record}
      dirty={dirty}
      onChanged={(_changed, done) => {
        keptMessage.current = { kind: 'ok', text: done };
        setAttempt((n) => n + 1);
      }}
    />
  );
  return (
    <section className="policy-screen" aria-labelledby="policy-title">
      <h1 id="policy-title">
        {record.key} <span className="muted">{record.kind}</span>
      </h1>
      <div className="policy-layout">
        <VersionList
          versions={versions}
          selected={record.version}
          hrefOf={(version) => `/policies/${encodeURIComponent(policyKey)}?version=${version}`}
        />
        <div className="document">
          <VersionToolbar
            family={POLICY_FAMILY}
            session={session}
            record={record}
            latest={versions.at(-1)?.version}
            dirty={dirty}
            editable={editable}
            saving={busy}
            onSave={() => void save()}
            onError={(text) => setMessage({ kind: 'error', text })}
            draftActions={
              <button type="button" className="secondary" onClick={format} disabled={busy}>
                Format
              </button>
            }
          />
          <SaveMessage message={message} onReload={() => setAttempt((n) => n + 1)} />
          {underReview && review}
          {underReview && actions}
          <Suspense fallback={<Loading what="the editor" />}>
            <JsonDocumentEditor
              path={policyModelPath(record.key, record.version, record.kind)}
              value={text}
              readOnly={!editable}
              onChange={setText}
              problems={problems}
              jumpTo={jumpTo}
              onMarkers={setTypingProblems}
              label={`Policy ${record.key} version ${record.version}${editable ? '' : ' (read only)'}`}
            />
          </Suspense>
          <ProblemsPanel
            serverProblems={problems}
            typingProblems={typingProblems}
            onJump={(issue) => setJumpTo({ issue })}
            onJumpToLine={(line) => setJumpTo({ line })}
          />
          {(record.status === 'draft' || underReview) && sessionCan(session, 'simulation:run') && (
            <SimulatePanel
              key={`simulate-${record.version}-${record.revision}`}
              record={record}
              dirty={dirty}
            />
          )}
          {!underReview && actions}
          <CompareVersions
            key={`compare-${record.version}-${record.revision}`}
            family={POLICY_FAMILY}
            documentKey={record.key}
            versions={versions}
            selected={record.version}
          />
        </div>
      </div>
    </section>
  );
}
