// Every option of every command (read from the command's own usage text), run with --json: either
// JSON (one document, or one per line for interval modes) whose rows are there when the text
// output has rows, or the text the man page documents for that option (usage, version, and
// netstat's -r, -s and -g), or the same failure as without --json. Never an empty or cut result
// printed silently.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV, escapeBytes, ours, REPO, run, type RunResult } from './harness.js';

/** The options a usage text names: `-x` and `--long` tokens, and ps' BSD letters ("  a   ..."). */
function optionsOf(usage: string, bsd = false): string[] {
  const found = new Set<string>();
  for (const match of usage.matchAll(/(?:^|[\][ ,|{(])(-[A-Za-z0-9?]|--[a-z][a-z0-9-]*)/gm)) found.add(match[1] as string);
  if (bsd) for (const match of usage.matchAll(/^ {1,2}([A-Za-z]),? /gm)) found.add(match[1] as string);
  found.delete('--json');
  return [...found].sort();
}

const usageOf = (tool: string, args: string[]) => {
  const result = run(ours(tool, args));
  return result.stdout.toString() + result.stderr.toString();
};

// The values options that take one get here; the others run bare.
const VALUES: Record<string, Record<string, string[]>> = {
  free: { '-s': ['-s', '0.1', '-c', '2'], '--seconds': ['--seconds', '0.1', '-c', '2'], '-c': ['-c', '2', '-s', '0.1'], '--count': ['--count', '2', '-s', '0.1'] },
  iostat: { '-o': ['-o', 'JSON'], '-j': ['-j', 'PATH'], '-g': ['-g', 'all'], '-p': ['-p', 'ALL'], '--dec': ['--dec=1'], '-f': ['-f', '/sys'] },
  netstat: { '-A': ['-A', 'inet'] },
  smem: {
    '-c': ['-c', 'pid name'], '--columns': ['--columns', 'pid name'], '-s': ['-s', 'pss'], '--sort': ['--sort', 'pss'],
    '-P': ['-P', '.'], '--processfilter': ['--processfilter', '.'], '-U': ['-U', 'root'], '--userfilter': ['--userfilter', 'root'],
    '-M': ['-M', '.'], '--mapfilter': ['--mapfilter', '.'], '-R': ['-R', '4G'], '--realmem': ['--realmem', '4G'],
    '-K': ['-K', '/nonexistent'], '--kernel': ['--kernel', '/nonexistent'], '-S': ['-S', join(REPO, 'test/fixtures/smem-live')], '--source': ['--source', join(REPO, 'test/fixtures/smem-live')],
    '--bar': ['--bar', 'pid'], '--pie': ['--pie', 'name'],
  },
  procinfo: { '--color': ['--color', 'never'] },
  pstree: { '-C': ['-C', 'age'], '--color': ['--color=age'], '-H': ['-H', '1'], '--highlight-pid': ['--highlight-pid=1'], '-N': ['-N', 'pid'], '--ns-sort': ['--ns-sort=pid'] },
  pmap: { '-A': ['-A', '0,ffffffff'], '--range': ['--range=0,ffffffff'], '-C': ['-C', '/nonexistent'], '--read-rc-from': ['--read-rc-from=/nonexistent'], '-N': ['-N', '/nonexistent/rc'], '--create-rc-to': ['--create-rc-to=/nonexistent/rc'] },
  pgrep: {
    '-d': ['-d', ','], '--delimiter': ['--delimiter', ','], '-g': ['-g', '0'], '--pgroup': ['--pgroup', '0'], '-G': ['-G', 'root'], '--group': ['--group', 'root'],
    '-O': ['-O', '1'], '--older': ['--older', '1'], '-P': ['-P', '1'], '--parent': ['--parent', '1'], '-s': ['-s', '0'], '--session': ['--session', '0'],
    '-t': ['-t', 'pts/0'], '--terminal': ['--terminal', 'pts/0'], '-u': ['-u', 'root'], '--euid': ['--euid', 'root'], '-U': ['-U', 'root'], '--uid': ['--uid', 'root'],
    '-F': ['-F', '/proc/sys/kernel/ns_last_pid'], '--pidfile': ['--pidfile', '/proc/sys/kernel/ns_last_pid'], '-r': ['-r', 'S'], '--runstates': ['--runstates', 'S'],
    '--cgroup': ['--cgroup', '/'], '--ns': ['--ns', '1'], '--nslist': ['--nslist', 'net', '--ns', '1'],
  },
  pidof: { '-o': ['-o', '1'], '-d': ['-d', ','] },
  vmstat: { '-p': ['-p', 'ptools-none'], '--partition': ['--partition', 'ptools-none'], '-S': ['-S', 'M'], '--unit': ['--unit', 'M'] },
  top: {
    '-d': ['-d', '0.1'], '--delay': ['--delay', '0.1'], '-E': ['-E', 'm'], '--scale-summary-mem': ['--scale-summary-mem', 'm'], '-e': ['-e', 'm'], '--scale-task-mem': ['--scale-task-mem', 'm'],
    '-n': ['-n', '1'], '--iterations': ['--iterations', '1'], '-o': ['-o', 'PID'], '--sort-override': ['--sort-override', 'PID'], '-p': ['-p', '1'], '--pid': ['--pid', '1'],
    '-U': ['-U', 'root'], '--filter-any-user': ['--filter-any-user', 'root'], '-u': ['-u', 'root'], '--filter-only-euser': ['--filter-only-euser', 'root'], '-w': ['-w', '200'], '--width': ['--width=200'],
  },
  ps: {
    '-C': ['-C', 'node'], '-G': ['-G', 'root'], '-g': ['-g', 'root'], '-p': ['-p', '1'], p: ['p', '1'], '--pid': ['--pid', '1'], '--ppid': ['--ppid', '1'],
    '-q': ['-q', '1'], q: ['q', '1'], '--quick-pid': ['--quick-pid', '1'], '-s': ['-s', '1'], '--sid': ['--sid', '1'], '-t': ['-t', '-'], t: ['t', '-'], '--tty': ['--tty', '-'],
    '-u': ['-u', 'root'], '-U': ['-U', 'root'], U: ['U', 'root'], '--user': ['--user', 'root'], '--User': ['--User', 'root'], '--Group': ['--Group', 'root'], '--group': ['--group', 'root'],
    '-o': ['-o', 'pid,comm'], o: ['o', 'pid,comm'], '-O': ['-O', 'rss'], O: ['O', 'rss'], '--format': ['--format', 'pid,comm'], '--sort': ['--sort', 'pid'], k: ['k', 'pid'],
    '--cols': ['--cols', '100'], '--columns': ['--columns', '100'], '--width': ['--width', '100'], '--lines': ['--lines', '10'], '--rows': ['--rows', '10'], '--context': ['--context'],
  },
};

// Each command's base arguments: procinfo needs a pid.
const BASE: Record<string, string[]> = { procinfo: ['1'], pmap: ['1'], pgrep: ['.'], pidof: ['node'], pwdx: ['1'], top: ['-b', '-n', '1'] };

// Options whose output stays text with --json, as documented: usage and version everywhere
// (-h is help except for free and iostat, where it means human units), ps' L
// (pt-ps(1): "L, --help and the version options print their text also with --json"), and
// netstat's -r, -s and -g (pt-netstat(1): "-r, -s and -g print text also with --json"), and
// smem's charts (pt-smem(1): "--pie, --bar ... pt-smem writes an SVG document"), and top's field
// list (pt-top(1): "-O ... prints its list also with --json"). Checked
// against the man pages below.
const TEXT = new Set([
  '--help', '-?', '-V', '--version',
  'netstat -h', 'smem -h', 'procinfo -h', 'procsmem -h', 'pmap -h', 'pgrep -h', 'pidof -h', 'pwdx -h', 'uptime -h', 'vmstat -h', 'top -h',
  'top -O', 'top --list-fields',
  'ps L', 'ps V',
  'smem --bar', 'smem --pie',
  'netstat -r', 'netstat --route', 'netstat -s', 'netstat --statistics', 'netstat -g', 'netstat --groups',
]);
const documentedText = (tool: string, option: string) => TEXT.has(option) || TEXT.has(`${tool} ${option}`);

// Lines of a text output that are not a title, a header or a rule.
const HEADER = /^( \d\d:\d\d:\d\d up |Active |Proto |Kernel |Iface |Destination |IPv6\/IPv4 |Interface |\s*PID |\s*UID |\s*USER |\s*F S |F +UID |\s*PPID |User |Map |Area |Linux |avg-cpu|Device |-+$|=+$|\s*$)/;
const dataLines = (text: Buffer) => text.toString('latin1').split('\n').filter((line) => !HEADER.test(line));

/** Runs through `| head -1` for options that report forever (netstat -c). */
const CONTINUOUS = new Set(['netstat -c', 'netstat --continuous']);
function runOnce(tool: string, args: string[]): RunResult {
  if (!CONTINUOUS.has(`${tool} ${args.find((arg) => arg.startsWith('-c') || arg === '--continuous') ?? ''}`)) return run(ours(tool, args));
  const quoted = ours(tool, args).map((arg) => `'${arg.replace(/'/g, `'"'"'`)}'`).join(' ');
  const result = spawnSync('sh', ['-c', `${quoted} | head -1`], { cwd: REPO, env: ENV, encoding: 'buffer' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.values(value).every((item) => Array.isArray(item) && item.length === 0);
  return false;
}

const TOOLS: Array<[string, string[]]> = [
  ['free', optionsOf(usageOf('free', ['--help']))],
  ['ifconfig', optionsOf(usageOf('ifconfig', ['--help']))],
  ['iostat', optionsOf(usageOf('iostat', ['--help']))],
  ['netstat', optionsOf(usageOf('netstat', ['--help']))],
  ['procinfo', optionsOf(usageOf('procinfo', ['--help']))],
  ['procsmem', optionsOf(usageOf('procsmem', ['--help']))],
  ['smem', optionsOf(usageOf('smem', ['--help']))],
  ['ps', optionsOf(usageOf('ps', ['--help', 'all']), true)],
  ['pstree', optionsOf(usageOf('pstree', ['--help']))],
  ['pmap', optionsOf(usageOf('pmap', ['--help']))],
  ['pgrep', optionsOf(usageOf('pgrep', ['--help']))],
  ['pidof', optionsOf(usageOf('pidof', ['-h']))],
  ['pwdx', optionsOf(usageOf('pwdx', ['--help']))],
  ['uptime', optionsOf(usageOf('uptime', ['--help']))],
  ['w', optionsOf(usageOf('w', ['--help']))],
  ['vmstat', optionsOf(usageOf('vmstat', ['--help']))],
  ['top', optionsOf(usageOf('top', ['-h']))],
];

describe('--json with every option of every command', () => {
  it('the usage texts were read (every command has options to walk)', () => {
    for (const [tool, options] of TOOLS) expect(options.length, tool).toBeGreaterThan(tool === 'procsmem' ? 1 : 2);
  });

  it('the man pages document the options that stay text', () => {
    expect(readFileSync(join(REPO, 'man/pt-netstat.1'), 'utf8')).toMatch(/\.BR \\-r ,\n\.B \\-s\nand\n\.B \\-g\nprint text also with\n\.BR \\-\\-json/);
    expect(readFileSync(join(REPO, 'man/pt-smem.1'), 'utf8')).toContain('pt-smem writes an SVG document');
    expect(readFileSync(join(REPO, 'man/pt-top.1'), 'utf8')).toContain('prints its list also with');
    expect(readFileSync(join(REPO, 'man/pt-ps.1'), 'utf8')).toMatch(/\.BR L ,\n\.B \\-\\-help\nand the version options print their text also with\n\.BR \\-\\-json/);
  });

  for (const [tool, options] of TOOLS) {
    describe(`pt-${tool}`, () => {
      it.each(options)(`%s --json`, (option) => {
        const args = [...(BASE[tool] ?? []), ...(VALUES[tool]?.[option] ?? [option])];
        const json = runOnce(tool, [...args, '--json']);
        const what = `pt-${tool} ${args.join(' ')} --json`;
        if (json.status !== 0) {
          // A failure, the same as without --json (ps' "no process selected" is status 1 with
          // nothing on stderr, in both).
          const text = runOnce(tool, args);
          expect({ status: json.status, stderr: escapeBytes(json.stderr) }, what).toEqual({ status: text.status, stderr: escapeBytes(text.stderr) });
          return;
        }
        const text = json.stdout.toString('utf8');
        if (documentedText(tool, option)) {
          // The text, where the tool writes it (psmisc prints its version on stderr).
          expect(json.stdout.length + json.stderr.length, what).toBeGreaterThan(0);
          expect(() => JSON.parse(text), what).toThrow();
          return;
        }
        expect(json.stdout.length, what).toBeGreaterThan(0);
        const documents = text.trimEnd().split('\n').length > 1 && !text.startsWith('[\n') && !text.startsWith('{\n') ? text.trimEnd().split('\n') : [text];
        const parsed = documents.map((document) => {
          try {
            return JSON.parse(document) as unknown;
          } catch (error) {
            throw new Error(`${what}: ${String(error)}: ${JSON.stringify(document.slice(-200))} (${text.length} bytes, ${documents.length} documents)`);
          }
        });
        if (parsed.every(isEmpty)) {
          // Empty JSON only where the text has no rows either.
          expect(dataLines(runOnce(tool, args).stdout), what).toEqual([]);
        }
      });
    });
  }
});
