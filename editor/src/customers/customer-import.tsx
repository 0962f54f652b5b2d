// Customers from a CSV file: the file is read in the browser, each field of a customer is matched
// to one of its columns (a CRM's "Account ID" for the id), the server checks every row (a dry run
// writes nothing) and then imports the good ones; each row's outcome and problems, by column,
// are listed under the file.
import { useId, useRef, useState } from 'react';
import { callApi } from '../api/api-client';
import { CUSTOMER_CSV_FIELDS, type CustomerCsvField } from '../../../server/customers/customer-csv';
import { FormProblemSummary, messageAt, useFormSubmit } from '../ui/field-errors';
import { Link } from '../shell/link';
import { customerPath } from './customer-api';

/** The columns the server cannot do without. */
const NEEDED: readonly CustomerCsvField[] = ['id', 'name', 'country', 'currency', 'email'];

interface ImportedRow {
  line: number;
  id: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'invalid';
  errors: { column: string; message: string }[];
}

interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  rows: ImportedRow[];
}

/** The header row of a CSV text: the first record, with quoted cells. */
export function csvHeader(text: string): string[] {
  const source = text.replace(/^\uFEFF/, '');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') break;
    else cell += char;
  }
  cells.push(cell);
  return cells.filter((name) => name !== '');
}

export function CustomerImport({ onImported }: { onImported: () => void }) {
  const fileId = useId();
  const [file, setFile] = useState<{ name: string; text: string; header: string[] }>();
  const [columns, setColumns] = useState<Partial<Record<CustomerCsvField, string>>>({});
  const [result, setResult] = useState<ImportResult>();
  const [onlyProblems, setOnlyProblems] = useState(false);

  const choose = async (chosen: File | undefined) => {
    setResult(undefined);
    if (!chosen) {
      setFile(undefined);
      return;
    }
    const text = await chosen.text();
    const header = csvHeader(text);
    setFile({ name: chosen.name, text, header });
    setColumns(
      Object.fromEntries(
        CUSTOMER_CSV_FIELDS.filter((field) => header.includes(field)).map((field) => [
          field,
          field,
        ]),
      ),
    );
  };

  /** Only the fields whose column is named otherwise: the server reads the others by name. */
  const mapping = Object.fromEntries(
    Object.entries(columns).filter(([field, column]) => column && column !== field),
  );
  // The check and the import share the busy state and the refusal; this says which was asked.
  const dryRun = useRef(true);
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await callApi<ImportResult>('POST', '/api/v1/customer-imports', {
      csv: file!.text,
      ...(Object.keys(mapping).length > 0 && { mapping }),
      dryRun: dryRun.current,
      ...(!dryRun.current && { reason: `CSV import of ${file!.name}` }),
    });
    setResult(answer);
    if (!answer.dryRun) onImported();
  });
  const send = (check: boolean) => {
    dryRun.current = check;
    void submit();
  };
  const rows = result?.rows.filter((row) => !onlyProblems || row.outcome === 'invalid') ?? [];

  return (
    <section className="card form customer-import" aria-labelledby="import-title">
      <h2 id="import-title">Import customers from CSV</h2>
      <p className="muted">
        A row with the id of a stored customer changes it; any other row creates one. A bad row
        changes nothing and is listed with its problems; the good rows go in all the same.
      </p>
      <div className="field">
        <label htmlFor={fileId}>CSV file (a header row, then one customer per row)</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </div>
      {file && (
        <fieldset className="mapping">
          <legend>
            Columns of {file.name} ({file.header.length} found)
          </legend>
          <div className="mapping-grid">
            {CUSTOMER_CSV_FIELDS.map((field) => (
              <label key={field}>
                {field.replaceAll('_', ' ')}
                {NEEDED.includes(field) ? ' (needed)' : ''}
                <select
                  value={columns[field] ?? ''}
                  aria-invalid={messageAt(problem, `$.mapping.${field}`) ? true : undefined}
                  onChange={(event) =>
                    setColumns({ ...columns, [field]: event.target.value || undefined })
                  }
                >
                  {!file.header.includes(field) && <option value="">No column</option>}
                  {file.header.map((column) => (
                    <option key={column} value={column}>
                      {column}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <FormProblemSummary problem={problem} shown={[]} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!file || busy}
          onClick={() => send(true)}
        >
          {busy && dryRun.current ? 'Checking…' : 'Check the file'}
        </button>
        <button type="button" disabled={!file || busy} onClick={() => send(false)}>
          {busy && !dryRun.current ? 'Importing…' : 'Import'}
        </button>
      </div>
      {result && (
        <div className="import-result" aria-live="polite">
          <p data-testid="import-summary">
            {result.dryRun ? 'The check found: ' : 'Imported: '}
            {result.created} {result.dryRun ? 'to create' : 'created'}, {result.updated}{' '}
            {result.dryRun ? 'to change' : 'changed'}, {result.unchanged} unchanged,{' '}
            {result.invalid} with problems{result.dryRun ? ' (nothing is written yet)' : ''}.
          </p>
          <label className="check">
            <input
              type="checkbox"
              checked={onlyProblems}
              onChange={(event) => setOnlyProblems(event.target.checked)}
            />
            Only rows with problems
          </label>
          <div className="table-scroll">
            <table className="table" aria-label="Rows of the file">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={row.line}
                    className={row.outcome === 'invalid' ? 'row-invalid' : undefined}
                  >
                    <td className="number">{row.line}</td>
                    <td>
                      {row.outcome === 'invalid' || result.dryRun || !row.id ? (
                        row.id || '—'
                      ) : (
                        <Link href={customerPath(row.id)}>{row.id}</Link>
                      )}
                    </td>
                    <td>{(result.dryRun ? CHECKED_LABELS : OUTCOME_LABELS)[row.outcome]}</td>
                    <td>
                      {row.errors.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="row-errors">
                          {row.errors.map((error) => (
                            <li key={`${error.column}-${error.message}`}>
                              <strong>{error.column}</strong>: {error.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

const OUTCOME_LABELS: Record<ImportedRow['outcome'], string> = {
  created: 'Created',
  updated: 'Changed',
  unchanged: 'Unchanged',
  invalid: 'Not imported',
};

const CHECKED_LABELS: Record<ImportedRow['outcome'], string> = {
  created: 'Would be created',
  updated: 'Would be changed',
  unchanged: 'Unchanged',
  invalid: 'Cannot be imported',
};
