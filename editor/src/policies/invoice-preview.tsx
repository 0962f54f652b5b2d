// The invoice preview of a version under simulation: the invoice rated with it, whole, and how
// it compares with the published rating (old, new, delta, the lines that change). The published
// invoice can be shown instead, to read the two side by side line for line.
import { useState } from 'react';
import { InvoiceView } from '../invoices/invoice-view';
import { signed } from '../ui/amounts';
import type { RatingPreview } from './policy-api';

export function InvoicePreview({ preview }: { preview: RatingPreview }) {
  const [showing, setShowing] = useState<'draft' | 'published'>('draft');
  const names = preview.versions.map((version) => `${version.key} v${version.version}`).join(', ');
  const { impact, published } = preview;
  const invoice = showing === 'published' && published ? published : preview.draft;
  return (
    <section className="invoice-preview" aria-label="Invoice preview">
      {impact ? (
        <p role="status">
          With {names}: {impact.after} {impact.currency} instead of {impact.before} (
          {signed(impact.delta)}).{' '}
          {impact.changedLines.length === 0
            ? 'No line changes.'
            : `Lines that change: ${impact.changedLines
                .map((line) => `${line.description} ${line.before ?? '—'} → ${line.after ?? '—'}`)
                .join('; ')}.`}
        </p>
      ) : (
        <div role="status">
          <p>
            With {names}: {preview.draft.totals.total} {preview.draft.currency}. The published
            versions cannot rate this invoice:
          </p>
          <ul>
            {preview.publishedIssues.map((issue) => (
              <li key={`${issue.path}-${issue.message}`}>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {published && (
        <div className="segmented" role="group" aria-label="Invoice shown">
          <button
            type="button"
            className={showing === 'draft' ? '' : 'secondary'}
            aria-pressed={showing === 'draft'}
            onClick={() => setShowing('draft')}
          >
            With {names}
          </button>
          <button
            type="button"
            className={showing === 'published' ? '' : 'secondary'}
            aria-pressed={showing === 'published'}
            onClick={() => setShowing('published')}
          >
            Published
          </button>
        </div>
      )}
      <InvoiceView
        invoice={invoice}
        label={
          invoice === preview.draft
            ? `Invoice with ${names}`
            : 'Invoice with the published versions'
        }
      />
    </section>
  );
}
