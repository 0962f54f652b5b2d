// What a reviewer decides on: the changes against the version in force, in a diff editor, and the
// revenue impact of the latest simulation of exactly this content, per currency and per customer
// with the lines that change.
import { lazy, Suspense, useEffect, useState } from 'react';
import { callApi, describeProblem } from '../api/api-client';
import { policyModelPath } from '../monaco/model-paths';
import { ErrorPanel, Loading } from '../ui/status';
import { SimulationImpact } from './simulation-impact';
import { ChangeList } from '../versions/change-list';
import { familyVersionPath, POLICY_FAMILY } from '../versions/version-family';
import {
  type CustomerImpact,
  type PolicyVersion,
  type VersionReview,
  prettyJson,
} from './policy-api';

const CodeDiffEditor = lazy(() => import('../monaco/code-diff-editor'));

interface Loaded {
  review: VersionReview;
  against: PolicyVersion | undefined;
  customers: CustomerImpact[];
}

export function ReviewPanel({ record }: { record: PolicyVersion }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(undefined);
    (async () => {
      const review = await callApi<VersionReview>(
        'GET',
        `${familyVersionPath(POLICY_FAMILY, record.key, record.version)}/review`,
      );
      const against = review.against
        ? await callApi<PolicyVersion>(
            'GET',
            familyVersionPath(POLICY_FAMILY, record.key, review.against.version),
          )
        : undefined;
      const customers = review.simulation
        ? (
            await callApi<{ customers: CustomerImpact[] }>(
              'GET',
              `/api/v1/simulations/${encodeURIComponent(review.simulation.id)}/customers?limit=50`,
            )
          ).customers
        : [];
      if (live) setLoaded({ review, against, customers });
    })().catch((failure: unknown) => live && setError(describeProblem(failure)));
    return () => {
      live = false;
    };
  }, [record.key, record.version, record.contentHash, attempt]);

  if (error) return <ErrorPanel message={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!loaded) return <Loading what="the review" />;
  const { review, against, customers } = loaded;
  const simulation = review.simulation;
  return (
    <section className="review" aria-labelledby="review-title">
      <h2 id="review-title">
        Review: v{record.version} against{' '}
        {against ? `v${against.version}, in force` : 'nothing published yet'}
      </h2>
      <Suspense fallback={<Loading what="the diff" />}>
        <CodeDiffEditor
          language="json"
          original={against ? prettyJson(against.document) : ''}
          modified={prettyJson(record.document)}
          originalPath={`review/${policyModelPath(record.key, against?.version ?? 0, record.kind)}`}
          modifiedPath={`review/${policyModelPath(record.key, record.version, record.kind)}`}
          label={`Changes of ${record.key} v${record.version}`}
        />
      </Suspense>
      <ChangeList changes={review.changes} label="Changed fields under review" />
      <h3>Revenue impact</h3>
      {!simulation && <p className="empty">This content has not been simulated yet.</p>}
      {simulation && <SimulationImpact simulation={simulation} customers={customers} />}
    </section>
  );
}
