// Every command with its stdout on /dev/full, or on a pipe whose reader has gone, against the
// classic tool in the same plight: the same message on stderr and the same exit status. (A stdout
// closed at start cannot be told apart in Node: Node puts /dev/null there before any JavaScript
// runs, as daemons do for their own children, so the output is discarded and the status is 0;
// the C tools fail with EBADF. The man pages say so.) psutil's scripts
// are not installed anywhere, so pt-procsmem and pt-procinfo are checked against what Python
// prints for the script's failing print() (its traceback ends with that line; ours prints only it).
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, unavailableReason, type RunResult } from './harness.js';

// pstree and pmap look at one process whose tree and maps stay put between the two runs.
const sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
afterAll(() => sleeper.kill());
const SLEEPER = String(sleeper.pid);

// Outputs that do not move between the two runs where the message depends on their length
// (procps names the error only when its last buffer was not full).
const CASES: string[][] = [
  ['ps', '-p', '1', '-o', 'pid,comm'],
  ['ps', '-p', '1', '-f'],
  ['free'],
  ['free', '-h', '-w'],
  ['free', '-s', '0.1', '-c', '3'],
  ['netstat', '-ant'],
  ['netstat', '-i'],
  ['ifconfig', '-a'],
  ['iostat'],
  ['iostat', '-x', '-d'],
  // Well below and well above the 4 KiB Python keeps before writing to /dev/full (see
  // ToolEntry.writeError).
  ['smem', '-u', '-t'],
  ['smem', '-c', 'pid name'],
  ['pgrep', '-c', '.'],
  ['pidof', 'node'],
  ['uptime'],
  ['uptime', '-p'],
  ['w', '-s'],
  ['vmstat'],
  ['vmstat', '-s'],
  ['vmstat', '-d', '-w'],
  ['vmstat', '1', '2'],
  ['top', '-b', '-n', '1'],
  ['top', '-b', '-n', '2', '-d', '0.2'],
  ['pstree', '-p', SLEEPER],
  ['pstree', '-a', '-l'],
  // Under and over the 4 KiB stdio keeps for /dev/full or a pipe.
  ['pmap', SLEEPER],
  ['pmap', '-XX', SLEEPER],
];

// A pipe whose reader has gone before the command writes: `| head -1` made deterministic (with
// head, a short output may or may not be written before head exits). The status printed is the
// command's own, as `set -o pipefail` scripts see it (-13: killed by SIGPIPE).
const READER_GONE =
  'import os, subprocess, sys\nr, w = os.pipe()\nos.close(r)\np = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\nsys.stderr.buffer.write(p.stderr)\nprint(p.returncode)';

const PLIGHTS = {
  'a full disk': (command: string) => `exec ${command} >/dev/full`,
  'a reader gone': (command: string) => `exec python3 -c '${READER_GONE.replace(/'/g, `'"'"'`)}' ${command}`,
};

const quote = (argv: readonly string[]) => argv.map((arg) => `'${arg}'`).join(' ');
const inPlight = (shell: string): RunResult => run(['bash', '-c', shell]);

const missing = ['ps', 'free', 'netstat', 'ifconfig', 'iostat', 'smem', 'vmstat', 'top', 'pgrep', 'pidof', 'uptime', 'w', 'pstree', 'pmap'].map(unavailableReason).find((reason) => reason !== null) ?? null;

describe.skipIf(missing !== null && !IN_CI)(`write errors and closed pipes ${missing ?? ''}`, () => {
  for (const [plight, shell] of Object.entries(PLIGHTS)) {
    for (const [tool = '', ...args] of CASES) {
      it(`${tool} ${args.join(' ')} with ${plight}`, () => {
        if (missing) throw new Error(missing);
        const classic = inPlight(shell(quote([tool, ...args])));
        expectSameRun(inPlight(shell(quote(ours(tool, args)))), classic);
      });
    }
  }

  it('procsmem and procinfo end as the scripts do when print() fails: OSError, status 1', () => {
    for (const [tool, args] of [['procsmem', []], ['procinfo', ['1']]] as const) {
      const full = inPlight(`exec ${quote(ours(tool, args))} >/dev/full`);
      expect(full.status).toBe(1);
      expect(full.stderr.toString()).toMatch(/^(warning: access denied for \d+ pids\n)?OSError: \[Errno 28\] No space left on device\n$/);
    }
  });

  // `pmap -XX PID PID PID | head -1`: procps' pmap hands stdio's 4 KiB pieces to the pipe while it
  // still reads the next maps, so the reader's first read takes only the first piece and the next
  // write kills pmap with SIGPIPE. Gathered as one write, the whole output would fit the pipe and
  // end with status 0. The reader here reads once and goes, as head does after its first line.
  const FIRST_READ =
    'import os, subprocess, sys\nr, w = os.pipe()\np = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)\nos.close(w)\nos.read(r, 1 << 20)\nos.close(r)\n_, err = p.communicate()\nsys.stderr.buffer.write(err)\nprint(p.returncode)';
  // Whether the reader's one read comes before pmap's last write is up to the scheduler: under load
  // procps' pmap may finish first and end with 0. So each round runs both, and the case holds when
  // one round ends both with SIGPIPE; a pmap that gathered its output into one write never does.
  it('pmap -XX of several processes with a reader gone after its first read', () => {
    if (missing) throw new Error(missing);
    const args = ['-XX', SLEEPER, SLEEPER, SLEEPER];
    const shell = (command: string) => `exec python3 -c '${FIRST_READ.replace(/'/g, `'"'"'`)}' ${command}`;
    const rounds: Array<[string, string]> = [];
    for (let round = 0; round < 10; round++) {
      const classic = inPlight(shell(quote(['pmap', ...args])));
      const mine = inPlight(shell(quote(ours('pmap', args))));
      if (classic.stdout.toString() === '-13\n' && Buffer.compare(classic.stdout, mine.stdout) === 0) {
        expectSameRun(mine, classic);
        return;
      }
      rounds.push([classic.stdout.toString(), mine.stdout.toString()]);
    }
    expect(rounds).toEqual([]);
  });

  it('ptools itself ends as the procps commands do, without a stack trace', () => {
    const ptools = [process.execPath, 'bin/ptools.js'];
    const full = inPlight(`exec ${quote(ptools)} >/dev/full`);
    expect([full.status, full.stderr.toString()]).toEqual([1, 'ptools: write error: No space left on device\n']);
    const gone = inPlight(PLIGHTS['a reader gone'](quote([...ptools, '--help'])));
    expect([gone.stdout.toString(), gone.stderr.toString()]).toEqual(['-13\n', '']);
  });

  // Commands that find nothing: status 1, and nothing written that could fail (pgrep -c still
  // writes its 0).
  for (const [tool = '', ...args] of [['pgrep', '-c', '-x', 'ptools-none'], ['pidof', 'ptools-none'], ['pwdx', '999999999']]) {
    it(`${tool} ${args.join(' ')}, finding nothing, with a full disk`, () => {
      const shell = PLIGHTS['a full disk'];
      expectSameRun(inPlight(shell(quote(ours(tool, args)))), inPlight(shell(quote([tool, ...args]))));
    });
  }
  it('pt-exporter --once ends as the procps commands do: write error, status 1; a reader gone, status 0', () => {
    const once = ours('exporter', ['--once', '--no-processes']);
    const full = inPlight(`exec ${quote(once)} >/dev/full`);
    expect([full.status, full.stderr.toString()]).toEqual([1, 'exporter: write error: No space left on device\n']);
    const gone = inPlight(PLIGHTS['a reader gone'](quote(once)));
    expect([gone.stdout.toString(), gone.stderr.toString()]).toEqual(['0\n', '']);
  });

  it('writes to /dev/null, opened write-only by a shell or read-write by a daemon, with status 0', () => {
    for (const [tool = '', ...args] of CASES) {
      for (const redirect of ['>/dev/null', '1<>/dev/null']) {
        const result = inPlight(`exec ${quote(ours(tool, args))} ${redirect}`);
        expect([tool, redirect, result.status, result.stderr.toString()]).toEqual([tool, redirect, 0, '']);
      }
    }
  });
});
