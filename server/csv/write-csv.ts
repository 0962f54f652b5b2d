// CSV for people and spreadsheets: RFC 4180 (a header row, CRLF line ends, fields with a comma,
// quote or line break quoted, quotes doubled).
//
// Security: text people typed ends up in cells, and spreadsheets run a cell that starts with =,
// +, -, @, a tab or a carriage return as a formula. Such a cell gets a leading apostrophe
// (OWASP's advice), so opening an export cannot run what someone wrote.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
