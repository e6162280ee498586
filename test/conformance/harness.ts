// Runs a classic tool and ours on the same frozen /proc (and /sys) files: each file of a fixture
// tree is bind-mounted over its live counterpart inside a private mount namespace (unshare -m),
// so both programs read exactly the same bytes through the real paths.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(REPO, 'test/fixtures');

/** What a command wrote, as the bytes it wrote: nothing is decoded before it is compared. */
export interface RunResult {
  stdout: Buffer;
  stderr: Buffer;
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** The same environment for both sides: C locale (free's decimal point and iostat's %x depend on it), UTC. */
export const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/root' };

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Runs a command to its end and keeps its output as bytes. */
export function run(command: readonly string[], options: RunOptions = {}): RunResult {
  const [file = '', ...args] = command;
  const result = spawnSync(file, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? ENV,
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

/**
 * Bytes as text for a test's diff: printable ASCII and newlines stay as they are, a backslash is
 * doubled and every other byte becomes \xHH. The mapping is one to one, so equal texts mean equal
 * bytes, and a cut UTF-8 sequence or a stray byte shows where it is.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a || (byte >= 0x20 && byte < 0x7f)) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** A run as escaped text (see escapeBytes), for comparisons whose failures must be readable. */
export function shown(result: RunResult): { stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null } {
  return { stdout: escapeBytes(result.stdout), stderr: escapeBytes(result.stderr), status: result.status, signal: result.signal };
}

/** The two runs wrote the same bytes to stdout and stderr and ended the same way. */
export function expectSameRun(mine: RunResult, classic: RunResult): void {
  expect(shown(mine)).toEqual(shown(classic));
}

/**
 * For live figures that other processes move (a page stops being shared when the last other
 * process mapping it exits, so a USS grows): ours is compared with the classic tool's output only
 * when the classic tool printed the same bytes just before and just after ours. A page can also
 * change and change back while ours alone runs (another `sleep` exits and a new one maps the same
 * text), so a quiet moment where ours differs is tried again; the test fails when no try of
 * `tries` had ours equal to a quiet classic pair, and shows the last difference.
 */
export function expectSameRunBracketed(mine: () => RunResult, classic: () => RunResult, tries = 5): void {
  let before = classic();
  let difference: [RunResult, RunResult] | undefined;
  for (let i = 0; i < tries; i++) {
    const ours = mine();
    const after = classic();
    if (Buffer.compare(before.stdout, after.stdout) === 0) {
      if (isDeepStrictEqual(shown(ours), shown(after))) return;
      difference = [ours, after];
    }
    before = after;
  }
  expectSameRun(...(difference ?? [mine(), before]));
}

/** How a fixture replaces live files: some directories (e.g. sys/block) whole, extra environment. */
export interface FrozenOptions {
  /** Directories of the fixture bound over their live counterpart as a whole, so that entries the live one has and the fixture lacks disappear. */
  readonly wholeDirectories?: readonly string[];
  /** Added to the environment of the command (e.g. S_TIME_FORMAT). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Every regular file below a fixture (and each whole directory), as [file in the fixture, live path it replaces]. */
export function fixtureMounts(fixture: string, options: FrozenOptions = {}): Array<[string, string]> {
  return treeMounts(join(FIXTURES, fixture), options.wholeDirectories ?? []);
}

function treeMounts(base: string, wholeDirectories: readonly string[]): Array<[string, string]> {
  const mounts: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const rel = relative(base, path);
      if (statSync(path).isDirectory() && !wholeDirectories.includes(rel)) walk(path);
      else mounts.push([path, `/${rel}`]);
    }
  };
  walk(base);
  return mounts;
}

// Binds each pair, then execs the command; a failed mount exits 99 so it cannot pass as output.
const MOUNT_AND_EXEC = 'while [ "$1" != -- ]; do mount --bind "$1" "$2" || exit 99; shift 2; done; shift; exec "$@"';

export function runFrozen(fixture: string, command: readonly string[], options: FrozenOptions = {}): RunResult {
  const mounts = fixtureMounts(fixture, options).flat();
  const result = spawnSync(
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', MOUNT_AND_EXEC, 'sh', ...mounts, '--', ...command],
    { cwd: REPO, env: { ...ENV, ...options.env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status === 99) throw new Error(`mounting fixture ${fixture} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

export interface SequenceOptions extends FrozenOptions {
  /** Send SIGINT to the command this long after its first report. */
  readonly sigintAfterMs?: number;
}

// Reports come a second apart; the pieces of one report (sysstat flushes its banner before the
// first read), milliseconds apart.
const REPORT_GAP_MS = 300;

/**
 * Like runFrozen, over a sequence of fixtures with the same files: the first is mounted (from a
 * copy), and each next one is written over that copy in place while the command runs, so that a
 * command reporting every second reads one fixture per report. Both tools read a sample as they
 * print its report and then wait an interval before the next read, so fixture k + 1 is written
 * REPORT_GAP_MS after report k begins to arrive (a report being a burst of output at least
 * REPORT_GAP_MS after the previous one). Each write is anchored to the report it follows, so
 * neither a slow start nor a late timer on a loaded machine shifts which fixture a sample reads.
 */
export async function runFrozenSequence(fixtures: readonly string[], command: readonly string[], options: SequenceOptions = {}): Promise<RunResult> {
  const [first, ...rest] = fixtures;
  if (first === undefined) throw new Error('runFrozenSequence needs a fixture');
  const copy = mkdtempSync(join(tmpdir(), 'ptools-frozen-'));
  cpSync(join(FIXTURES, first), copy, { recursive: true });
  const whole = options.wholeDirectories ?? [];
  const mounts = treeMounts(copy, whole).flat();
  const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', MOUNT_AND_EXEC, 'sh', ...mounts, '--', ...command], {
    cwd: REPO,
    env: { ...ENV, ...options.env },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const timers: NodeJS.Timeout[] = [];
  let written = 0;
  let lastChunkAt = -Infinity;
  child.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    if (now - lastChunkAt >= REPORT_GAP_MS) {
      if (stdout.length === 0 && options.sigintAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGINT'), options.sigintAfterMs));
      const fixture = rest[written++];
      if (fixture !== undefined) timers.push(setTimeout(() => writeFixture(fixture, copy), REPORT_GAP_MS));
    }
    lastChunkAt = now;
    stdout.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const [status, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  for (const timer of timers) clearTimeout(timer);
  rmSync(copy, { recursive: true, force: true });
  if (status === 99) throw new Error(`mounting fixture ${first} failed: ${Buffer.concat(stderr).toString()}`);
  return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), status, signal };
}

function writeFixture(fixture: string, copy: string): void {
  for (const [from, to] of treeMounts(join(FIXTURES, fixture), [])) writeFileSync(join(copy, to), readFileSync(from));
}

/** Our command as the classic one would be run: `node bin/pt-TOOL.js ARGS`. */
export function ours(tool: string, args: readonly string[]): string[] {
  return [process.execPath, join(REPO, 'bin', `pt-${tool}.js`), ...args];
}

function works(command: string, args: readonly string[]): boolean {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/**
 * Why the comparison cannot run here, or null when it can. Under CI (CI=true) a missing tool or a
 * missing unshare is a failure, not a skip: callers throw the reason instead of skipping.
 */
export function unavailableReason(classic: string): string | null {
  if (!works('sh', ['-c', `command -v ${classic}`])) return `${classic} is not installed`;
  if (!works('unshare', ['-m', '--propagation', 'private', 'true'])) return 'unshare -m is not permitted (needs root)';
  return null;
}

export const IN_CI = process.env.CI === 'true';

// A whole frozen process table: the fixture's proc/ replaces /proc, and its etc/passwd and
// etc/group (when present) replace the user database, inside new mount and pid namespaces. The
// command runs as pid 1 there, so /proc/self is the fixture's pid 1 for both tools. The clock
// is pinned with libfaketime, since START and STIME columns compare start times with "now".
const TREE_AND_EXEC =
  'mount --bind "$1/proc" /proc || exit 99; ' +
  'for f in passwd group; do [ -f "$1/etc/$f" ] && { mount --bind "$1/etc/$f" "/etc/$f" || exit 99; }; done; ' +
  'shift; exec "$@"';

/** libfaketime itself: the faketime wrapper forks, and the command must stay pid 1. */
export function fakeTimeLibrary(): string | null {
  const found = spawnSync('sh', ['-c', 'ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1'], { encoding: 'utf8' });
  return found.stdout.trim() || null;
}

/**
 * `now` is libfaketime's absolute time, e.g. "2026-11-23 12:00:00": the clock stands still there
 * for both tools however slowly each starts (the "@" form would let it run from there). The
 * monotonic clock stays real, so that sleeps still end. `env` is added to the C locale's.
 */
export function runInProcTree(fixture: string, command: readonly string[], now: string, env: Readonly<Record<string, string>> = {}): RunResult {
  const library = fakeTimeLibrary();
  if (library === null) throw new Error('libfaketime is not installed');
  const result = spawnSync(
    'unshare',
    ['-m', '-p', '-f', '--propagation', 'private', 'sh', '-c', TREE_AND_EXEC, 'sh', join(FIXTURES, fixture), 'env', `LD_PRELOAD=${library}`, `FAKETIME=${now}`, 'FAKETIME_DONT_FAKE_MONOTONIC=1', ...command],
    { cwd: REPO, env: { ...ENV, ...env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status === 99) throw new Error(`mounting fixture ${fixture} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}
