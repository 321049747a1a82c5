/**
 * Rows as CSV (RFC 4180): every cell quoted where it must be, lines ended CRLF. A cell that a
 * spreadsheet would run as a formula (starting =, +, -, @, a tab or a carriage return) is
 * written with a leading apostrophe, so a name typed by anyone cannot run in a manager's
 * spreadsheet. Pure.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value as string | number | boolean);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
