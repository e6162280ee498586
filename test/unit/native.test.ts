import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysconf } from '../../src/core/system.js';
import { groupById, groupName, userById, userName } from '../../src/core/users.js';

const getconf = (name: string) => Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());

describe('sysconf', () => {
  it('agrees with getconf', () => {
    expect(sysconf()).toEqual({
      clockTicks: getconf('CLK_TCK'),
      pageSize: getconf('PAGESIZE'),
      onlineCpus: getconf('_NPROCESSORS_ONLN'),
    });
  });
});

describe('user and group lookups', () => {
  const passwdRoot = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[2] === '0');

  it('resolve through NSS as getent does', () => {
    expect(passwdRoot).toBeDefined();
    const entry = userById(0);
    expect(entry).toEqual({
      name: passwdRoot?.[0],
      uid: 0,
      gid: Number(passwdRoot?.[3]),
      gecos: passwdRoot?.[4],
      home: passwdRoot?.[5],
      shell: passwdRoot?.[6],
    });
    expect(execFileSync('getent', ['group', '0'], { encoding: 'utf8' }).split(':')[0]).toBe(groupById(0)?.name);
  });

  it('answer null for ids without an entry, and names fall back to the number', () => {
    expect(userById(3999999999)).toBeNull();
    expect(groupById(3999999999)).toBeNull();
    expect(userName(3999999999)).toBe('3999999999');
    expect(groupName(3999999999)).toBe('3999999999');
  });

  it('cache each id', () => {
    expect(userById(0)).toBe(userById(0));
  });
});

describe('terminalOn and isTerminal', () => {
  // A child whose stdin and stdout are a pseudo-terminal of 123 columns and 37 rows (set with
  // TIOCSWINSZ) and whose stderr is a pipe reports what the addon sees on each.
  const ASK = `
const terminal = await import(process.argv[1]);
process.stderr.write(JSON.stringify([terminal.terminalOn(1), terminal.terminalOn(2), terminal.isTerminal(0), terminal.isTerminal(2)]));
`;
  const RUN_ON_PTY = `
import fcntl, os, pty, struct, subprocess, sys, termios
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 37, 123, 0, 0))
run = subprocess.run(sys.argv[1:], stdin=slave, stdout=slave, stderr=subprocess.PIPE)
sys.stdout.write(run.stderr.decode())
`;
  it('give the window size of a terminal, as TIOCGWINSZ does, and null for a pipe', () => {
    const module = new URL('../../dist/lib/core/terminal.js', import.meta.url).pathname;
    const answer = execFileSync('python3', ['-c', RUN_ON_PTY, process.execPath, '--input-type=module', '-e', ASK, module], { encoding: 'utf8' });
    expect(JSON.parse(answer)).toEqual([{ columns: 123, rows: 37 }, null, true, false]);
  });

  it('say /dev/null and a pipe are no terminal', () => {
    const module = new URL('../../dist/lib/core/terminal.js', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', ASK, module], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    expect(JSON.parse(run.stderr)).toEqual([null, null, false, false]);
  });
});
