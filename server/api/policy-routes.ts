// Policy versions over HTTP: the routes every versioned family has (version-routes.ts), for
// policies. A publication drops this process's compiled policy set, so rating uses it at once.
import { diffDocuments } from '../versioning/diff-documents';
import { POLICY_FAMILY } from '../policies/policy-version';
import type { Policy, PolicyKind } from '../rating/types';
import { SCHEMA_IDS } from '../rating/validation';
import { ensureReviewSimulation } from '../simulations/review-simulation';
import type { RouteDefinition } from './route';
import type { VersionApi } from './version-api';
import { versionRoutes } from './version-routes';
import { DOCUMENT_CHANGES_SCHEMA } from './version-views';

/** Every kind, checked complete by the compiler. */
const KIND_NAMES: Record<PolicyKind, true> = {
  pricing: true,
  discount: true,
  tax: true,
  dunning: true,
};
export const POLICY_KINDS = Object.keys(KIND_NAMES) as PolicyKind[];

export const POLICY_API: VersionApi<PolicyKind, Policy> = {
  family: POLICY_FAMILY,
  path: '/api/v1/policies',
  tag: 'policies',
  names: { singular: 'policy', plural: 'policies', Singular: 'Policy', Plural: 'Policies' },
  kinds: POLICY_KINDS,
  documentSchema: { $ref: SCHEMA_IDS.policy },
  permissions: {
    read: 'policy:read',
    write: 'policy:write',
    submit: 'policy:submit',
    review: 'policy:review',
    publish: 'policy:publish',
  },
  diff: {
    description:
      'Each change names a JSON path of the document with its value before (in `from`) and after (in `to`); rules are matched by name.',
    properties: {
      changes: {
        ...DOCUMENT_CHANGES_SCHEMA,
        description:
          'Each change names a JSON path of the document; rules are matched by name, so a moved rule is one "moved" entry',
      },
    },
    compare: (before, after) => ({ changes: diffDocuments(before, after) }),
  },
  publicationNote:
    'The effective date becomes the document’s effectiveFrom, and rating uses the new version at once.',
  // Rating in this process prices with the new version from the next request on.
  afterPublish: (context) => context.ratablePolicies.invalidate(),
  // Every review carries the revenue impact of the change.
  afterSubmit: async (context, record) => {
    try {
      await ensureReviewSimulation({
        store: context.store,
        clock: context.clock,
        actor: { type: 'user', id: record.submission?.by ?? record.author },
        record,
      });
    } catch (error) {
      context.logger.error(
        { err: error, version: record._id },
        'the review simulation failed; the review shows none until someone simulates the version',
      );
    }
  },
};

export const policyRoutes: RouteDefinition[] = versionRoutes(POLICY_API);
