/** One line of the client bench's table: a figure, the peer measured beside it in the same run, and the goal. */
export interface Row {
  figure: string;
  /** The measured figure in `unit`; NaN when it could not be measured. */
  value: number;
  unit: 'ms' | 's' | 'MB' | 'KB' | 'MB/s' | '';
  /** What the figure is compared with, measured in the same run (same unit). */
  peer?: { name: string; value: number };
  /** The goal in words: the ratio goal and/or the absolute one. */
  goal: string;
  /** Anything else worth reading beside the figure (counts, p99, …). */
  note?: string;
}

function num(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = unit === 's' ? 2 : unit === '' ? 0 : 1;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** value ÷ peer, or n/a when either is missing. */
export function ratio(row: Row): number {
  return row.peer && Number.isFinite(row.value) && row.peer.value > 0 ? row.value / row.peer.value : NaN;
}

/** Prints the rows as one aligned table (plus each row's note beneath it). */
export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((row) => {
    const r = ratio(row);
    return [
      row.figure,
      num(row.value, row.unit),
      row.peer ? `${row.peer.name}: ${num(row.peer.value, row.unit)}` : '— (absolute)',
      Number.isFinite(r) ? `${r.toFixed(2)}×` : '—',
      row.goal,
    ];
  });
  const header = ['figure', 'measured', 'peer (same run)', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  rows.forEach((row, i) => {
    console.log(line(cells[i] as string[]));
    if (row.note) console.log(`${' '.repeat(2)}↳ ${row.note}`);
  });
}
