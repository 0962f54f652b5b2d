// The lifecycle of a version, as far as the user's roles allow: submit a draft for review with a
// reason; approve (with an optional comment) or reject (with a reason) a version in review;
// publish an approved one with its effective date. The server decides (four eyes, MFA, stale
// revisions); a refusal is shown with the server's reason. Who did what, and when, is listed.
import { useState, type FormEvent } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { sessionCan, type Session } from '../auth/session';
import type { PolicyVersion } from '../policies/policy-api';
import { familyVersionPath, type VersionFamily } from './version-family';
import { InlineError } from '../ui/status';
import { usePeople } from '../people/use-people';

type Action = 'submit' | 'approve' | 'reject' | 'publish';

const today = () => new Date().toISOString().slice(0, 10);

export function VersionActions(props: {
  family: VersionFamily;
  session: Session;
  record: PolicyVersion;
  dirty: boolean;
  onChanged: (record: PolicyVersion, message: string) => void;
}) {
  const { family, session, record, dirty, onChanged } = props;
  const may = (step: 'submit' | 'review' | 'publish') =>
    sessionCan(session, `${family.permission}:${step}`);
  const [text, setText] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(today());
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<Action>();

  const act = async (action: Action, body: Record<string, unknown>, done: string) => {
    setBusy(action);
    setError(undefined);
    try {
      const changed = await callApi<PolicyVersion>(
        'POST',
        `${familyVersionPath(family, record.key, record.version)}/${action}`,
        { revision: record.revision, ...body },
      );
      setText('');
      onChanged(changed, done);
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setBusy(undefined);
    }
  };

  const onSubmit = (event: FormEvent, action: Action) => {
    event.preventDefault();
    if (action === 'submit') void act('submit', { reason: text }, 'Submitted for review.');
    if (action === 'approve') void act('approve', text ? { comment: text } : {}, 'Approved.');
    if (action === 'reject') void act('reject', { comment: text }, 'Rejected.');
    if (action === 'publish') {
      void act('publish', { effectiveFrom }, `Published, in force from ${effectiveFrom}.`);
    }
  };

  const canSubmit = record.status === 'draft' && may('submit');
  const canReview = record.status === 'in_review' && may('review');
  const canPublish = record.status === 'approved' && may('publish');

  return (
    <section className="lifecycle" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Review and approval</h2>
      <History record={record} />
      {canSubmit && (
        <form className="form" onSubmit={(event) => onSubmit(event, 'submit')}>
          <label>
            Why this change (reviewers and the audit log read it)
            <textarea
              value={text}
              onChange={(event) => setText(event.target.value)}
              required
              maxLength={2000}
              rows={2}
            />
          </label>
          {dirty && (
            <p className="muted">Save the draft first: the saved content is what gets reviewed.</p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy !== undefined || dirty}>
              {busy === 'submit' ? 'Submitting and simulating…' : 'Submit for review'}
            </button>
          </div>
        </form>
      )}
      {canReview && (
        <form className="form" onSubmit={(event) => event.preventDefault()}>
          <label>
            Comment (needed to reject)
            <textarea
              value={text}
              onChange={(event) => setText(event.target.value)}
              maxLength={2000}
              rows={2}
            />
          </label>
          <div className="actions">
            <button
              type="button"
              disabled={busy !== undefined}
              onClick={(event) => onSubmit(event, 'approve')}
            >
              {busy === 'approve' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy !== undefined || text.trim() === ''}
              onClick={(event) => onSubmit(event, 'reject')}
            >
              {busy === 'reject' ? 'Rejecting…' : 'Reject'}
            </button>
          </div>
        </form>
      )}
      {record.status === 'in_review' && !may('review') && (
        <p className="muted">
          Waiting for an approver: approving needs the approver role, and never the author.
        </p>
      )}
      {record.status === 'approved' && !may('publish') && (
        <p className="muted">Approved: a billing admin or an approver publishes it.</p>
      )}
      {canPublish && (
        <form className="form" onSubmit={(event) => onSubmit(event, 'publish')}>
          <label>
            In force from
            <input
              type="date"
              value={effectiveFrom}
              min={today()}
              onChange={(event) => setEffectiveFrom(event.target.value)}
              required
            />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy !== undefined}>
              {busy === 'publish' ? 'Publishing…' : 'Publish'}
            </button>
          </div>
        </form>
      )}
      <InlineError message={error} />
    </section>
  );
}

function History({ record }: { record: PolicyVersion }) {
  const nameOf = usePeople([
    record.author,
    ...[record.submission, ...(record.approvals ?? []), record.rejection, record.publication]
      .filter((step) => step !== undefined)
      .map((step) => step.by),
  ]);
  const rows: string[] = [`Written by ${nameOf(record.author)}, ${stamp(record.createdAt)}`];
  if (record.submission) {
    rows.push(
      `Submitted by ${nameOf(record.submission.by)}, ${stamp(record.submission.at)}: “${record.submission.reason}”`,
    );
  }
  for (const approval of record.approvals ?? []) {
    rows.push(
      `Approved by ${nameOf(approval.by)}, ${stamp(approval.at)}${approval.comment ? `: “${approval.comment}”` : ''}`,
    );
  }
  if (record.rejection) {
    rows.push(
      `Rejected by ${nameOf(record.rejection.by)}, ${stamp(record.rejection.at)}: “${record.rejection.comment}”`,
    );
  }
  if (record.publication) {
    rows.push(
      `Published by ${nameOf(record.publication.by)}, ${stamp(record.publication.at)}, in force from ${record.publication.effectiveFrom.slice(0, 10)}`,
    );
  }
  return (
    <ol className="history" aria-label="History of this version">
      {rows.map((row) => (
        <li key={row}>{row}</li>
      ))}
    </ol>
  );
}

function stamp(at: string): string {
  return `${at.slice(0, 16).replace('T', ' ')} UTC`;
}
