// ps's line layout (show_one_proc in src/ps/output.c): each column has a width, but a value that
// does not fit is printed whole and the columns after it give back the overflow from their
// padding; user names are cut with '+', the last column gets the rest of the line.
import type { ByteBuilder, ByteRange } from '../../format/bytes.js';
import type { Column } from './command.js';
import { OUTBUF_SIZE } from './command.js';
import type { PrintContext } from './formats.js';
import type { PsRow } from './row.js';

/** procps never pads by more than this many spaces at once. */
const SPACE_AMOUNT = 144;

export interface LineLayout {
  readonly columns: readonly Column[];
  /** The line width: the screen width times however many screens the columns need. */
  readonly activeCols: number;
  readonly wideSignals: boolean;
  readonly userIsNumber: boolean;
  readonly wchanIsNumber: boolean;
}

/** check_header_width: how wide a line may be, and whether signal masks get 16 digits. */
export function lineLayout(columns: readonly Column[], screenCols: number, userIsNumber: boolean, wchanIsNumber: boolean): LineLayout {
  let total = 0;
  let separator = 0;
  let signals = 0;
  columns.forEach((column, i) => {
    const justify = column.format?.justify;
    if (justify === undefined) {
      total += column.width;
      separator = 0;
      return;
    }
    if (justify === 'signal') signals++;
    total += justify === 'unlimited' && i === columns.length - 1 ? 3 : column.width;
    total += separator;
    separator = 1;
  });
  let activeCols = screenCols;
  for (let i = 1; ; i++) {
    activeCols = screenCols * i;
    if (activeCols >= total || screenCols * i >= OUTBUF_SIZE / 2) break;
  }
  return { columns, activeCols, wideSignals: total + signals * 7 <= activeCols, userIsNumber, wchanIsNumber };
}

/**
 * One line, into `out`: the header when `row` is null; `forestPrefix` is this row's tree art
 * (--forest). `cell` is the caller's own context, whose width and forest prefix are set here
 * per cell: one object for every cell of thousands of rows.
 */
export function renderLine(out: ByteBuilder, layout: LineLayout, row: PsRow | null, cell: PrintContext, forestPrefix = ''): void {
  const { columns, activeCols } = layout;
  cell.forestPrefix = forestPrefix;
  let correct = 0;
  let actual = 0;
  let dospace = 0;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Column;
    const last = i === columns.length - 1;
    let legit = 0;
    let tmpspace = 0;
    let maxRightward: number;
    if (!last) {
      maxRightward = column.width;
    } else {
      tmpspace = correct - actual;
      if (tmpspace < 1) {
        tmpspace = dospace;
        maxRightward = activeCols - actual - tmpspace;
      } else {
        maxRightward = activeCols - Math.max(correct, actual);
      }
    }
    maxRightward = Math.min(Math.max(maxRightward, 0), OUTBUF_SIZE - 1);

    // The cell's text and the terminal cells it takes (kept apart rather than as an object:
    // this runs for every cell of thousands of rows).
    let text: string | ByteRange;
    let cells: number;
    if (row && column.format) {
      cell.maxRightward = maxRightward;
      const scope = column.format.scope;
      const elsewhere = (row.line === 'thread' && scope === 'process') || (row.line === 'process' && scope === 'thread');
      const bytes = elsewhere ? null : (column.format.printBytes?.(row, cell) ?? null);
      const printed = bytes === null ? (elsewhere ? '-' : column.format.print(row, cell)) : '';
      if (bytes !== null) {
        text = bytes;
        cells = bytes.end - bytes.start;
      } else if (typeof printed === 'string') {
        text = printed;
        cells = printed.length;
      } else {
        text = printed.text;
        cells = printed.cells;
      }
    } else {
      text = column.name;
      cells = column.name.length;
    }

    let leftpad = 0;
    const justify = column.format?.justify ?? 'left';
    const roomLeft = activeCols - actual - tmpspace;
    switch (justify) {
      case 'right':
        leftpad = column.width - cells;
        break;
      case 'signal':
        if (layout.wideSignals) {
          leftpad = 16 - cells;
          legit = 7;
        } else {
          leftpad = 9 - cells;
        }
        break;
      case 'user':
        leftpad = layout.userIsNumber ? column.width - cells : 0;
        break;
      case 'wchan':
      case 'unlimited':
        // No room left at all: procps keeps just the first character.
        if (justify === 'wchan' && layout.wchanIsNumber) {
          leftpad = column.width - cells;
        } else if (roomLeft < 1) {
          if (typeof text === 'string') text = text.slice(0, 1);
          else text.end = Math.min(text.end, text.start + 1);
          cells = Math.min(1, cells);
        }
        break;
      case 'left':
        break;
    }
    leftpad = Math.max(leftpad, 0);
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    space = Math.min(space, SPACE_AMOUNT);
    out.spaces(space);
    if (typeof text === 'string') out.text(text);
    else out.range(text);
    if (last) break;
    actual += space + cells;
    correct += column.width + legit;
    const next = columns[i + 1];
    if (column.format && next?.format) {
      correct++;
      dospace = 1;
    } else {
      dospace = 0;
    }
  }
  out.byte(0x0a);
}
