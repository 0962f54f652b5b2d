import { evaluateDunning } from '../rating/evaluate-dunning';
import { loadPolicySet } from '../rating/policy-set';
import { isValidInstant } from '../rating/validation/instant';
import { readJsonDocuments, readJsonFile } from './load-documents';
import { reportFailure } from './report-failure';

export interface RunDunningOptions {
  policies: string[];
  invoice: string;
  now: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `billing dunning`: the next actions as JSON; exit 1 without a dunning policy or a matching rule. */
export async function runDunning({
  policies,
  invoice,
  now,
  out,
  err,
}: RunDunningOptions): Promise<number> {
  if (!isValidInstant(now)) {
    err(
      `--now: "${now}" is not a date such as 2026-04-20 or a date-time such as 2026-04-20T00:00:00Z`,
    );
    return 1;
  }
  try {
    const documents = await readJsonDocuments(policies);
    const policySet = loadPolicySet(
      documents.map(({ file, document }) => ({ document, source: file })),
    );
    // Without any dunning policy, "no rule matches the invoice" would blame the invoice.
    if (policySet.dunning.length === 0) {
      err(`${policies.join(', ')}: no dunning policy among the policies given`);
      return 1;
    }
    const { document } = await readJsonFile(invoice, { option: '--invoice' });
    const outcome = evaluateDunning({ invoice: document, policies: policySet, now });
    if (outcome.kind === 'no_matching_rule') {
      err(`${invoice}: no dunning rule matches invoice ${outcome.invoiceId}`);
      return 1;
    }
    out(JSON.stringify(outcome.decision, null, 2));
    return 0;
  } catch (error) {
    return reportFailure(error, invoice, err);
  }
}
