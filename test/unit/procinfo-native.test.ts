// The addon's calls behind pt-procinfo, checked against what /proc says in text: the affinity
// against Cpus_allowed_list, the limits against /proc/self/limits, and the smaps summer against
// the TypeScript one.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoSuchProcess } from '../../src/core/errors.js';
import { binding } from '../../src/core/native.js';
import { Process } from '../../src/core/process/process.js';
import { sumSmaps } from '../../src/core/process/smaps.js';
import { fixtureSmapsFiles } from '../conformance/smem-fixture.js';

const self = new Process(process.pid);

function cpuList(text: string): number[] {
  return text
    .trim()
    .split(',')
    .flatMap((part) => {
      const [from = '', to = from] = part.split('-');
      return Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => Number(from) + i);
    });
}

describe('procinfo syscalls', () => {
  it('sched_getaffinity agrees with Cpus_allowed_list', () => {
    const line = /^Cpus_allowed_list:\s*(.*)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    expect(self.cpuAffinity()).toEqual(cpuList(line));
  });

  it('prlimit agrees with /proc/self/limits', () => {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const value = (label: string) => {
      const match = new RegExp(`^${label}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(text);
      return [match?.[1], match?.[2]].map((v) => (v === 'unlimited' ? -1 : Number(v)));
    };
    const limits = self.rlimits();
    expect(Object.keys(limits)).toHaveLength(16);
    expect(Object.values(limits.RLIMIT_NOFILE ?? {})).toEqual(value('Max open files'));
    expect(Object.values(limits.RLIMIT_STACK ?? {})).toEqual(value('Max stack size'));
    expect(Object.values(limits.RLIMIT_AS ?? {})).toEqual(value('Max address space'));
    expect(Object.values(limits.RLIMIT_LOCKS ?? {})).toEqual(value('Max file locks'));
    expect(self.rlimit('RLIMIT_NOFILE')).toEqual(limits.RLIMIT_NOFILE);
    expect(self.rlimit(7)).toEqual(limits.RLIMIT_NOFILE);
  });

  it('ioprio_get answers a class 0..3 and a value 0..7', () => {
    const { ioclass, value } = self.ionice();
    expect(ioclass).toBeGreaterThanOrEqual(0);
    expect(ioclass).toBeLessThanOrEqual(3);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(7);
  });

  it('maps errno to the error model', async () => {
    // A process that ended after its Process was made: the calls refuse it.
    const child = spawn('sleep', ['60']);
    await once(child, 'spawn');
    const gone = new Process(child.pid as number);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(() => gone.ionice()).toThrow(NoSuchProcess);
    expect(() => gone.cpuAffinity()).toThrow(NoSuchProcess);
    expect(() => gone.rlimits()).toThrow(NoSuchProcess);
    expect(binding().prlimit(2 ** 22 + 1, 7)).toBe(-3);
  });

  it('refuses a pid or resource that is no int32 instead of wrapping or cutting it', () => {
    // Int32Value() made 2^32 + 7 resource 7 (RLIMIT_NOFILE) and 1.5 resource 1.
    const limits = binding().prlimit(process.pid, 7);
    expect(Array.isArray(limits)).toBe(true);
    for (const resource of [2 ** 32 + 7, 1.5, -(2 ** 31) - 1, Number.NaN, Infinity]) expect(() => binding().prlimit(process.pid, resource)).toThrow(TypeError);
    for (const pid of [2 ** 32 + process.pid, process.pid + 0.5]) {
      expect(() => binding().prlimit(pid, 7)).toThrow(TypeError);
      expect(() => binding().ioprioGet(pid)).toThrow(TypeError);
      expect(() => binding().schedGetaffinity(pid)).toThrow(TypeError);
    }
  });
});

describe('native smaps summer', () => {
  // Captured smaps files do not move between the two reads, so the sums must be equal.
  const files = fixtureSmapsFiles();

  it.each(files)('sums what the TypeScript summer sums (%s)', (file) => {
    const data = readFileSync(file);
    const [uss, pss, swap] = binding().sumSmaps(data);
    expect({ uss: uss * 1024, pss: pss * 1024, swap: swap * 1024 }).toEqual(sumSmaps(data.toString('latin1')));
  });

  it('sums a hand-written smaps as the kernel lays it out', () => {
    const text = [
      '00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon',
      'Size:                328 kB',
      'Pss:                  17 kB',
      'Private_Clean:         5 kB',
      'Private_Dirty:         7 kB',
      'Private_Hugetlb:       1 kB',
      'Swap:                  3 kB',
      'SwapPss:               9 kB',
      'VmFlags: rd ex mr mw me dw',
      '7fff0000-7fff1000 rw-p 00000000 00:00 0 [stack]',
      'Pss:                   4 kB',
      'Private_Dirty:         4 kB',
      'Swap:                  1 kB',
    ].join('\n');
    expect(binding().sumSmaps(Buffer.from(text))).toEqual([17, 21, 4]);
    const figures = sumSmaps(text);
    expect([figures.uss, figures.pss, figures.swap]).toEqual([17 * 1024, 21 * 1024, 4 * 1024]);
    expect(binding().sumSmaps(Buffer.alloc(0))).toEqual([0, 0, 0]);
  });
});
