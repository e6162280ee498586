// pt-pgrep and pt-pidof against procps-ng's pgrep and sysvinit's pidof, byte for byte (stdout,
// stderr, exit status): on the crafted process table (odd names, zombies, kernel threads,
// threads) with the clock pinned, and on live processes for what a frozen table cannot hold.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, runInProcTree, unavailableReason } from './harness.js';

const NOW = '2026-11-23 12:00:00';
const TREE = 'ps-crafted';

/** Cases on the crafted table; each must select something or fail as pgrep fails. */
const PGREP_CASES: string[][] = [
  ['bash'],
  ['-l', 'o'],
  ['-a', 'o'],
  ['-f', 'prog'],
  ['-f', '-a', '\\('],
  ['-l', 'my prog'],
  ['-x', 'bash'],
  ['-x', 'bas'],
  ['-i', '-l', 'BASH'],
  ['-n', 'e'],
  ['-o', 'e'],
  ['-n', '-l'],
  ['-o', '-a'],
  ['-v', '-l', 'e'],
  ['-c', 'r'],
  ['-c', 'nothing-here'],
  ['-d', ',', 'e'],
  ['-d', '', '-l', 'e'],
  ['-u', 'alice'],
  ['-u', 'root,1000', '-l'],
  ['-U', '1001', '-l'],
  ['-G', 'alice', '-l'],
  ['-G', '0'],
  ['-P', '1', '-l'],
  ['-P', '200,300'],
  ['-g', '300'],
  ['-s', '200', '-l'],
  ['-t', 'pts/0', '-l'],
  ['-t', 'tty1,pts/0'],
  ['-t', '?', '-c'],
  ['-r', 'Z', '-a'],
  ['-r', 'ITZ', '-l'],
  ['-t', 'pts/0', '-r', 'Z'],
  ['-w', 'worker'],
  ['-w', '-l', '-P', '1'],
  ['-O', '100000', '-l'],
  ['-O', '40000000', '-c'],
  ['-O', 'abc', '-c'],
  ['-A', '-l', 'systemd'],
  ['-l', 'two'],
  ['-l', 'caf'],
  ['-a', 'bad'],
  ['-f', 'th.=oui'],
  ['-l', '^k'],
  ['-f', '-l', '\\[k'],
  ['-a', 'defunct'],
  ['-f', 'a**'],
  ['-f', '-c', 'a{1,2}{3}'],
  ['-f', '-c', '[[:digit:]]{5}'],
  ['-l', '[]a]'],
  ['-f', 'x|'],
  ['averyveryverylongprogramname'],
  ['-f', 'averyveryverylongprogramname'],
  ['--ns', '1', '-c'],
  ['--ns', '1', '--nslist', 'net,uts', '-c'],
  ['--ns', '0', '-l'],
  ['--cgroup', '/', '-c'],
  ['-lf', 'sshd: /usr'],
  ['--list-name', '--newest', 'e'],
  ['--full', '--list-full', '--parent=300'],
  // Errors and usage.
  [],
  ['a', 'b'],
  ['-z'],
  ['--bogus'],
  ['-d'],
  ['-n', '-o', 'x'],
  ['-v', '-n', 'x'],
  ['-i', '-i', 'x'],
  ['-u', 'nosuchuser'],
  ['-G', 'nosuchgroup'],
  ['-P', 'x1'],
  ['-P', '922337203685477580'],
  ['-P', '9223372036854775800'],
  ['-P', '+1,-0', '-l'],
  ['-g', 'abc'],
  ['-s', '1x'],
  ['-u', ''],
  ['-u', ','],
  ['-L', 'x'],
  ['-F', '/nonexistent'],
  ['--nslist', 'bogus', 'x'],
  ['--ns', '-5', 'x'],
  ['('],
  ['['],
  ['*a'],
  ['a{2,1}'],
  ['x\\1'],
  ['[[:foo:]]'],
  ['[b-a]'],
  ['\\'],
  ['a{'],
  ['--help'],
];

const PIDOF_CASES: string[][] = [
  ['bash'],
  ['sshd'],
  ['worker', 'hog'],
  ['-s', 'worker', 'hog'],
  ['-d', ',', 'worker', 'hog', 'meaner'],
  ['-q', 'worker'],
  ['/usr/bin/worker'],
  ['kthreadd'],
  ['rcu_gp'],
  ['defunct-kid'],
  ['-z', 'defunct-kid'],
  ['-o', '307', 'worker', 'hog'],
  ['-o', '307,314', 'worker', 'hog'],
  ['-x', 'http.server'],
  ['python3'],
  ['-x', 'python3'],
  ['my prog (x)'],
  ['two\nlines'],
  ['agetty'],
  ['getty'],
  ['vim'],
  ['stopped'],
  ['nosuch'],
  [],
  ['-n', 'nice'],
  ['sleep'],
  ['-Z', 'bash'],
  ['-h'],
  ['-d', '', 'worker', 'hog'],
  ['-o', '', 'worker'],
  ['-o', 'abc,307', 'worker', 'hog'],
  ['-o', '307;314:100', 'worker', 'hog', 'sshd'],
  ['-s', '-q', 'worker'],
  ['-c', 'worker'],
  ['-sx', 'worker', 'nosuch', 'bash'],
  ['/'],
  [''],
  ['-x', '/usr/bin/worker'],
];

const reason = unavailableReason('pgrep') ?? unavailableReason('pidof') ?? unavailableReason('faketime');

describe(`pgrep and pidof conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has pgrep, pidof, faketime and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  for (const args of PGREP_CASES) {
    it(`${TREE}: pgrep ${JSON.stringify(args)}`, () => {
      const classic = runInProcTree(TREE, ['pgrep', ...args], NOW);
      expectSameRun(runInProcTree(TREE, ours('pgrep', args), NOW), classic);
    });
  }
  // Pid 334's name and command line hold a C1 control, a lead byte before ASCII and a sequence cut
  // by the end: the library's escaping keeps some raw and turns the rest into '?', and '.' does
  // not match a stray byte under UTF-8.
  const utf8Cases = [['-l', 'e'], ['-a', 'o'], ['-l', 'caf'], ['-a', 'bad'], ['-f', '-l', 'th.=oui'], ['-l', 'y'], ['-a', 'A'], ['-l', 'y.A'], ['-l', 'x.y'], ['-f', '-a', 'x.y'], ['-f', '-l', 'A..$']];
  for (const args of utf8Cases) {
    it(`${TREE}, LC_ALL=C.UTF-8: pgrep ${JSON.stringify(args)}`, () => {
      const utf8 = { LC_ALL: 'C.UTF-8' };
      const classic = runInProcTree(TREE, ['pgrep', ...args], NOW, utf8);
      expectSameRun(runInProcTree(TREE, ours('pgrep', args), NOW, utf8), classic);
    });
  }
  it('pgrep --json: the pids, {pid, name} with -l, {pid, cmdline} with -a, the count with -c', () => {
    const lines = (args: string[]) => runInProcTree(TREE, ['pgrep', ...args], NOW).stdout.toString('latin1').trimEnd().split('\n');
    const json = (args: string[]) => JSON.parse(runInProcTree(TREE, ours('pgrep', [...args, '--json']), NOW).stdout.toString()) as unknown;
    expect(json(['e'])).toEqual(lines(['e']).map(Number));
    const named = lines(['-l', 'o']).map((line) => ({ pid: Number(line.split(' ')[0]), name: Buffer.from(line.slice(line.indexOf(' ') + 1), 'latin1').toString() }));
    expect(json(['-l', 'o'])).toEqual(named);
    const full = lines(['-a', '-f', 'bin']).map((line) => ({ pid: Number(line.split(' ')[0]), cmdline: Buffer.from(line.slice(line.indexOf(' ') + 1), 'latin1').toString() }));
    expect(json(['-a', '-f', 'bin'])).toEqual(full);
    expect(json(['-c', 'e'])).toBe(Number(lines(['-c', 'e'])[0]));
    expect(json(['nothing-here'])).toEqual([]);
  });
  it('pidof --json: the pids', () => {
    const text = runInProcTree(TREE, ['pidof', 'worker', 'hog', 'bash'], NOW).stdout.toString().trim();
    expect(JSON.parse(runInProcTree(TREE, ours('pidof', ['worker', 'hog', 'bash', '--json']), NOW).stdout.toString())).toEqual(text.split(' ').map(Number));
  });
  for (const args of PIDOF_CASES) {
    it(`${TREE}: pidof ${JSON.stringify(args)}`, () => {
      const classic = runInProcTree(TREE, ['pidof', ...args], NOW);
      expectSameRun(runInProcTree(TREE, ours('pidof', args), NOW), classic);
    });
  }
});

describe.skipIf(reason !== null)('pgrep and pidof on live processes', () => {
  let dir = '';
  let sleeper: ReturnType<typeof spawn> | undefined;
  const others: Array<ReturnType<typeof spawn>> = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptools-pgrep-'));
    // A copy of sleep that only this test runs (found by its exe), and a script that runs as
    // "/bin/sh SCRIPT" under the script's name (found with -x).
    copyFileSync('/usr/bin/sleep', join(dir, 'ptsleep'));
    chmodSync(join(dir, 'ptsleep'), 0o755);
    symlinkSync(join(dir, 'ptsleep'), join(dir, 'ptlink'));
    writeFileSync(join(dir, 'ptscript'), '#!/bin/sh\nsleep 600\n', { mode: 0o755 });
    for (const command of [join(dir, 'ptsleep'), join(dir, 'ptscript')]) {
      // Each in a process group of its own, so that the script's sleep goes with it.
      const child = spawn(command, command.endsWith('ptsleep') ? ['600'] : [], { stdio: 'ignore', detached: true });
      others.push(child);
      await once(child, 'spawn');
    }
    sleeper = spawn('bash', ['-c', 'exec -a ptools-pgrep-sleeper sleep 600'], { stdio: 'ignore' });
    await once(sleeper, 'spawn');
    // Until the exec is done, the child is still sh.
    for (let i = 0; i < 100 && !run(['pgrep', '-f', '^ptools-pgrep-sleeper']).stdout.length; i++) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(() => {
    sleeper?.kill();
    for (const child of others) if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  const same = (tool: string, args: string[]) => {
    const classic = run([tool, ...args]);
    expectSameRun(run(ours(tool, args)), classic);
    return classic;
  };
  it('pgrep -f, -a, -x, -n on a live process', () => {
    expect(same('pgrep', ['-f', '^ptools-pgrep-sleeper']).status).toBe(0);
    same('pgrep', ['-a', '-f', 'ptools-pgrep-sleeper 600']);
    same('pgrep', ['-x', '-l', 'sleep', '-P', String(sleeper?.pid)]);
    same('pgrep', ['-n', '-f', 'ptools-pgrep-sleeper']);
    // Our own session and process group (0), which the test's processes share with both tools.
    same('pgrep', ['-s', '0', '-f', 'ptools-pgrep-sleeper']);
    same('pgrep', ['-g', '0', '-x', 'sleep']);
  });
  it('pgrep -w leaves itself out, every thread of it', () => {
    // The pattern is in pgrep's own command line only: procps' pgrep is one thread, ours several.
    for (const args of [['-w', '-a', '-f', 'ptools-self-marker'], ['-w', '-c', '-f', 'ptools-self-marker']]) {
      expect(same('pgrep', args).status).toBe(1);
    }
  });
  it('pgrep -F reads a pid file, -L wants it locked', () => {
    const file = join(dir, 'pid');
    writeFileSync(file, `${sleeper?.pid}\n`);
    expect(same('pgrep', ['-F', file]).status).toBe(0);
    same('pgrep', ['-F', file, '-L']);
    writeFileSync(file, 'junk\n');
    same('pgrep', ['-F', file]);
    writeFileSync(file, `${sleeper?.pid}x`);
    same('pgrep', ['-F', file]);
  });
  it('pidof by argv[0] and by exe', () => {
    expect(same('pidof', ['ptools-pgrep-sleeper']).status).toBe(0);
    same('pidof', ['-c', 'ptools-pgrep-sleeper']);
    expect(same('pidof', [join(dir, 'ptsleep')]).status).toBe(0);
    same('pidof', ['ptsleep']);
    // A path is resolved (realpath) and compared with the exe links before any name.
    expect(same('pidof', [join(dir, 'ptlink')]).status).toBe(0);
    expect(same('pidof', ['ptscript']).status).toBe(1);
    expect(same('pidof', ['-x', 'ptscript']).status).toBe(0);
    same('pidof', ['-x', join(dir, 'ptscript')]);
    same('pidof', ['-o', '%PPID', 'ptools-pgrep-sleeper']);
    same('pidof', ['-x', '-s', '-d', ':', 'ptools-pgrep-sleeper', 'ptools-pgrep-sleeper']);
  });
});
