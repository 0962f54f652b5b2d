// One template: its versions, the selected one's Handlebars source in Monaco (editable when it is
// a draft and the user may write templates) with its description and, for an e-mail, its subject;
// a live preview with the sample context and a PDF preview; saving with the revision it was
// opened at; the lifecycle (submit, approve, publish) and a comparison of any two versions.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, callApi, describeProblem, type FieldIssue } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import { useUnsavedChangesGuard } from '../shell/navigation';
import { ErrorPanel, Loading } from '../ui/status';
import type { VersionSummary } from '../policies/policy-api';
import { CompareVersions } from '../versions/compare-versions';
import { VersionActions } from '../versions/version-actions';
import { SaveMessage, staleSave, type SaveOutcome } from '../versions/save-message';
import { familyVersionPath, TEMPLATE_FAMILY } from '../versions/version-family';
import { VersionList } from '../versions/version-list';
import { VersionToolbar } from '../versions/version-toolbar';
import { sourceProblems, type TemplateDocument, type TemplateVersion } from './template-api';
import { TemplatePreview } from './template-preview';

const HandlebarsEditor = lazy(() => import('../monaco/handlebars-editor'));

export function TemplateScreen(props: {
  session: Session;
  templateKey: string;
  selected: number | undefined;
}) {
  const { session, templateKey, selected } = props;
  const [versions, setVersions] = useState<VersionSummary[]>();
  const [record, setRecord] = useState<TemplateVersion>();
  const [draft, setDraft] = useState<TemplateDocument>();
  const [loadError, setLoadError] = useState<string>();
  const [saveIssues, setSaveIssues] = useState<FieldIssue[]>([]);
  const [previewIssues, setPreviewIssues] = useState<FieldIssue[]>([]);
  const [jumpTo, setJumpTo] = useState<{ line: number; column?: number }>();
  const [message, setMessage] = useState<SaveOutcome>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const keptMessage = useRef<{ kind: 'ok'; text: string }>(undefined);
  const path = (version: number) => familyVersionPath(TEMPLATE_FAMILY, templateKey, version);

  const load = useCallback(async () => {
    const list = await callApi<{ versions: VersionSummary[] }>(
      'GET',
      `${TEMPLATE_FAMILY.base}/${encodeURIComponent(templateKey)}/versions`,
    );
    const version = selected ?? list.versions.at(-1)?.version;
    const found =
      version === undefined
        ? undefined
        : await callApi<TemplateVersion>(
            'GET',
            familyVersionPath(TEMPLATE_FAMILY, templateKey, version),
          );
    return { list: list.versions, found };
  }, [templateKey, selected]);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    setRecord(undefined);
    load().then(
      ({ list, found }) => {
        if (!live) return;
        setVersions(list);
        setRecord(found);
        setDraft(found?.document);
        setSaveIssues([]);
        setMessage(keptMessage.current);
        keptMessage.current = undefined;
      },
      (failure: unknown) => live && setLoadError(describeProblem(failure)),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);

  const dirty =
    record !== undefined &&
    draft !== undefined &&
    JSON.stringify(draft) !== JSON.stringify(record.document);
  useUnsavedChangesGuard(dirty);

  if (loadError) return <ErrorPanel message={loadError} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!versions || !record || !draft) return <Loading what={`template ${templateKey}`} />;

  const editable = record.status === 'draft' && sessionCan(session, 'template:write');
  const change = (fields: Partial<TemplateDocument>) => setDraft({ ...draft, ...fields });

  const save = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const saved = await callApi<TemplateVersion>('PUT', path(record.version), {
        revision: record.revision,
        document: draft,
      });
      setRecord(saved);
      setDraft(saved.document);
      setSaveIssues([]);
      setMessage({ kind: 'ok', text: `Draft saved (revision ${saved.revision}).` });
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.status === 409) {
        setMessage(staleSave(record.revision));
      } else {
        setSaveIssues(failure instanceof ApiProblem ? failure.issues : []);
        setMessage({ kind: 'error', text: `Not saved: ${describeProblem(failure)}` });
      }
    } finally {
      setBusy(false);
    }
  };

  const problems = sourceProblems([...saveIssues, ...previewIssues]);
  return (
    <section className="policy-screen" aria-labelledby="template-title">
      <h1 id="template-title">
        {record.key} <span className="muted">{draft.purpose}</span>
      </h1>
      <div className="policy-layout">
        <VersionList
          versions={versions}
          selected={record.version}
          hrefOf={(version) => `/templates/${encodeURIComponent(templateKey)}?version=${version}`}
        />
        <div className="document">
          <VersionToolbar
            family={TEMPLATE_FAMILY}
            session={session}
            record={record}
            latest={versions.at(-1)?.version}
            dirty={dirty}
            editable={editable}
            saving={busy}
            onSave={() => void save()}
            onError={(text) => setMessage({ kind: 'error', text })}
          />
          <SaveMessage message={message} onReload={() => setAttempt((n) => n + 1)} />
          <div className="form template-fields">
            <label>
              Description
              <input
                value={draft.description}
                readOnly={!editable}
                maxLength={500}
                onChange={(event) => change({ description: event.target.value })}
              />
            </label>
            {draft.subject !== undefined && (
              <label>
                E-mail subject (Handlebars, plain text)
                <input
                  value={draft.subject}
                  readOnly={!editable}
                  maxLength={300}
                  onChange={(event) => change({ subject: event.target.value })}
                />
              </label>
            )}
          </div>
          <div className="template-workspace">
            <div>
              <Suspense fallback={<Loading what="the editor" />}>
                <HandlebarsEditor
                  path={TEMPLATE_FAMILY.modelPath(record.key, record.version, draft.purpose)}
                  value={draft.source}
                  readOnly={!editable}
                  onChange={(source) => change({ source })}
                  problems={problems}
                  jumpTo={jumpTo}
                  label={`Template ${record.key} version ${record.version}${editable ? '' : ' (read only)'}`}
                />
              </Suspense>
              <section className="problems" aria-labelledby="template-problems-title">
                <h2 id="template-problems-title">
                  Problems <span className="badge">{problems.length}</span>
                </h2>
                {problems.length === 0 && <p className="empty">No problems found.</p>}
                <ul>
                  {problems.map((problem) => (
                    <li key={`${problem.line}-${problem.column}-${problem.message}`}>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setJumpTo({ line: problem.line, column: problem.column })}
                      >
                        line {problem.line}
                      </button>{' '}
                      {problem.message}
                    </li>
                  ))}
                </ul>
              </section>
            </div>
            <TemplatePreview
              purpose={draft.purpose}
              source={draft.source}
              subject={draft.subject}
              onProblems={setPreviewIssues}
            />
          </div>
          <VersionActions
            family={TEMPLATE_FAMILY}
            session={session}
            record={record}
            dirty={dirty}
            onChanged={(_changed, done) => {
              keptMessage.current = { kind: 'ok', text: done };
              setAttempt((n) => n + 1);
            }}
          />
          <CompareVersions
            key={`compare-${record.version}-${record.revision}`}
            family={TEMPLATE_FAMILY}
            documentKey={record.key}
            versions={versions}
            selected={record.version}
          />
        </div>
      </div>
    </section>
  );
}
