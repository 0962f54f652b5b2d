import { loadPolicySet } from '../rating/policy-set';
import { rateInvoice } from '../rating/rate-invoice';
import { formatInvoiceTable } from './format-invoice-table';
import { readJsonDocuments, readJsonFile } from './load-documents';
import { reportFailure } from './report-failure';

export interface RunRateOptions {
  policies: string[];
  request: string;
  format: 'json' | 'table';
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `billing rate`: exit 0 with the result, or 1 with every problem named by file and path. */
export async function runRate({
  policies,
  request,
  format,
  out,
  err,
}: RunRateOptions): Promise<number> {
  try {
    const documents = await readJsonDocuments(policies);
    const policySet = loadPolicySet(
      documents.map(({ file, document }) => ({ document, source: file })),
    );
    const { document } = await readJsonFile(request, { option: '--request' });
    const result = rateInvoice({ request: document, policies: policySet });
    out(format === 'table' ? formatInvoiceTable(result) : JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    return reportFailure(error, request, err);
  }
}
