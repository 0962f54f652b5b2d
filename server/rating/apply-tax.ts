// Step 4 of rating: tax per jurisdiction. Every matching tax rule applies, but at most one per
// jurisdiction and line: the highest-priority match (so an exemption rule with a higher priority
// beats the rate it exempts from). Several jurisdictions stack, such as a state and a city tax.
//
// - exclusive tax: rate % of the line's net amount after discounts;
// - inclusive tax: the amount already contains it; with inclusive rates r1..rn on one line, tax i
//   is gross x ri / (100 + r1 + ... + rn), and the net is the gross minus those taxes;
// - exempt rules, EU reverse charge and tax-exempt customers give a zero tax with a note, so the
//   invoice shows why nothing was charged.
// Each tax is rounded on its line with the tax policy's rounding mode.
import type { CompiledRule } from './conditions/compile-condition';
import { Decimal, HUNDRED, ZERO, formatMoney, roundMoney } from './money';
import { versionFor, type CompiledTaxVersion } from './policy-set';
import type { RatingContext } from './price-lines';
import type { TaxEvent } from './types';
import type { WorkingLine, WorkingTax } from './working-line';

interface TaxCandidate {
  version: CompiledTaxVersion;
  rule: CompiledRule<TaxEvent>;
}

const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).';

export function applyTax(context: RatingContext, lines: WorkingLine[]): string[] {
  const notes = new Set<string>();
  const cache = new Map<string, TaxCandidate[]>();
  for (const line of lines) {
    const chosen = chooseTaxes(line, taxCandidates(context, line, cache));
    line.taxes = computeTaxes(context, line, chosen);
    for (const tax of line.taxes) if (tax.note) notes.add(tax.note);
  }
  return [...notes];
}

function taxCandidates(
  context: RatingContext,
  line: WorkingLine,
  cache: Map<string, TaxCandidate[]>,
): TaxCandidate[] {
  const versions: CompiledTaxVersion[] = [];
  let key = '';
  for (const history of context.policies.tax) {
    const version = versionFor(history, line.chargeDate, line.charge?.termStart);
    if (version === undefined) continue;
    versions.push(version);
    key += `${history.key}@${version.ref.version},`;
  }
  let candidates = cache.get(key);
  if (candidates === undefined) {
    candidates = versions
      .flatMap((version) => version.rules.map((rule) => ({ version, rule })))
      .sort((a, b) => b.rule.priority - a.rule.priority);
    cache.set(key, candidates);
  }
  return candidates;
}

function chooseTaxes(line: WorkingLine, candidates: TaxCandidate[]): TaxCandidate[] {
  const byJurisdiction = new Map<string, TaxCandidate>();
  for (const candidate of candidates) {
    const jurisdiction = candidate.rule.event.params.jurisdiction;
    if (byJurisdiction.has(jurisdiction) || !candidate.rule.matches(line.facts)) continue;
    byJurisdiction.set(jurisdiction, candidate);
  }
  return [...byJurisdiction.values()];
}

function zeroTaxNote(context: RatingContext, candidate: TaxCandidate): string | undefined {
  const params = candidate.rule.event.params;
  if (params.exempt) return params.note ?? `${params.name}: exempt`;
  if (params.reverseCharge) return params.note ?? REVERSE_CHARGE_NOTE;
  const customer = context.request.customer;
  if (customer.taxExempt) {
    const id = customer.taxId ? ` (tax id ${customer.taxId})` : '';
    return `Customer is exempt from tax${id}: ${params.name} not charged.`;
  }
  return undefined;
}

function computeTaxes(
  context: RatingContext,
  line: WorkingLine,
  chosen: TaxCandidate[],
): WorkingTax[] {
  const gross = line.discounted;
  const charged = chosen.map((candidate) => ({
    candidate,
    note: zeroTaxNote(context, candidate),
    rate: candidate.version.rates[candidate.rule.index]!,
  }));
  let inclusiveRates = ZERO;
  for (const tax of charged) {
    if (tax.note === undefined && tax.candidate.rule.event.params.inclusive) {
      inclusiveRates = inclusiveRates.plus(tax.rate);
    }
  }
  const taxes: WorkingTax[] = [];
  let inclusiveTotal = ZERO;
  for (const tax of charged.filter((t) => t.candidate.rule.event.params.inclusive)) {
    const amount = tax.note
      ? ZERO
      : roundMoney(
          gross.times(tax.rate).dividedBy(HUNDRED.plus(inclusiveRates)),
          context.currency,
          tax.candidate.version.rounding,
        );
    inclusiveTotal = inclusiveTotal.plus(amount);
    taxes.push(record(context.currency, line, tax, amount, gross, inclusiveRates));
  }
  const net = gross.minus(inclusiveTotal);
  for (const tax of charged.filter((t) => !t.candidate.rule.event.params.inclusive)) {
    const amount = tax.note
      ? ZERO
      : roundMoney(
          net.times(tax.rate).dividedBy(HUNDRED),
          context.currency,
          tax.candidate.version.rounding,
        );
    taxes.push(record(context.currency, line, tax, amount, net, inclusiveRates));
  }
  return taxes;
}

function record(
  currency: string,
  line: WorkingLine,
  tax: { candidate: TaxCandidate; note: string | undefined; rate: Decimal },
  amount: Decimal,
  base: Decimal,
  inclusiveRates: Decimal,
): WorkingTax {
  const { version, rule } = tax.candidate;
  const params = rule.event.params;
  const inclusive = params.inclusive ?? false;
  const explain = () => {
    const [money, taxed] = [formatMoney(amount, currency), formatMoney(base, currency)];
    if (tax.note) return `${params.name} (${params.jurisdiction}): ${money} - ${tax.note}`;
    return inclusive
      ? `${params.name} (${params.jurisdiction}) ${tax.rate}% included in ${taxed}: ${taxed} x ${tax.rate} / ${HUNDRED.plus(inclusiveRates)} = ${money}`
      : `${params.name} (${params.jurisdiction}) ${tax.rate}% of ${taxed} = ${money}`;
  };
  line.trace.push(() => ({
    step: 'tax',
    policy: version.ref,
    rule: rule.name,
    inputs: {
      base: base.toString(),
      rate: tax.rate.toString(),
      inclusive,
      jurisdiction: params.jurisdiction,
    },
    result: amount.toString(),
    explanation: explain(),
  }));
  return {
    name: params.name,
    jurisdiction: params.jurisdiction,
    rate: tax.rate,
    inclusive,
    amount,
    policy: version.ref,
    rule: rule.name,
    ...(tax.note && { note: tax.note }),
  };
}
