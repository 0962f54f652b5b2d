// Previewing a version on a pasted rating request: the request is written in Monaco with the
// rating request's schema (diagnostics, completion and hover as for policies), and the server's
// problems inside it are marked where they are. The answer is the whole invoice with the version
// in place, beside the published rating.
import { lazy, Suspense, useState } from 'react';
import { ApiProblem, callApi, describeProblem, type FieldIssue } from '../api/api-client';
import { ratingRequestModelPath } from '../monaco/model-paths';
import { InlineError, Loading } from '../ui/status';
import { InvoicePreview } from './invoice-preview';
import { prettyJson, type PolicyVersion, type RatingPreview } from './policy-api';
import { ProblemsPanel } from './problems-panel';

const JsonDocumentEditor = lazy(() => import('../monaco/json-document-editor'));

const IN_REQUEST = '$.request';

/** A request to start from: one customer in the policy's currency, no charges yet. */
function starterRequest(record: PolicyVersion, period: { start: string; end: string }): string {
  const currency = typeof record.document.currency === 'string' ? record.document.currency : 'USD';
  return prettyJson({
    customer: { id: 'preview-customer', country: 'US', region: 'WA', currency },
    period,
    subscriptions: [],
    usage: [],
  });
}

export function PastedRequestPreview({
  record,
  period,
}: {
  record: PolicyVersion;
  period: { start: string; end: string };
}) {
  const [text, setText] = useState(() => starterRequest(record, period));
  const [problems, setProblems] = useState<FieldIssue[]>([]);
  const [typingProblems, setTypingProblems] = useState<Array<{ line: number; message: string }>>(
    [],
  );
  const [jumpTo, setJumpTo] = useState<{ issue: FieldIssue } | { line: number }>();
  const [preview, setPreview] = useState<RatingPreview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setError(undefined);
    setProblems([]);
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch (failure) {
      setError(`The rating request is not JSON: ${(failure as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      setPreview(
        await callApi<RatingPreview>('POST', '/api/v1/simulations/preview', {
          versions: [{ key: record.key, version: record.version }],
          request,
        }),
      );
    } catch (failure) {
      setPreview(undefined);
      const inside =
        failure instanceof ApiProblem
          ? failure.issues.filter((issue) => issue.path.startsWith(IN_REQUEST))
          : [];
      setProblems(
        inside.map((issue) => ({ ...issue, path: `$${issue.path.slice(IN_REQUEST.length)}` })),
      );
      setError(describeProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pasted-request">
      <p className="muted">
        Paste or write a rating request (the body of <code>POST /api/v1/rate</code>). It is rated
        with v{record.version} in place of the published {record.key}.
      </p>
      <Suspense fallback={<Loading what="the editor" />}>
        <JsonDocumentEditor
          path={ratingRequestModelPath(record.key)}
          value={text}
          readOnly={false}
          onChange={setText}
          problems={problems}
          jumpTo={jumpTo}
          onMarkers={setTypingProblems}
          label="Rating request to preview"
        />
      </Suspense>
      <ProblemsPanel
        serverProblems={problems}
        typingProblems={typingProblems}
        onJump={(issue) => setJumpTo({ issue })}
        onJumpToLine={(line) => setJumpTo({ line })}
        title="Problems in the rating request"
      />
      <div className="actions">
        <button type="button" onClick={() => void run()} disabled={busy}>
          {busy ? 'Rating…' : 'Preview invoice'}
        </button>
      </div>
      <InlineError message={error} />
      {preview && <InvoicePreview preview={preview} />}
    </div>
  );
}
