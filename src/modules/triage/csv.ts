// RFC 4180 CSV: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled.
// Text that a spreadsheet would run as a formula — starting with =, +, -, @, a tab, CR or LF
// (OWASP's CSV injection guidance) — gets a leading ' so it stays text. Numbers are written as
// numbers: a negative count (votes7d after withdrawals) is data, not a formula.
const FORMULA_START = /^[=+\-@\t\r\n]/

export function csvField(value: string | number | null): string {
  if (typeof value === 'number') return String(value)
  const text = value === null ? '' : FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}
