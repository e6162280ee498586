import { execFileSync } from 'node:child_process';
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
