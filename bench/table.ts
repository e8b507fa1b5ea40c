/**
 * Prints a bench's figures as a Markdown table: readable in a terminal, and
 * pasted as is into the README's Performance section.
 */
export type Cell = string | number;

export function printTable(title: string, header: readonly string[], rows: readonly (readonly Cell[])[]): void {
  const text = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of text) console.log(line(row));
  console.log('');
}

/** A target is reported, never asserted: the table says whether this run met it. */
export function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

export const fixed = (value: number, digits = 1) => value.toFixed(digits);
export const thousands = (value: number) => Math.round(value).toLocaleString('en');
