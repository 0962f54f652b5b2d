// The rules in force for a charge: the effective version of every policy key of one kind (in one
// currency where the kind has one), and their rules in firing order, highest priority first, equal
// priorities in policy order and then rule order. Thousands of lines share a handful of charge
// dates, so the answer is kept per policy set, currency, charge date and term start.
import type { CompiledRule } from './conditions/compile-condition';
import { versionFor, type PolicyHistory } from './policy-set';
import type { Policy, PolicyRef } from './types';

interface VersionLike {
  ref: PolicyRef;
  effectiveFrom: number;
  document: Policy;
  rules: CompiledRule<unknown>[];
  currency?: string | undefined;
}

export interface RuleInForce<Version extends VersionLike> {
  version: Version;
  rule: Version['rules'][number];
}

export interface RulesInForce<Version extends VersionLike> {
  /** Identifies the combination of versions: equal keys, equal rules. */
  key: string;
  versions: Version[];
  rules: RuleInForce<Version>[];
}

/**
 * `currency`: keep versions in this currency and versions without one; undefined keeps all.
 * `termStart`: start of the subscription term the charge belongs to, for grandfathering.
 */
type Cache = Map<string, Map<number, Map<number, RulesInForce<VersionLike>>>>;
const caches = new WeakMap<readonly PolicyHistory<VersionLike>[], Cache>();
const MAX_DATES_CACHED = 10_000;

export function rulesInForce<Version extends VersionLike>(
  histories: readonly PolicyHistory<Version>[],
  chargeDate: number,
  termStart: number | undefined,
  currency: string | undefined,
): RulesInForce<Version> {
  let cache = caches.get(histories);
  if (cache === undefined) {
    cache = new Map();
    caches.set(histories, cache);
  }
  let byDate = cache.get(currency ?? '');
  if (byDate === undefined) {
    byDate = new Map();
    cache.set(currency ?? '', byDate);
  }
  if (byDate.size > MAX_DATES_CACHED) byDate.clear();
  let byTerm = byDate.get(chargeDate);
  if (byTerm === undefined) {
    byTerm = new Map();
    byDate.set(chargeDate, byTerm);
  }
  const termKey = termStart ?? Number.NaN;
  let found = byTerm.get(termKey) as RulesInForce<Version> | undefined;
  if (found === undefined) {
    found = computeRulesInForce(histories, chargeDate, termStart, currency);
    byTerm.set(termKey, found as unknown as RulesInForce<VersionLike>);
  }
  return found;
}

function computeRulesInForce<Version extends VersionLike>(
  histories: readonly PolicyHistory<Version>[],
  chargeDate: number,
  termStart: number | undefined,
  currency: string | undefined,
): RulesInForce<Version> {
  const versions: Version[] = [];
  for (const history of histories) {
    const version = versionFor(history, chargeDate, termStart);
    if (version === undefined) continue;
    if (currency !== undefined && version.currency !== undefined && version.currency !== currency) {
      continue;
    }
    versions.push(version);
  }
  const rules = versions
    .flatMap((version) => version.rules.map((rule) => ({ version, rule })))
    .sort((a, b) => b.rule.priority - a.rule.priority);
  return {
    key: versions.map((version) => `${version.ref.key}@${version.ref.version}`).join(','),
    versions,
    rules,
  };
}
