// Property tests of the command-line parsers: glibc's getopt_long clone, Python's optparse clone,
// and every command's argv parser on random arguments made of its own options and noise. A parser
// returns a result or throws the usage error / classic failure it documents, nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getoptLong, type ArgumentMode } from '../../src/cli/getopt.js';
import { parseOptparse } from '../../src/cli/optparse.js';
import { CommandFailed, UsageError } from '../../src/core/errors.js';
import { parseFreeCommand } from '../../src/tools/free/command.js';
import { parseIfconfigCommand } from '../../src/tools/ifconfig/command.js';
import { parseIostatCommand } from '../../src/tools/iostat/command.js';
import { parseNetstatCommand } from '../../src/tools/netstat/command.js';
import { parsePmapCommand } from '../../src/tools/pmap/command.js';
import { parsePstreeCommand } from '../../src/tools/pstree/command.js';
import { parseProcinfoCommand } from '../../src/tools/procinfo/command.js';
import { parseProcsmemCommand } from '../../src/tools/procsmem/command.js';
import { parsePsCommand } from '../../src/tools/ps/command.js';
import { parseSmemCommand } from '../../src/tools/smem/command.js';
import { RUNS } from './fuzz.js';

const word = fc.string({ maxLength: 6 });
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?-:'.split(''));

/** Arguments made of `known` (a tool's own options and typical values) and noise shaped like options. */
const argvOf = (known: readonly string[]) =>
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known) },
      { weight: 1, arbitrary: word },
      { weight: 1, arbitrary: word.map((text) => `-${text}`) },
      { weight: 1, arbitrary: word.map((text) => `--${text}`) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...known), word).map(([option, text]) => `${option}=${text}`) },
    ),
    { maxLength: 7 },
  );

const documented = (error: unknown) => error instanceof UsageError || error instanceof CommandFailed;

function onlyDocumentedThrows(parse: (argv: string[]) => unknown, known: readonly string[]): void {
  fc.assert(
    fc.property(argvOf(known), (argv) => {
      try {
        expect(parse(argv)).toBeDefined();
      } catch (error) {
        if (!documented(error)) throw error;
      }
    }),
    { numRuns: RUNS },
  );
}

describe('fuzzed getopt_long and optparse', () => {
  it('getoptLong: strings in, options and operands out, or glibc\'s message', () => {
    const spec = fc.record({
      program: fc.constant('prog'),
      shortOptions: fc.array(fc.tuple(letter, fc.constantFrom('', ':', '::')), { maxLength: 8 }).map((pairs) => pairs.map(([l, colons]) => l + colons).join('')),
      longOptions: fc.array(
        fc.record({ name: fc.string({ minLength: 1, maxLength: 5 }), argument: fc.constantFrom<ArgumentMode>('none', 'required', 'optional'), key: fc.string({ maxLength: 3 }) }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(spec, argvOf(['-a', '-ab', '--', '-', '--x', '--x=1', 'op']), (options, argv) => {
        const result = getoptLong(argv, options);
        for (const option of result.options) {
          expect(typeof option.key).toBe('string');
          expect(option.value === undefined || typeof option.value === 'string').toBe(true);
        }
        for (const operand of result.operands) expect(argv).toContain(operand);
        if (result.error !== undefined) expect(result.error.startsWith('prog: ')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseOptparse: options, help, or optparse\'s error text', () => {
    const options = [
      { key: 'a', short: '-a', long: '--alpha', takesValue: false },
      { key: 'b', short: '-b', long: '--beta', takesValue: true },
      { key: 'c', long: '--alphabet', takesValue: true },
    ];
    const help = { key: 'help', short: '-h', long: '--help', takesValue: false };
    fc.assert(
      fc.property(argvOf(['-a', '-b', '-ab', '--alpha', '--al', '--beta=2', '--alphabet', '-h', '--', 'x']), (argv) => {
        const parsed = parseOptparse(argv, options, help);
        if (parsed.kind === 'error') expect(parsed.message).not.toBe('');
        if (parsed.kind === 'options') for (const value of parsed.values.values()) expect(value === true || typeof value === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzed command lines of every command', () => {
  it('pt-ps', () => {
    const environment = { pidDigits: 7, stdoutIsTty: false, terminalColumns: undefined, terminalRows: undefined, env: {}, ownTty: 0 };
    onlyDocumentedThrows(
      (argv) => parsePsCommand(argv, environment),
      ['aux', '-ef', '-e', '-f', '-L', '-o', 'pid,comm', 'pid', '%p', '-p', '1', '--pid', '-u', 'root', '-C', 'sh', '--sort', '-rss', 'o', 'O', 'k', 'w', 'ww', 'e', '-q', 'q', '--forest', 'f', '-N', '--help', 'all', 'T', 't', '-t', 'x'],
    );
  });
  it('pt-free', () => onlyDocumentedThrows(parseFreeCommand, ['-b', '-k', '-m', '-g', '-h', '-w', '-t', '-s', '1', '-c', '2', '--si', '--kilo', '--help', '-V', '-L', '--json', '0.5', 'x']));
  it('pt-netstat', () =>
    onlyDocumentedThrows(parseNetstatCommand, ['-a', '-n', '-t', '-u', '-p', '-l', '-x', '-w', '-e', '-o', '-W', '-i', '-r', '-s', '-c', '-g', '-A', 'inet', 'unix', '--json', '--help', '-V', '-Z', '--numeric', '--proto']));
  it('pt-ifconfig', () => onlyDocumentedThrows(parseIfconfigCommand, ['-a', '-s', '-v', 'lo', 'eth0', '--help', '--json', 'up', 'mtu', '1500', '-V']));
  it('pt-iostat', () => {
    const probe = { persistentTypeExists: (type: string) => type === 'uuid', isDirectory: () => false };
    onlyDocumentedThrows(
      (argv) => parseIostatCommand(argv, {}, probe),
      ['-c', '-d', '-x', '-k', '-m', '-h', '-p', 'ALL', '-z', '-y', '-t', '-N', '-s', '-o', 'JSON', '-j', 'UUID', '-g', 'grp', '-H', '--human', '--dec=1', '1', '2', 'sda', '--json', '-V'],
    );
  });
  it('pt-smem', () =>
    onlyDocumentedThrows(parseSmemCommand, ['-u', '-m', '-w', '-t', '-k', '-p', '-r', '-s', 'pss', '-c', 'pid name', '-P', 'x.*', '-U', 'root', '-M', '.', '-n', '-h', '--json', '--abbreviate', '--sort=uss']));
  it('pt-procsmem', () => onlyDocumentedThrows(parseProcsmemCommand, ['-h', '--help', '--json', 'x']));
  it('pt-procinfo', () => onlyDocumentedThrows(parseProcinfoCommand, ['1', '-h', '--help', '--json', '0', '-1', 'x', '99999999999999999999', '1.5']));
  it('pt-pstree', () => {
    const terminal = { term: 'xterm', hasEntry: () => true };
    onlyDocumentedThrows((argv) => parsePstreeCommand(argv, terminal, () => true), ['-a', '-A', '-c', '-C', 'age', '-g', '-G', '-h', '-H', '1', '-l', '-n', '-N', 'pid', '-p', '-s', '-S', '-t', '-T', '-u', '-U', '-V', '-Z', 'root', '1', '--json']);
  });
  it('pt-pmap', () => onlyDocumentedThrows(parsePmapCommand, ['-x', '-X', '-XX', '-c', '-C', '/x', '-n', '-N', '-d', '-q', '-p', '-A', '0,ffff', '1', '--json', '-h', '-V']));
});
