import { validateMeterDefinition } from '../metering/meter-definition';
import { InvalidPolicyError, loadPolicySet } from '../rating/policy-set';
import {
  validateOverdueInvoice,
  validatePolicy,
  validateRatingRequest,
  type ValidationIssue,
} from '../rating/validation';
import {
  DocumentReadError,
  listJsonFiles,
  readJsonFile,
  type LoadedDocument,
} from './load-documents';

export interface RunValidateOptions {
  paths: string[];
  out: (text: string) => void;
  err: (text: string) => void;
}

type DocumentType = 'policy' | 'rating request' | 'overdue invoice' | 'meter list';

function isMeterLike(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'aggregation' in item;
}

/** Which schema a document answers to, from the fields that set each kind apart. */
function documentType(document: unknown): DocumentType | undefined {
  // A list of meters, as rules/examples/<example>/meters.json holds the demo data's.
  if (Array.isArray(document) && document.length > 0 && document.every(isMeterLike)) {
    return 'meter list';
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return undefined;
  if ('kind' in document && 'rules' in document) return 'policy';
  if ('customer' in document && 'period' in document) return 'rating request';
  if ('invoiceId' in document) return 'overdue invoice';
  return undefined;
}

/** Each meter checked as the meters API checks it; an id given twice is named too. */
function meterListIssues(meters: unknown[]): ValidationIssue[] {
  const seen = new Set<string>();
  return meters.flatMap((meter, index) => {
    const outcome = validateMeterDefinition(meter);
    const issues = outcome.ok ? [] : outcome.issues;
    const id = (meter as { id?: unknown }).id;
    if (typeof id === 'string' && seen.has(id)) {
      issues.push({ path: '$.id', message: `"${id}" is the id of a meter before it` });
    }
    if (typeof id === 'string') seen.add(id);
    return issues.map((issue) => ({ ...issue, path: issue.path.replace(/^\$/, `$[${index}]`) }));
  });
}

function validateDocument(type: DocumentType, document: unknown): ValidationIssue[] {
  if (type === 'meter list') return meterListIssues(document as unknown[]);
  const outcome =
    type === 'policy'
      ? validatePolicy(document)
      : type === 'rating request'
        ? validateRatingRequest(document)
        : validateOverdueInvoice(document);
  return outcome.ok ? [] : outcome.issues;
}

/** `billing validate`: every error of every file, with file and path; exit 1 if there is any. */
export async function runValidate({ paths, out, err }: RunValidateOptions): Promise<number> {
  let files: string[];
  try {
    files = await listJsonFiles(paths);
  } catch (error) {
    if (!(error instanceof DocumentReadError)) throw error;
    err(error.message);
    return 1;
  }
  let failures = 0;
  const documents: LoadedDocument[] = [];
  // A file that cannot be read or parsed is one more invalid document, not the end of the run.
  for (const file of files) {
    try {
      documents.push(await readJsonFile(file));
    } catch (error) {
      if (!(error instanceof DocumentReadError)) throw error;
      err(error.message);
      failures++;
    }
  }
  const validPolicies: LoadedDocument[] = [];
  for (const { file, document } of documents) {
    const type = documentType(document);
    if (type === undefined) {
      err(`${file}: $ not a policy, rating request, overdue invoice or list of meters`);
      failures++;
      continue;
    }
    const issues = validateDocument(type, document);
    for (const issue of issues) err(`${file}: ${issue.path} ${issue.message}`);
    if (issues.length > 0) failures++;
    else if (type === 'policy') validPolicies.push({ file, document });
  }
  failures += crossPolicyFailures(validPolicies, err);
  if (failures > 0) {
    err(`${failures} of ${files.length} document(s) invalid`);
    return 1;
  }
  out(`${files.length} document(s) valid`);
  return 0;
}

/** Checks that need the policies together, such as one version given twice. */
function crossPolicyFailures(policies: LoadedDocument[], err: (text: string) => void): number {
  try {
    loadPolicySet(policies.map(({ file, document }) => ({ document, source: file })));
    return 0;
  } catch (error) {
    if (!(error instanceof InvalidPolicyError)) throw error;
    for (const issue of error.issues) err(`${issue.source}: ${issue.path} ${issue.message}`);
    return new Set(error.issues.map((issue) => issue.source)).size;
  }
}
