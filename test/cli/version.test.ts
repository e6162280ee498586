// -V and --version: every command whose classic tool prints a version prints the classic text with
// ptools' version added to its first line; a command whose classic tool has no such option has none
// either. The table of commands is the one the dispatcher uses, so a new command is checked too.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/cli/tool.js';
import { ENV, IN_CI, REPO } from '../conformance/harness.js';

const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function run(command: string, args: readonly string[]): { stdout: string; stderr: string; status: number | null } | null {
  const result = spawnSync(command, args, { cwd: REPO, env: ENV, encoding: 'utf8' });
  if (result.error) return null;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe.each(TOOLS.filter((tool) => !tool.own).map((tool) => tool.name))('%s', (name) => {
  it.each(['-V', '--version'])(`${name} %s`, (flag) => {
    const classic = run(name, [flag]);
    // psutil's scripts are not on PATH under their own names, and have no version option.
    if (classic === null && IN_CI && !['procsmem', 'procinfo'].includes(name)) throw new Error(`${name} is not installed`);
    const mine = run(process.execPath, [join(REPO, 'bin', `pt-${name}.js`), flag]);
    if (classic !== null && classic.status === 0) {
      // The classic text is on the stream the classic tool uses (psmisc's pstree prints it to stderr).
      const stream = classic.stdout === '' ? 'stderr' : 'stdout';
      const [first, ...rest] = classic[stream].split('\n');
      expect(mine).toEqual({ ...classic, [stream]: [`${first} (ptools ${version})`, ...rest].join('\n') });
    } else {
      expect(mine?.status).not.toBe(0);
      expect(mine?.stdout).not.toContain('ptools');
      expect(mine?.stderr).not.toContain('ptools');
    }
  });
});

// A command of ptools' own has no classic text to extend: it names itself and ptools' version.
describe.each(TOOLS.filter((tool) => tool.own).map((tool) => tool.name))('%s (ptools\' own)', (name) => {
  it.each(['-V', '--version'])(`${name} %s`, (flag) => {
    expect(run(process.execPath, [join(REPO, 'bin', `pt-${name}.js`), flag])).toEqual({ stdout: `pt-${name} (ptools ${version})\n`, stderr: '', status: 0 });
  });
});
