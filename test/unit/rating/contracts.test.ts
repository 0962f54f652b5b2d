// The rating core keeps its promises to the schemas: every result it renders conforms to
// rating-result.schema.json, and the facts it hands to rule conditions are exactly the ones
// facts.schema.json documents (and the editor will offer), no more and no less.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../../server/rating/policy-set';
import { priceInvoice } from '../../../server/rating/price-invoice';
import { rateInvoice } from '../../../server/rating/rate-invoice';
import type { RatingRequest } from '../../../server/rating/types';
import { validateRatingResult } from '../../../server/rating/validation';
import { SCHEMA_IDS } from '../../../server/rating/validation/schema-documents';
import { validateAgainstSchema } from '../../../server/rating/validation/schema-validator';

const EXAMPLES = join(import.meta.dirname, '../../../rules/examples');

function readFolder(folder: string): { file: string; document: unknown }[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));
}

const cases = ['saas', 'hardware'].flatMap((example) => {
  const policies = loadPolicySet(
    readFolder(join(EXAMPLES, example, 'policies')).map(({ file, document }) => ({
      document,
      source: file,
    })),
  );
  return readFolder(join(EXAMPLES, example, 'requests')).map(({ file, document }) => ({
    name: `${example}/${file}`,
    policies,
    request: document as RatingRequest,
  }));
});

describe.each(cases)('$name', ({ policies, request }) => {
  it('renders a result that conforms to rating-result.schema.json', () => {
    const outcome = validateRatingResult(rateInvoice({ request, policies }));
    expect(outcome.ok ? [] : outcome.issues).toEqual([]);
  });

  it('gives rule conditions the facts facts.schema.json documents', () => {
    const invoice = priceInvoice({ request, policies });
    expect(invoice.lines.length).toBeGreaterThan(0);
    for (const line of invoice.lines) {
      const issues = validateAgainstSchema(`${SCHEMA_IDS.facts}#/$defs/ratingFacts`, line.facts);
      expect({ line: line.id, issues }).toEqual({ line: line.id, issues: [] });
    }
  });
});
