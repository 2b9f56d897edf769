/**
 * A table printed as it is measured: the header at once, each row the moment it is known, with
 * column widths fixed up front (a cell wider than its column widens that row only).
 */
export function streamingTable(columns: Array<{ title: string; width?: number }>) {
  const widths = columns.map((column) => Math.max(column.title.length, column.width ?? 0));
  const line = (cells: string[]) =>
    widths
      .map((width, c) => (cells[c] ?? '').padEnd(width))
      .join('  ')
      .trimEnd();
  console.log(line(columns.map((column) => column.title)));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  return { row: (cells: string[]) => console.log(line(cells)) };
}

/** "about 3 min" / "about 40 s" for a run's announced duration. */
export function about(seconds: number): string {
  return seconds >= 90 ? `about ${Math.round(seconds / 60)} min` : `about ${Math.round(seconds)} s`;
}
