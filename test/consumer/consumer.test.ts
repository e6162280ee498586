// The library as a separate package uses it: the packed tarball (dist/ as built) unpacked into a
// consumer's node_modules, imported from an ES module and required from CommonJS, driven on live
// processes (scenarios.cjs). npm install needs the registry for the command-line dependencies, so
// the tarball is unpacked where npm would put it and the dependencies are linked from this
// checkout; the addon built here is copied in, as the install script would have built it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../conformance/harness.js';

let consumer = '';

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'ptools-consumer-'));
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', consumer], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
  const installed = join(consumer, 'node_modules', 'ptools');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(consumer, packed), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies)) symlinkSync(join(REPO, 'node_modules', name), join(consumer, 'node_modules', name));
  mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
  copyFileSync(join(REPO, 'build', 'Release', 'ptools.node'), join(installed, 'build', 'Release', 'ptools.node'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { ptools: `file:${packed}` } }));
  copyFileSync(join(REPO, 'test', 'consumer', 'scenarios.cjs'), join(consumer, 'scenarios.cjs'));
  writeFileSync(join(consumer, 'esm.mjs'), "import * as ptools from 'ptools';\nimport run from './scenarios.cjs';\nawait run(ptools, process.argv[2], Number(process.argv[3]));\n");
  writeFileSync(join(consumer, 'cjs.cjs'), "const ptools = require('ptools');\nrequire('./scenarios.cjs')(ptools, process.argv[2], Number(process.argv[3]));\n");
});

afterAll(() => rmSync(consumer, { recursive: true, force: true }));

/** Runs one scenario in the consumer from FILE (under `prefix`, a command and its arguments) and returns what it reported. */
function scenario(file: 'esm.mjs' | 'cjs.cjs', name: string, extra = 0, prefix: string[] = []): Record<string, unknown> {
  const argv = [...prefix, process.execPath, file, name, String(extra)];
  const run = spawnSync(argv[0] as string, argv.slice(1), { cwd: consumer, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const line = run.stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(line) as { value: Record<string, unknown> }).value;
}

describe.each(['esm.mjs', 'cjs.cjs'] as const)('the installed package, loaded by %s', (file) => {
  it('reads fresh values: RSS grows by what the child allocated, without any refresh', () => {
    const { before, after } = scenario(file, 'freshValues') as { before: number; after: number };
    expect(after - before).toBeGreaterThan(190 * 1048576);
  });

  it('reads each /proc file once inside oneshot(), and again on every call outside', () => {
    // The kernel's record of the opens (strace), in the phases the scenario marks.
    const log = join(consumer, `oneshot-${file}.strace`);
    const { pid } = scenario(file, 'oneshotReads', 0, ['strace', '-f', '-qq', '-e', 'trace=%file', '-o', log]) as { pid: number };
    const opens: Record<string, Record<string, number>> = { inside: {}, outside: {} };
    let phase = '';
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      phase = /"\/ptools-phase-(\w+)"/.exec(line)?.[1] ?? phase;
      const file = new RegExp(`open(?:at)?\\(.*"/proc/${pid}/([^"]+)"`).exec(line)?.[1];
      const counts = opens[phase];
      if (file !== undefined && counts !== undefined) counts[file] = (counts[file] ?? 0) + 1;
    }
    expect(opens.inside).toEqual({ stat: 1, status: 1, cmdline: 1, statm: 1 });
    expect(opens.outside?.stat).toBeGreaterThan(5);
    expect(opens.outside?.status).toBeGreaterThan(3);
  });

  it('gives values that survive JSON.stringify', () => {
    const result = scenario(file, 'jsonRoundTrip') as { broken: string[]; keys: string[]; asDictKeys: string[]; childFound: boolean; kernelThread: Record<string, unknown> };
    expect(result.broken).toEqual([]);
    expect(result.keys).toHaveLength(28);
    expect(result.kernelThread).toEqual({ exe: '', cmdline: [], environ: {} });
    expect(result.asDictKeys).toContain('memoryFullInfo');
    expect(result.childFound).toBe(true);
  });

  it('signals a child, and wait() answers its exit code (or minus the signal)', () => {
    expect(scenario(file, 'signals')).toEqual({ stopped: 'stopped', code: 7, timedOut: 'TimeoutExpired', terminated: -15, afterEnd: 'NoSuchProcess', again: -15 });
  });

  it('refuses a pid that now belongs to another process', () => {
    const result = scenario(file, 'reusedPid');
    expect(result).toEqual({ attempt: expect.any(Number), refused: 'NoSuchProcess', niceRefused: 'NoSuchProcess', running: false, newRunning: true, stillThere: true });
  });
});

describe('node -e', () => {
  // There a global __filename names "[eval]": the package root is found from the module's URL.
  it.each([
    ["import('ptools').then((m) => console.log(typeof m.Process, m.cpuCount() > 0))"],
    ["const m = require('ptools'); console.log(typeof m.Process, m.cpuCount() > 0)"],
  ])('loads the package and its addon: %s', (code) => {
    const run = spawnSync(process.execPath, ['-e', code], { cwd: consumer, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('function true\n');
  });
});

describe("the README's examples", () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The library'), readme.indexOf('## Development'));
  const examples = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

  it('are there: system, many processes, one process', () => {
    expect(examples).toHaveLength(3);
  });

  it.each(examples.map((code, i) => [i + 1, code] as const))('run as written in the consumer (example %i)', (i, code) => {
    const file = join(consumer, `readme-${i}.mjs`);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, [file], { cwd: consumer, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    // The comments of the examples say what these lines print.
    if (i === 1) expect(lines.slice(0, 2)).toEqual(['true true true', 'true true']);
    if (i === 3) expect([lines[0]?.split(' ').slice(0, 3).join(' '), lines[3], lines[4]]).toEqual(['sleep true true', '-15', 'true']);
    expect(lines.every((line) => !line.includes('false'))).toBe(true);
  });
});

describe('the asynchronous scan', () => {
  it('does not hold a 5 ms interval timer back by more than 20 ms while it reads 5,000 extra processes', () => {
    // Under SCHED_FIFO (chrt), so that what delays the timer is the scan and not the other work
    // of a busy machine: on two shared CPUs an ordinary process is itself held back by 20-50 ms.
    const result = scenario('esm.mjs', 'asyncScan', 5000, ['chrt', '-f', '10']) as Record<'processes' | 'worstProcesses' | 'iterated' | 'worstIterated' | 'children' | 'worstChildren', number[]> & { childrenAsSync: boolean[] };
    for (const count of [...result.processes, ...result.iterated]) expect(count).toBeGreaterThan(5000);
    // Process.children() of the shell that forked the 5,000 sleeps: each of them, as childrenSync() finds them.
    expect(result.children).toEqual([5000, 5000, 5000]);
    expect(result.childrenAsSync).toEqual([true, true, true]);
    // The best of three rounds (see scenarios.cjs): a loop held by the scan is late in all three.
    expect(Math.min(...result.worstProcesses)).toBeLessThan(20);
    expect(Math.min(...result.worstIterated)).toBeLessThan(20);
    expect(Math.min(...result.worstChildren)).toBeLessThan(20);
  });
});
