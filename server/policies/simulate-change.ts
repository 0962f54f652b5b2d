// The revenue impact of draft policy versions: every customer's period rated with the published
// versions, then again with the drafts in their place, and compared line by line. Pure: the
// caller loads the customers' requests and the versions.
//
// A draft is simulated as if it took effect at the start of the simulated period (its own
// effectiveFrom may be later: the question is "what would this change do to this period"). Totals
// are per currency; nothing is converted.
import { formatMoney, parseDecimal, sum, type Exact } from '../rating/money';
import { loadPolicySet, type PolicySet } from '../rating/policy-set';
import { priceInvoice, type PricedInvoice } from '../rating/price-invoice';
import { RatingError } from '../rating/rating-error';
import { describeLine } from '../rating/render-trace';
import { toInstant, toMillis } from '../rating/time';
import type { Policy, RatingRequest } from '../rating/types';
import type { ValidationIssue } from '../rating/validation';
import type { WorkingLine } from '../rating/working-line';

export interface LineChange {
  description: string;
  kind: WorkingLine['kind'];
  before: string | null;
  after: string | null;
}

export interface CustomerImpact {
  customerId: string;
  currency: string;
  before: string;
  after: string;
  delta: string;
  changedLines: LineChange[];
}

export interface SimulationResult {
  period: { start: string; end: string };
  customers: CustomerImpact[];
  /** Revenue before and after, and the delta, per currency (totals including tax). */
  totals: { currency: string; before: string; after: string; delta: string; customers: number }[];
  /** Customers that could not be rated, with the published versions or with the drafts. */
  failures: { customerId: string; with: 'published' | 'drafts'; issues: ValidationIssue[] }[];
}

export interface SimulateChangeOptions {
  /** Validated rating requests, one per customer, all for the same period. */
  requests: RatingRequest[];
  period: { start: string; end: string };
  /** Every published (and superseded) version of every policy. */
  published: Policy[];
  /** The versions under simulation; each replaces its key's versions from the period start. */
  drafts: Policy[];
}

export function simulateChange(options: SimulateChangeOptions): SimulationResult {
  const { before, after } = policySetsOf(options);
  const customers: CustomerImpact[] = [];
  const failures: SimulationResult['failures'] = [];
  for (const request of options.requests) {
    const old = rate(request, before, 'published', failures);
    const now = rate(request, after, 'drafts', failures);
    if (old === undefined || now === undefined) continue;
    customers.push(compare(request, old, now));
  }
  return { period: options.period, customers, totals: totalsByCurrency(customers), failures };
}

export interface ChangePreview {
  /** The request rated with the published versions, or why it cannot be. */
  before: { ok: true; invoice: PricedInvoice } | { ok: false; issues: ValidationIssue[] };
  /** The request rated with the drafts in their keys' place, or why it cannot be. */
  after: { ok: true; invoice: PricedInvoice } | { ok: false; issues: ValidationIssue[] };
  /** When both could be rated: the customer's old/new/delta and the lines that change. */
  impact: CustomerImpact | null;
}

/** One request rated both ways, kept whole: the invoice preview of a change. */
export function previewChange(options: {
  request: RatingRequest;
  published: Policy[];
  drafts: Policy[];
}): ChangePreview {
  const { before, after } = policySetsOf({ ...options, period: options.request.period });
  const old = rateOrIssues(options.request, before);
  const now = rateOrIssues(options.request, after);
  return {
    before: old,
    after: now,
    impact: old.ok && now.ok ? compare(options.request, old.invoice, now.invoice) : null,
  };
}

function policySetsOf(options: {
  published: Policy[];
  drafts: Policy[];
  period: { start: string };
}): { before: PolicySet; after: PolicySet } {
  return {
    before: loadPolicySet(options.published.map((document) => ({ document }))),
    after: loadPolicySet(candidateVersions(options).map((document) => ({ document }))),
  };
}

/** The published versions, with each draft effective from the period start in its key's place. */
function candidateVersions({
  published,
  drafts,
  period,
}: {
  published: Policy[];
  drafts: Policy[];
  period: { start: string };
}): Policy[] {
  const start = toMillis(period.start);
  const draftKeys = new Set(drafts.map((draft) => draft.key));
  const kept = published.filter(
    (version) => !draftKeys.has(version.key) || toMillis(version.effectiveFrom) < start,
  );
  const latest = new Map<string, number>();
  for (const version of published) {
    latest.set(version.key, Math.max(latest.get(version.key) ?? 0, version.version));
  }
  return [
    ...kept,
    ...drafts.map((draft) => ({
      ...draft,
      // Above every published version, so it wins where dates tie.
      version: Math.max(draft.version, (latest.get(draft.key) ?? 0) + 1),
      effectiveFrom: toInstant(Math.min(start, toMillis(draft.effectiveFrom))),
    })),
  ];
}

function rate(
  request: RatingRequest,
  policies: PolicySet,
  label: 'published' | 'drafts',
  failures: SimulationResult['failures'],
): PricedInvoice | undefined {
  const outcome = rateOrIssues(request, policies);
  if (outcome.ok) return outcome.invoice;
  failures.push({ customerId: request.customer.id, with: label, issues: outcome.issues });
  return undefined;
}

function rateOrIssues(
  request: RatingRequest,
  policies: PolicySet,
): { ok: true; invoice: PricedInvoice } | { ok: false; issues: ValidationIssue[] } {
  try {
    return { ok: true, invoice: priceInvoice({ request, policies }) };
  } catch (error) {
    if (!(error instanceof RatingError)) throw error;
    return { ok: false, issues: error.issues };
  }
}

/** A line's identity across the two ratings: what it charges for, not its position. */
function lineKey(line: WorkingLine): string {
  const charge = line.charge;
  if (charge === undefined) return `${line.kind}|${line.trueUp?.group}`;
  const dimensions = charge.dimensions ? JSON.stringify(charge.dimensions) : '';
  return `${line.kind}|${charge.product ?? ''}|${charge.meter ?? ''}|${dimensions}|${charge.subscription?.id ?? ''}|${line.start}|${line.end}`;
}

function compare(request: RatingRequest, old: PricedInvoice, now: PricedInvoice): CustomerImpact {
  const currency = old.currency;
  const money = (value: Exact) => formatMoney(value, currency);
  const lineTotal = (line: WorkingLine) =>
    line.discounted.plus(sum(line.taxes.map((tax) => tax.amount)));
  const oldLines = new Map(old.lines.map((line) => [lineKey(line), line]));
  const newLines = new Map(now.lines.map((line) => [lineKey(line), line]));
  const changedLines: LineChange[] = [];
  for (const [key, line] of oldLines) {
    const other = newLines.get(key);
    if (other === undefined || !lineTotal(other).equals(lineTotal(line))) {
      changedLines.push({
        description: describeLine(line),
        kind: line.kind,
        before: money(lineTotal(line)),
        after: other ? money(lineTotal(other)) : null,
      });
    }
  }
  for (const [key, line] of newLines) {
    if (!oldLines.has(key)) {
      changedLines.push({
        description: describeLine(line),
        kind: line.kind,
        before: null,
        after: money(lineTotal(line)),
      });
    }
  }
  return {
    customerId: request.customer.id,
    currency,
    before: money(old.totals.total),
    after: money(now.totals.total),
    delta: money(now.totals.total.minus(old.totals.total)),
    changedLines,
  };
}

function totalsByCurrency(customers: CustomerImpact[]): SimulationResult['totals'] {
  const byCurrency = new Map<string, CustomerImpact[]>();
  for (const customer of customers) {
    byCurrency.set(customer.currency, [...(byCurrency.get(customer.currency) ?? []), customer]);
  }
  return [...byCurrency].map(([currency, group]) => {
    const total = (pick: (customer: CustomerImpact) => string) =>
      formatMoney(sum(group.map((customer) => parseDecimal(pick(customer), '$'))), currency);
    return {
      currency,
      before: total((customer) => customer.before),
      after: total((customer) => customer.after),
      delta: total((customer) => customer.delta),
      customers: group.length,
    };
  });
}
