// procps' escaping of command lines, checked against ps itself: each case runs as a real process
// whose argv[0] holds the bytes, and ps prints its args in the C and the C.UTF-8 locale, whole
// (-ww) and cut to a few columns. Ours is the same pipeline: the library's escape when the text
// is read (escapeProcText), then ps's escape and cut when it is printed (escapeForDisplay).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeForDisplay, escapeProcText, isUtf8Locale } from '../../src/format/escape.js';
import { runPython } from './python.js';

const SAMPLES: readonly string[] = [
  'plain',
  'tab\there',
  'del\x7fx',
  'esc\x1b[31m',
  '\x01start',
  'caf\xc3\xa9', // é, valid UTF-8
  '\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e', // three wide CJK characters
  '\xef\xbc\xa1', // FULLWIDTH LATIN CAPITAL LETTER A
  '\xf0\x9f\x98\x80x', // an emoji, wide
  'e\xcc\x81', // e and a combining acute accent (no cell of its own)
  '\xe2\x80\x8bzw', // ZERO WIDTH SPACE (a format character)
  '\xc2\x85c1', // U+0085, a C1 control
  '\xcd\xb8', // U+0378, unassigned
  '\xc2\xa0nbsp', // U+00A0
  '\xff\xfe', // bytes that start no sequence
  'caf\xe9', // Latin-1, not UTF-8
  '\xc0\xaf', // an overlong '/'
  '\xed\xa0\x80', // a UTF-16 surrogate
  '\xf4\x90\x80\x80', // beyond U+10FFFF with a valid lead byte
  '\xf4\xbf\xbf\xbfx', // the highest such sequence
  '\xf4\x8f\xbf\xbf', // U+10FFFF, a noncharacter
  '\xf0\x80\x80\xaf', // an overlong four-byte '/'
  'ab\xe6\x97', // a sequence cut short at the end
  '\xe6\x97x\xa5', // a sequence broken in the middle
  'ok\xe6\x97\xa5ok\xf0\x9f\x98\x80ok', // wide characters where a cut falls inside
];

// ps calls a screen narrower than 10 columns bogus, so cuts are taken from 10 on, and each sample
// also runs behind a prefix that brings it to the cut.
const CASES = [...SAMPLES, ...SAMPLES.map((sample) => `1234567${sample}`)];
const COLUMNS = ['10', '11', '12'];

interface Printed {
  text: string;
  locale: string;
  /** ps's output in hex: "-ww" then one per entry of COLUMNS. */
  outputs: string[];
}

/**
 * Runs each case as `sleep` with that argv[0] and asks ps for their args, once per locale and
 * width for all of them; ps lists them in pid order, one line each.
 */
function realPs(): Printed[] {
  const script = `
import json, os, subprocess, sys
cases, columns = json.loads(sys.stdin.read())
pids = []
for text in cases:
    argv0 = text.encode('latin1')
    pid = os.fork()
    if pid == 0:
        os.execv('/bin/sleep', [argv0, b'600'])
    want = argv0 + b'\\x00600\\x00'
    while True:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            if f.read() == want:
                break
    pids.append(pid)
order = sorted(range(len(cases)), key=lambda i: pids[i])
listed = ','.join(str(pids[i]) for i in order)
out = [None] * (2 * len(cases))
for n, locale in enumerate(('C', 'C.UTF-8')):
    env = dict(os.environ, LC_ALL=locale)
    env.pop('COLUMNS', None)
    runs = [subprocess.run(['ps', '-ww', '-o', 'args=', '-p', listed], env=env, stdout=subprocess.PIPE, check=True).stdout]
    for width in columns:
        runs.append(subprocess.run(['ps', '-o', 'args=', '-p', listed], env=dict(env, COLUMNS=width), stdout=subprocess.PIPE, check=True).stdout)
    lines = [run.split(b'\\n')[:-1] for run in runs]
    for row, i in enumerate(order):
        out[2 * i + n] = {'text': cases[i], 'locale': locale, 'outputs': [(line[row] + b'\\n').hex() for line in lines]}
for pid in pids:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps(out))
`;
  return JSON.parse(runPython(script, JSON.stringify([CASES, COLUMNS]))) as Printed[];
}

/** What ours prints for the same process: cmdline "ARGV0\0600\0" joined with a space. */
function ours(text: string, utf8: boolean, cells: number): string {
  const read = escapeProcText(Buffer.from(`${text} 600`, 'latin1'), utf8);
  return `${Buffer.from(escapeForDisplay(read, cells, utf8).text, 'utf8').toString('hex')}0a`;
}

describe('escapeProcText and escapeForDisplay', () => {
  it('print a command line as ps does, whole and cut, in the C and UTF-8 locales', () => {
    const printed = realPs();
    expect(printed).toHaveLength(CASES.length * 2);
    for (const { text, locale, outputs } of printed) {
      const utf8 = locale === 'C.UTF-8';
      const expected = { text, locale, outputs: outputs.map((hex) => Buffer.from(hex, 'hex').toString('latin1')) };
      const got = { text, locale, outputs: [1 << 17, ...COLUMNS.map(Number)].map((cells) => Buffer.from(ours(text, utf8, cells), 'hex').toString('latin1')) };
      expect(got).toEqual(expected);
    }
  });

  it('return printable ASCII unchanged, and report its cells', () => {
    const bytes = Buffer.from('sleep 600');
    expect(escapeProcText(bytes, true)).toBe(bytes);
    expect(escapeForDisplay(bytes, 100, false)).toEqual({ text: 'sleep 600', cells: 9 });
    expect(escapeForDisplay(Buffer.from('\xe6\x97\xa5x', 'latin1'), 100, true)).toEqual({ text: '\u65e5x', cells: 3 });
  });

  it('take text known to be printable ASCII as the test for it would, whole and cut', () => {
    const text = Buffer.from('/usr/bin/python3 -m http.server 8080');
    for (const utf8 of [false, true]) {
      for (const cells of [0, 5, text.length, 100]) {
        expect(escapeForDisplay(text, cells, utf8, true)).toEqual(escapeForDisplay(text, cells, utf8));
      }
    }
  });

  it('end the text at a NUL, as C strings do', () => {
    expect(escapeForDisplay(Buffer.from('ab\0cd\x01'), 100, false)).toEqual({ text: 'ab', cells: 2 });
    expect(escapeForDisplay(Buffer.from('ab\0cd\x01'), 100, true)).toEqual({ text: 'ab', cells: 2 });
  });

  it('map NUL to @ when the library escapes everything (ESC_tab)', () => {
    expect(escapeProcText(Buffer.from('a\0b\x7f\xff', 'latin1'), false).toString('latin1')).toBe('a@b.?');
  });
});

describe('isUtf8Locale', () => {
  // The charset glibc picks for the same environment (`locale charmap`), with LC_ALL over
  // LC_CTYPE over LANG, and an empty variable not set at all.
  const environments: ReadonlyArray<Record<string, string>> = [
    {},
    { LANG: 'C.UTF-8' },
    { LANG: 'C.utf8' },
    { LANG: 'C' },
    { LC_CTYPE: 'C.UTF-8', LANG: 'C' },
    { LC_CTYPE: 'C', LANG: 'C.UTF-8' },
    { LC_ALL: 'C', LC_CTYPE: 'C.UTF-8', LANG: 'C.UTF-8' },
    { LC_ALL: 'C.UTF-8', LC_CTYPE: 'C', LANG: 'C' },
    { LC_ALL: '', LC_CTYPE: 'C.UTF-8' },
    { LC_ALL: '', LC_CTYPE: '', LANG: 'C.UTF-8' },
    { LC_CTYPE: 'POSIX', LANG: 'C.UTF-8' },
  ];

  it.each(environments)('agrees with locale charmap for %j', (env) => {
    const charmap = spawnSync('locale', ['charmap'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
    expect(charmap.status).toBe(0);
    expect(isUtf8Locale(env)).toBe(charmap.stdout.trim() === 'UTF-8');
  });
});

const bytes = (...list: number[]) => Buffer.from(list);

describe('escapeProcText on the crafted table\'s names (expected bytes printed by procps-ng 4.0.2)', () => {
  it('keeps valid UTF-8 and replaces a stray byte alone under UTF-8', () => {
    expect(escapeProcText(bytes(0x2f, 0x62, 0xc3, 0xa9, 0xff), true)).toEqual(bytes(0x2f, 0x62, 0xc3, 0xa9, 0x3f));
  });
  it('walks by the lengths lead bytes announce, unchecked, and sends the rest through ESC_tab from a sequence cut by the end', () => {
    const name = bytes(0x78, 0xc2, 0x85, 0x79, 0xc3, 0x41, 0xe6, 0x97);
    expect(escapeProcText(name, true)).toEqual(bytes(0x78, 0xc2, 0x85, 0x79, 0xc3, 0x41, 0x3f, 0x3f));
  });
  it('sends the rest through ESC_tab from a byte that cannot lead, controls becoming .', () => {
    expect(escapeProcText(Buffer.from('a\xffb\x01c', 'latin1'), true).toString('latin1')).toBe('a?b.c');
  });
  it('turns controls into ? under UTF-8 and into . (NUL @) elsewhere; bytes above 0x7f into ?', () => {
    expect(escapeProcText(Buffer.from('a\nb\tc\x7f'), true).toString()).toBe('a?b?c?');
    expect(escapeProcText(bytes(0x61, 0x0a, 0x00, 0x7f, 0xc3, 0xa9), false).toString('latin1')).toBe('a.@.??');
  });
  it('returns printable ASCII as it is', () => {
    const ascii = Buffer.from('sshd: /usr/sbin/sshd -D');
    expect(escapeProcText(ascii, true)).toBe(ascii);
  });
});

describe('escapeForDisplay (ps printing a cell)', () => {
  it('prints a C1 control as one ? and counts wide characters as two cells', () => {
    expect(escapeForDisplay(bytes(0x78, 0xc2, 0x85, 0x79), 10, true)).toEqual({ text: 'x?y', cells: 3 });
    expect(escapeForDisplay(Buffer.from('日本語'), 5, true)).toEqual({ text: '日本', cells: 4 });
  });
  it('cuts to the cells it is given in the C locale', () => {
    expect(escapeForDisplay(Buffer.from('café'), 4, false)).toEqual({ text: 'caf?', cells: 4 });
  });
});
