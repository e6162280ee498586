// Every command with /proc unmounted (an empty tmpfs over it in a mount namespace of its own),
// against the classic tool in the same state: procps' ps and top stop at once (status 47), uptime
// gives up, w prints an empty summary line, pstree says /proc is empty, ifconfig and netstat -i
// warn and list SIOCGIFCONF's interfaces, the others report what they cannot read as their
// classic tool does.
import { describe, it } from 'vitest';
import { expectSameRun, IN_CI, ours, run, unavailableReason, type RunResult } from './harness.js';

const CLASSIC = ['ps', 'top', 'free', 'uptime', 'w', 'pgrep', 'pidof', 'pstree', 'pwdx', 'pmap', 'vmstat', 'iostat', 'netstat', 'ifconfig', 'smem'];
const missing = CLASSIC.map(unavailableReason).find((reason) => reason !== null) ?? null;
if (missing && IN_CI) throw new Error(missing);

const CASES: ReadonlyArray<readonly string[]> = [
  ['ps', '-p', '1'],
  ['ps', 'aux'],
  ['ps', '--help'],
  ['ps', '-V'],
  ['ps', '--bogus'],
  ['top', '-b', '-n', '1'],
  ['top', '-h'],
  ['free'],
  ['free', '-h', '-s', '1', '-c', '2'],
  ['uptime'],
  ['uptime', '-p'],
  ['uptime', '-s'],
  ['w'],
  ['w', '-h'],
  ['w', '-s', 'root'],
  ['pgrep', 'sleep'],
  ['pgrep', '-c', '-u', 'root', 'x'],
  ['pidof', 'sleep'],
  ['pstree'],
  ['pstree', '-p', '1'],
  ['pwdx', '1'],
  ['pmap', '1'],
  ['pmap', '-x', 'self'],
  ['vmstat'],
  ['vmstat', '-s'],
  ['vmstat', '-d'],
  ['iostat'],
  ['netstat', '-ant'],
  ['netstat', '-s'],
  ['netstat', '-i'],
  ['ifconfig'],
  ['ifconfig', '-a'],
  ['ifconfig', 'lo'],
  ['smem'],
];

/** The command with an empty /proc: a tmpfs mounted over it in a private mount namespace. */
function withoutProc(command: readonly string[]): RunResult {
  return run(['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /proc || exit 99; exec "$@"', 'sh', ...command]);
}

describe.skipIf(missing !== null && !IN_CI)(`without /proc${missing ? ` (skipped: ${missing})` : ''}`, () => {
  for (const [tool, ...args] of CASES) {
    it(`${tool} ${args.join(' ')}`, () => {
      expectSameRun(withoutProc(ours(tool as string, args)), withoutProc([tool as string, ...args]));
    });
  }
});
