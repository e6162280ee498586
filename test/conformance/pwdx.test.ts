// pt-pwdx against procps-ng's pwdx on live processes: working directories with odd bytes, removed,
// deep or the root, a zombie, a kernel thread, pids given as NNN or /proc/NNN, and every kind of
// bad argument, byte for byte.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, unavailableReason } from './harness.js';

const reason = unavailableReason('pwdx');

describe(`pwdx conformance${reason ? ` (cannot run: ${reason})` : ''}`, () => {
  if (reason) {
    it.runIf(IN_CI)('has pwdx and unshare', () => {
      throw new Error(reason);
    });
    it.skipIf(IN_CI)(`skipped: ${reason}`, () => {});
    return;
  }
  let dir = '';
  const children: ChildProcess[] = [];
  const pids: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptools-pwdx-'));
    // A plain name, one with a space and a newline, and one whose bytes are not UTF-8 (Node
    // cannot take that as a cwd: its process starts there through the shell).
    const starts: Array<[string, string[], string | undefined]> = [
      ['sleep', ['600'], join(dir, 'plain')],
      ['sleep', ['600'], join(dir, 'with space\nand newline')],
      ['sh', ['-c', 'mkdir "$(printf "%s/bad\\377\\376" "$1")" && cd "$(printf "%s/bad\\377\\376" "$1")" && exec sleep 600', 'sh', dir], undefined],
    ];
    // A working directory removed under the process (" (deleted)"), one deeper than 255 bytes, the
    // root, and a zombie (a child of sleep, which never reaps it: its cwd link is gone).
    const long = join(dir, ...Array.from({ length: 8 }, (_, i) => `${String(i).repeat(60)}`));
    starts.push(['sleep', ['600'], join(dir, 'removed')], ['sleep', ['600'], long], ['sleep', ['600'], '/']);
    for (const [command, args, cwd] of starts) {
      if (cwd !== undefined && cwd !== '/') mkdirSync(cwd, { recursive: true });
      const child = spawn(command, args, { cwd: cwd ?? dir, stdio: 'ignore' });
      children.push(child);
      await once(child, 'spawn');
      pids.push(String(child.pid));
    }
    rmdirSync(join(dir, 'removed'));
    const zombieParent = spawn('sh', ['-c', 'true & echo $!; exec sleep 600'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(zombieParent);
    const [line] = (await once(zombieParent.stdout as NodeJS.EventEmitter, 'data')) as [Buffer];
    pids.push(line.toString().trim());
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(() => {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const CASES: Array<(p: string[]) => string[]> = [
    (p) => [p[0] as string],
    (p) => [...p],
    (p) => [`/proc/${p[0]}`, p[1] as string],
    (p) => [p[0] as string, '999999999', p[1] as string],
    (p) => [p[0] as string, 'abc', p[1] as string],
    () => ['0'],
    () => ['-5'],
    () => ['+1'],
    () => [' 1'],
    () => ['1x'],
    () => ['/proc/'],
    () => ['/proc/abc'],
    () => ['99999999999999999999'],
    () => ['4194304'],
    () => ['--', '-1'],
    () => [],
    () => ['-z'],
    () => ['--bogus'],
    () => ['--help'],
    () => ['-h', '1'],
    (p) => ['--', p[2] as string],
    (p) => [p[3] as string],
    (p) => [p[4] as string],
    (p) => [p[5] as string, p[0] as string],
    (p) => [p[6] as string, p[0] as string],
    () => ['2'],
    () => [String(process.pid)],
    (p) => [`000${p[0]}`],
    () => ['/proc/self'],
    () => ['self'],
  ];
  CASES.forEach((args, i) => {
    it(`pwdx case ${i + 1}`, () => {
      const argv = args(pids);
      const classic = run(['pwdx', ...argv]);
      expectSameRun(run(ours('pwdx', argv)), classic);
    });
  });
  it('pwdx --json: [{pid, cwd}] for the pids that could be read', () => {
    const readable = pids.slice(0, 3);
    const json = JSON.parse(run(ours('pwdx', ['--json', ...readable])).stdout.toString()) as Array<{ pid: number; cwd: string }>;
    expect(json.map((row) => row.pid)).toEqual(readable.map(Number));
    expect(json[0]?.cwd).toBe(`${dir}/plain`);
    expect(run(['pwdx', pids[2] as string]).stdout.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
  });
});
