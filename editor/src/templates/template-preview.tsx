// A template as it renders with the sample context of its purpose, refreshed as the source
// changes (once typing pauses): the HTML in a sandboxed frame (no script, no access to this
// page), the subject of an e-mail, and on request the PDF the server prints.
import { useEffect, useRef, useState } from 'react';
import { ApiProblem, callApi, callApiForFile, describeProblem } from '../api/api-client';
import { InlineError, Loading } from '../ui/status';
import {
  PRINTED_PURPOSES,
  type TemplatePreview as Rendered,
  type TemplatePurpose,
} from './template-api';

export function TemplatePreview(props: {
  purpose: TemplatePurpose;
  source: string;
  subject?: string;
  /** The server's problems with the source, or none once it renders. */
  onProblems: (issues: ApiProblem['issues']) => void;
}) {
  const { purpose, source, subject, onProblems } = props;
  const [rendered, setRendered] = useState<Rendered>();
  const [error, setError] = useState<string>();
  const [pdf, setPdf] = useState<{ url: string; size: number }>();
  const [pdfState, setPdfState] = useState<'idle' | 'printing' | { error: string }>('idle');
  const body = { purpose, source, ...(subject !== undefined && { subject }) };

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      callApi<Rendered>('POST', '/api/v1/templates/preview', body).then(
        (answer) => {
          if (!live) return;
          setRendered(answer);
          setError(undefined);
          onProblems([]);
        },
        (failure: unknown) => {
          if (!live) return;
          setError(describeProblem(failure));
          onProblems(failure instanceof ApiProblem ? failure.issues : []);
        },
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The body is made of these three; onProblems is the parent's state setter.
  }, [purpose, source, subject]);

  // A printed PDF belongs to the source it was printed from: an edit drops it, and a print
  // still under way when the source changes is not shown when it arrives.
  const printRun = useRef(0);
  const shownUrl = useRef<string>(undefined);
  useEffect(() => {
    printRun.current += 1;
    setPdfState('idle');
    setPdf((current) => {
      if (current) URL.revokeObjectURL(current.url);
      return undefined;
    });
  }, [purpose, source, subject]);
  useEffect(
    () => () => {
      if (shownUrl.current) URL.revokeObjectURL(shownUrl.current);
    },
    [],
  );

  const print = async () => {
    const run = ++printRun.current;
    setPdfState('printing');
    try {
      const { blob } = await callApiForFile(
        'POST',
        '/api/v1/templates/preview/pdf',
        'application/pdf',
        body,
      );
      if (run !== printRun.current) return;
      const url = URL.createObjectURL(blob);
      shownUrl.current = url;
      setPdf({ url, size: blob.size });
      setPdfState('idle');
    } catch (failure) {
      if (run === printRun.current) setPdfState({ error: describeProblem(failure) });
    }
  };

  return (
    <section className="template-preview" aria-labelledby="template-preview-title">
      <h2 id="template-preview-title">Preview with the sample {purpose}</h2>
      {!rendered && !error && <Loading what="the preview" />}
      {error && (
        // Polite: while the source stays broken, each typing pause must not interrupt again.
        <p className="error-text" role="status">
          Does not render: {error}
        </p>
      )}
      {rendered && (
        <>
          {rendered.subject !== null && (
            <p>
              Subject: <strong data-testid="rendered-subject">{rendered.subject}</strong>
            </p>
          )}
          <iframe
            className={`html-preview${error ? ' stale' : ''}`}
            title="HTML preview"
            sandbox=""
            srcDoc={rendered.html}
          />
        </>
      )}
      {PRINTED_PURPOSES.includes(purpose) && (
        <div className="pdf-preview">
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => void print()}
              disabled={pdfState === 'printing' || error !== undefined}
            >
              {pdfState === 'printing' ? 'Printing…' : 'Preview the PDF'}
            </button>
            {pdf && (
              <a href={pdf.url} download={`${purpose}-preview.pdf`}>
                Download the PDF ({Math.max(1, Math.round(pdf.size / 1024))} KB)
              </a>
            )}
          </div>
          {typeof pdfState === 'object' && <InlineError message={pdfState.error} />}
          {pdf && <iframe className="pdf-frame" title="PDF preview" src={pdf.url} />}
        </div>
      )}
    </section>
  );
}
