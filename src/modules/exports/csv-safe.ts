/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab / carriage return that they strip
 * first) as a formula, so a contact named "=HYPERLINK(…)" could attack whoever opens the export.
 * A leading apostrophe makes it text; the importer removes it again.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
