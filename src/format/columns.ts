// Fixed-width columns, the classic tools' way: each cell padded to its column's width and
// separated by one space. Widths and alignment belong to the caller; a cell longer than its
// width is printed whole, pushing the rest of the line right, as printf("%11s") does.

export interface ColumnSpec {
  readonly width: number;
  readonly align: 'left' | 'right';
}

export function formatRow(cells: readonly string[], columns: readonly ColumnSpec[]): string {
  return cells
    .map((cell, i) => {
      const column = columns[i];
      if (!column) return cell;
      return column.align === 'left' ? cell.padEnd(column.width) : cell.padStart(column.width);
    })
    .join(' ');
}
