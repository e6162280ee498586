// Fixed-width columns as C's printf("%-*s" / "%*s") lays them out, the colour policy, and
// printf("%.Nf") on the values that take other paths, each checked against Python's % operator
// (which formats floats with correctly rounded digits, as glibc does).
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/format/color.js';
import { formatRow } from '../../src/format/columns.js';
import { printfFixed } from '../../src/format/number.js';
import { python } from './python.js';


describe('formatRow', () => {
  it('pads each cell as %-Ns or %Ns, joins with one space, and prints cells beyond the columns as %s', () => {
    const cells = ['PID', 'longer-than-width', 'x', 'extra', ''];
    const ours = formatRow(cells, [
      { width: 5, align: 'right' },
      { width: 4, align: 'left' },
      { width: 3, align: 'left' },
    ]);
    expect(ours).toBe(python<string>("print(json.dumps('%5s %-4s %-3s %s %s' % tuple(data)))", cells));
  });
});

describe('printfFixed', () => {
  it('prints large, tiny and special values as printf does', () => {
    const values = ['1e22', '9007199254740993', '1.5e300', '5e-324', '2.5e-310', '-0.0', '123.456', 'nan', 'inf', '-inf'];
    const precisions = [0, 2, 5];
    const expected = python<string[]>("print(json.dumps([('%.' + str(p) + 'f') % float(v) for v in data[0] for p in data[1]]))", [values, precisions]);
    const number = (text: string) => Number(text.replace('inf', 'Infinity'));
    expect(values.flatMap((value) => precisions.map((precision) => printfFixed(number(value), precision)))).toEqual(expected);
  });
});

describe('useColor', () => {
  // An explicit choice wins; then NO_COLOR (no-color.org: set and not empty); then FORCE_COLOR as
  // chalk's supports-color reads it ('0' and 'false' turn colour off, anything else on); then a
  // terminal that is not "dumb".
  it('follows choice, NO_COLOR, FORCE_COLOR and the terminal, in that order', () => {
    expect(useColor('always', { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor('never', { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(useColor('auto', { NO_COLOR: '', FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColor('auto', { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(useColor('auto', { FORCE_COLOR: '' }, false)).toBe(true);
    expect(useColor('auto', { TERM: 'dumb' }, true)).toBe(false);
    expect(useColor('auto', { TERM: 'xterm' }, true)).toBe(true);
    expect(useColor('auto', {}, false)).toBe(false);
  });
});
