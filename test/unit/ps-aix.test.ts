// AIX format descriptors: the items procps-ng 4.0.2's aix_format_parse reads, as its output shows
// them (`ps -o '%p%c'` prints "  PID COMMAND        ": two empty texts pad after COMMAND).
import { describe, expect, it } from 'vitest';
import { parseAixFormat } from '../../src/tools/ps/aix.js';
import { parsePsCommand, type ParseEnvironment } from '../../src/tools/ps/command.js';

const pid = { keyword: 'pid', head: 'PID' };
const comm = { keyword: 'comm', head: 'COMMAND' };

describe('parseAixFormat', () => {
  it('maps every descriptor to its keyword and header', () => {
    expect(parseAixFormat('%C%G%P%U%a%c%g%n%p%r%t%u%x%y%z')).toEqual([
      { keyword: 'pcpu', head: '%CPU' },
      { keyword: 'group', head: 'GROUP' },
      { keyword: 'ppid', head: 'PPID' },
      { keyword: 'user', head: 'USER' },
      { keyword: 'args', head: 'COMMAND' },
      comm,
      { keyword: 'rgroup', head: 'RGROUP' },
      { keyword: 'nice', head: 'NI' },
      pid,
      { keyword: 'pgid', head: 'PGID' },
      { keyword: 'etime', head: 'ELAPSED' },
      { keyword: 'ruser', head: 'RUSER' },
      { keyword: 'time', head: 'TIME' },
      { keyword: 'tty', head: 'TTY' },
      { keyword: 'vsz', head: 'VSZ' },
      ...Array.from({ length: 15 }, () => ({ text: '' })),
    ]);
  });

  it('keeps the spaces between descriptors and pads with one empty text per descriptor miscounted', () => {
    expect(parseAixFormat('%p %c')).toEqual([pid, { text: ' ' }, comm, { text: '' }]);
    expect(parseAixFormat('%p%c')).toEqual([pid, comm, { text: '' }, { text: '' }]);
    expect(parseAixFormat('%p  ')).toEqual([pid, { text: '  ' }]);
  });

  it('takes one leading byte of text before the first descriptor', () => {
    expect(parseAixFormat('x%p')).toEqual([{ text: 'x' }, pid, { text: '' }]);
    expect(parseAixFormat('c %p')).toEqual([{ text: 'c ' }, pid, { text: '' }]);
  });

  it('words its complaints as procps does', () => {
    expect(parseAixFormat('%q')).toBe('unknown AIX field descriptor');
    expect(parseAixFormat('%~')).toBe('unknown AIX field descriptor');
    expect(parseAixFormat('%')).toBe('missing AIX field descriptor');
    expect(parseAixFormat('% p')).toBe('missing AIX field descriptor');
    expect(parseAixFormat('%%p')).toBe('missing AIX field descriptor');
    expect(parseAixFormat('pid:%p')).toBe('improper AIX field descriptor');
    expect(parseAixFormat('%p,%c')).toBe('improper AIX field descriptor');
    expect(parseAixFormat('%px')).toBe('improper AIX field descriptor');
    // Two bytes in UTF-8: more text than the one byte allowed.
    expect(parseAixFormat('é%p')).toBe('improper AIX field descriptor');
  });
});

describe('AIX formats in ps options', () => {
  const environment = (env: NodeJS.ProcessEnv = {}): ParseEnvironment => ({ pidDigits: 5, stdoutIsTty: false, terminalColumns: undefined, terminalRows: undefined, env, ownTty: 0 });
  const columns = (argv: string[], env?: NodeJS.ProcessEnv) => {
    const command = parsePsCommand(argv, environment(env));
    if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
    return command.options.columns.map(({ name, width, format }) => ({ name, width, keyword: format?.head ?? null }));
  };

  it('gives descriptors their AIX header and texts a column of their own width', () => {
    expect(columns(['-o', '%y %p'])).toEqual([
      { name: 'TTY', width: 8, keyword: 'TT' },
      { name: ' ', width: 1, keyword: null },
      { name: 'PID', width: 5, keyword: 'PID' },
      { name: '', width: 0, keyword: null },
    ]);
  });

  it('keeps the keywords parsed before the format turned out to be AIX ("c %p")', () => {
    expect(columns(['-o', 'c %p']).map(({ name }) => name)).toEqual(['C', 'c ', 'PID', '']);
  });

  it('reads $PS_FORMAT the same way', () => {
    expect(columns([], { PS_FORMAT: '%p %c' }).map(({ name }) => name)).toEqual(['PID', ' ', 'COMMAND', '']);
  });

  it('reports the first unknown specifier of the run for a later one, as procps\' static buffer does', () => {
    expect(() => parsePsCommand(['-o', '%p', '-o', 'nosuch'], environment())).toThrow('error: unknown user-defined format specifier "%p"');
  });
});
