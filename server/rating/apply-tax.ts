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
import { Exact, HUNDRED, PERCENT, ZERO, roundMoney } from './money';
import { rulesInForce } from './effective-rules';
import type { CompiledTaxVersion } from './policy-set';
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
  for (const line of lines) {
    const { rules } = rulesInForce(
      context.policies.tax,
      line.chargeDate,
      line.charge?.termStart,
      undefined,
    );
    const chosen = chooseTaxes(line, rules);
    line.taxes = computeTaxes(context, line, chosen);
    for (const tax of line.taxes) if (tax.note) notes.add(tax.note);
  }
  return [...notes];
}

function chooseTaxes(line: WorkingLine, candidates: TaxCandidate[]): TaxCandidate[] {
  const chosen: TaxCandidate[] = [];
  for (const candidate of candidates) {
    const jurisdiction = candidate.rule.event.params.jurisdiction;
    let taken = false;
    for (const other of chosen) taken ||= other.rule.event.params.jurisdiction === jurisdiction;
    if (!taken && candidate.rule.matches(line.facts)) chosen.push(candidate);
  }
  return chosen;
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

interface ChargedTax {
  candidate: TaxCandidate;
  note: string | undefined;
  rate: Exact;
  inclusive: boolean;
}

function computeTaxes(
  context: RatingContext,
  line: WorkingLine,
  chosen: TaxCandidate[],
): WorkingTax[] {
  const gross = line.discounted;
  const charged: ChargedTax[] = [];
  let inclusiveRates = ZERO;
  for (const candidate of chosen) {
    const tax: ChargedTax = {
      candidate,
      note: zeroTaxNote(context, candidate),
      rate: candidate.version.rates[candidate.rule.index]!,
      inclusive: candidate.rule.event.params.inclusive ?? false,
    };
    if (tax.inclusive && tax.note === undefined) inclusiveRates = inclusiveRates.plus(tax.rate);
    charged.push(tax);
  }
  const taxes: WorkingTax[] = [];
  let net = gross;
  for (const tax of charged) {
    if (!tax.inclusive) continue;
    const amount = tax.note
      ? ZERO
      : roundMoney(
          gross.times(tax.rate).dividedBy(HUNDRED.plus(inclusiveRates)),
          context.currency,
          tax.candidate.version.rounding,
        );
    net = net.minus(amount);
    taxes.push(record(tax, amount, gross, inclusiveRates));
  }
  for (const tax of charged) {
    if (tax.inclusive) continue;
    const amount = tax.note
      ? ZERO
      : roundMoney(
          net.times(tax.rate).times(PERCENT),
          context.currency,
          tax.candidate.version.rounding,
        );
    taxes.push(record(tax, amount, net, inclusiveRates));
  }
  return taxes;
}

function record(tax: ChargedTax, amount: Exact, base: Exact, inclusiveRates: Exact): WorkingTax {
  const { version, rule } = tax.candidate;
  const params = rule.event.params;
  return {
    name: params.name,
    jurisdiction: params.jurisdiction,
    rate: tax.rate,
    inclusive: tax.inclusive,
    amount,
    policy: version.ref,
    rule: rule.name,
    note: tax.note,
    base,
    inclusiveRates,
  };
}
