// Minimum commitments: lines priced by rules that name the same commitment group add up, after
// discounts; when they come to less than the commitment, a true-up line charges the shortfall.
// The commitment amount is the one declared by the rule that priced the group's first line.
import { ONE, roundMoney, sum } from './money';
import type { RatingContext } from './price-lines';
import type { WorkingLine } from './working-line';

export interface CommitmentOutcome {
  trueUps: WorkingLine[];
  warnings: string[];
}

export function applyCommitments(context: RatingContext, lines: WorkingLine[]): CommitmentOutcome {
  const warnings: string[] = [];
  const groups = new Map<string, WorkingLine[]>();
  for (const line of lines) {
    if (line.commitment === undefined) continue;
    const members = groups.get(line.commitment.group) ?? [];
    members.push(line);
    groups.set(line.commitment.group, members);
  }
  const trueUps: WorkingLine[] = [];
  for (const [group, members] of groups) {
    const first = members[0]!;
    const commitment = first.commitment!;
    const other = members.find((line) => !line.commitment!.amount.equals(commitment.amount));
    if (other) {
      warnings.push(
        `commitment "${group}" is ${commitment.amount} under ${commitment.policy.key} v${commitment.policy.version} and ${other.commitment!.amount} under v${other.commitment!.policy.version} in this period; the amount in force for the first line (${first.id}) applies`,
      );
    }
    const spent = sum(members.map((line) => line.discounted));
    const shortfall = roundMoney(
      commitment.amount.minus(spent),
      context.currency,
      commitment.rounding,
    );
    if (!shortfall.isPositive()) continue;
    trueUps.push({
      id: `L${lines.length + trueUps.length + 1}`,
      kind: 'true_up',
      charge: undefined,
      pricing: undefined,
      trueUp: { ...commitment, spent, lines: members.map((line) => line.id) },
      refunds: undefined,
      facts: {
        ...first.facts,
        line: { kind: 'true_up', product: group, quantity: 1, dimensions: {} },
        subscription: undefined,
      },
      quantity: ONE,
      start: Math.min(...members.map((line) => line.start)),
      end: Math.max(...members.map((line) => line.end)),
      chargeDate: first.chargeDate,
      amount: shortfall,
      discounts: [],
      discounted: shortfall,
      discountsClosed: true,
      taxes: [],
      commitment: undefined,
    });
  }
  return { trueUps, warnings };
}
