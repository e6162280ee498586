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
import { parseExporterCommand } from '../../src/tools/exporter/command.js';
import { parsePgrepCommand, type Resolver } from '../../src/tools/pgrep/command.js';
import { parsePidofCommand } from '../../src/tools/pidof/command.js';
import { parsePwdxCommand, validPid } from '../../src/tools/pwdx/command.js';
import { parseTopCommand } from '../../src/tools/top/command.js';
import { parseUptimeCommand } from '../../src/tools/uptime/command.js';
import { parseVmstatCommand } from '../../src/tools/vmstat/command.js';
import { parseWCommand } from '../../src/tools/w/command.js';
import { RUNS, expectClean } from './fuzz.js';

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

/** Numbers as arguments: C's limits, past them, and text strtol/strtod stop at. */
const NUMBERS = ['0', '1', '-1', '+2', ' 3', '0x10', '010', '1.5', '1,5', '.5', '1e3', '1e400', '2147483647', '2147483648', '4294967296', '9223372036854775808', '9'.repeat(400), ''];

/**
 * A parse returns a command (which `check` may look into) or throws a documented usage error;
 * nothing else, whatever the arguments.
 */
function onlyDocumentedThrows<T>(parse: (argv: string[]) => T, known: readonly string[], check?: (command: T) => void): void {
  fc.assert(
    fc.property(argvOf([...known, ...NUMBERS]), (argv) => {
      let command: T;
      try {
        command = parse(argv);
      } catch (error) {
        if (!documented(error)) throw error;
        return;
      }
      expect(command).toBeDefined();
      check?.(command);
    }),
    { numRuns: RUNS },
  );
}

/** `value` within [low, high] (high Infinity where the command documents "forever": top -n, vmstat COUNT). */
const within = (value: number, low: number, high: number, where: string) => expect(value >= low && value <= high, `${where} = ${value}`).toBe(true);

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
  it('pt-pgrep', () => {
    const resolver: Resolver = {
      uid: (name) => (name === 'root' ? 0 : null),
      gid: (name) => (name === 'root' ? 0 : null),
      ownPgrp: () => 100,
      ownSession: () => 100,
      pidfile: (path) => (path === 'good' ? 1 : null),
    };
    onlyDocumentedThrows(
      (argv) => parsePgrepCommand(argv, resolver),
      ['-l', '-a', '-d', ',', '-v', '-w', '-L', '-F', 'good', 'bad', '-c', '-f', '-i', '-n', '-o', '-x', '-P', '-O', '-A', '-g', '-s', '-u', '-U', '-G', 'root', '-t', 'pts/0', '-r', 'S', '--ns', '--nslist', 'net,pid', '--cgroup', '--signal', '--json', '-V', '-h', 'sh'],
      (command) => {
        if (command.kind !== 'run') return;
        expectClean(command.options);
        for (const list of [command.options.ppids, command.options.pgrps, command.options.sessions, command.options.euids, command.options.ruids, command.options.rgids]) {
          for (const id of list ?? []) expect(Number.isSafeInteger(id), String(id)).toBe(true);
        }
      },
    );
  });
  it('pt-pidof', () =>
    onlyDocumentedThrows((argv) => parsePidofCommand(argv, 42), ['-q', '-h', '-c', '-o', '%PPID', '1,2;3:', '-d', ':', '-s', '-x', '-z', '-n', '--json', 'sh', 'init'], (command) => {
      if (command.kind === 'run') {
        expectClean(command.options);
        for (const pid of command.options.omit) expect(Number.isInteger(pid) && pid >= 1).toBe(true);
        expect(command.options.separator).toHaveLength(1);
      }
    }));
  it('pt-pwdx, and its pid check', () => {
    onlyDocumentedThrows(parsePwdxCommand, ['-h', '-V', '--help', '--version', '--json', '1', '/proc/1', 'self'], (command) => {
      if (command.kind === 'run') expect(command.pids.length).toBeGreaterThan(0);
    });
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...NUMBERS, '/proc/1', '/proc/', '/proc/+5', '\t7', '7\n'), fc.string({ maxLength: 8 })), (argument) => {
        expect(typeof validPid(argument)).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });
  it('pt-uptime', () => onlyDocumentedThrows(parseUptimeCommand, ['-p', '-h', '-s', '-V', '--pretty', '--since', '--help', '--version', '--json']));
  it('pt-w', () => {
    const env = fc.record({ PROCPS_USERLEN: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined }), PROCPS_FROMLEN: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined }), COLUMNS: fc.option(fc.constantFrom(...NUMBERS), { nil: undefined }) });
    fc.assert(
      fc.property(env, fc.option(fc.integer({ min: -1, max: 1000 }), { nil: undefined }), argvOf(['-h', '-u', '-s', '-f', '-o', '-i', '-V', '--no-header', '--short', '--from', '--ip-addr', '--help', '--json', 'root', ...NUMBERS]), (environment, columns, argv) => {
        let command: ReturnType<typeof parseWCommand>;
        try {
          command = parseWCommand(argv, environment, columns);
        } catch (error) {
          if (!documented(error)) throw error;
          return;
        }
        if (command.kind !== 'run') return;
        expectClean(command.options);
        within(command.options.userLength, 8, 32, 'userLength');
        within(command.options.fromLength, 8, 256, 'fromLength');
        within(command.options.maxCommand, 7, 512, 'maxCommand');
      }),
      { numRuns: RUNS },
    );
  });
  it('pt-vmstat', () =>
    onlyDocumentedThrows(parseVmstatCommand, ['-a', '-f', '-m', '-n', '-s', '-d', '-D', '-p', 'sda1', '/dev/sda', '-S', 'k', 'M', 'x', '-w', '-t', '-h', '-V', '-y', '--unit', '--json', '--wide'], (command) => {
      if (command.kind !== 'run') return;
      within(command.options.delay, 1, 4294967295, 'delay');
      expect(Number.isInteger(command.options.delay)).toBe(true);
      expect(Number.isInteger(command.options.count) || command.options.count === Infinity).toBe(true);
      expect(command.options.count >= 0).toBe(true);
    }));
  it('pt-top', () =>
    onlyDocumentedThrows(
      (argv) => parseTopCommand(argv, (name) => (name === 'root' ? 0 : null)),
      ['-b', '-c', '-d', '-E', '-e', 'k', 'g', 'e', '-H', '-h', '-i', '-n', '-O', '-o', '%MEM', '-PID', 'COMMAND', '-p', '1,2', '-S', '-s', '-U', '-u', 'root', '!root', '-V', '-w', '-1', '--iterations', '--width=80', '--pid', '--json', '-bn1'],
      (command) => {
        if (command.kind !== 'run') return;
        const { iterations, delay, pids, width, summaryScale, taskScale } = command.options;
        expect(Number.isInteger(iterations) || iterations === Infinity).toBe(true);
        within(iterations, 1, Infinity, 'iterations');
        within(delay, 0, 2147483647, 'delay');
        for (const pid of pids) expect(Number.isInteger(pid)).toBe(true);
        if (typeof width === 'number') within(width, 3, 512, 'width');
        within(summaryScale, 0, 5, 'summaryScale');
        within(taskScale, 0, 4, 'taskScale');
      },
    ));
  it('pt-exporter', () =>
    onlyDocumentedThrows(
      parseExporterCommand,
      ['-l', '127.0.0.1:9100', '[::1]:80', ':0', 'host:99999', '--once', '--openmetrics', '-t', '/tmp/x', '-i', '--min-interval', '--timeout', '0.0004', '2147483.647', '2147484', '-i0.0004', '--interval=2147484', '--timeout=0.0001', '--min-interval=0', '-g', 'comm', 'user', 'cgroup', '-m', '^a', '(', '-n', '--no-processes', '-h', '-V'],
      (command) => {
        if (command.kind !== 'run') return;
        const { options } = command;
        expectClean({ ...options, match: null });
        within(options.port, 0, 65535, 'port');
        // Each delay is one a timer can wait: setTimeout runs a longer one, or 0, at once.
        within(options.intervalMs, 1, 2147483647, 'intervalMs');
        within(options.minIntervalMs, 0, 2147483647, 'minIntervalMs');
        within(options.timeoutMs, 1, 2147483647, 'timeoutMs');
        expect(Number.isSafeInteger(options.top) && options.top >= 0).toBe(true);
      },
    ));
});
