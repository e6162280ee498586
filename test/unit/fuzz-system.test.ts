// Property tests of the pure system-wide parsers (/proc/meminfo, /proc/vmstat, /proc/stat,
// /proc/diskstats, /sys/block/DEV/stat, /proc/uptime, /proc/loadavg, /proc/PID/mounts, utmp) on
// real files cut short, spliced with noise, or pure noise: no throw, no undefined or NaN in the
// result.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highestStatCpu, parseProcStatCpu, parseProcStatCpus, parseStatCounters, procpsStatUsable } from '../../src/core/cpu.js';
import { parseBlockStat, parseDiskstats, parseProcpsDiskstats, parseUptimeHundredths } from '../../src/core/disk.js';
import { parseMeminfo, parseVmstat, swapMemoryOf, virtualMemoryOf } from '../../src/core/memory.js';
import { parseMounts } from '../../src/core/mounts.js';
import { parseLoadavg } from '../../src/core/system.js';
import { countUsers, parseUtmp, UTMP_RECORD_SIZE } from '../../src/core/utmp.js';
import { RUNS, expectClean, fixtureFiles, kernelText } from './fuzz.js';

describe('fuzzed system parsers', () => {
  it('parseMeminfo, and the figures made from it', () => {
    fc.assert(
      fc.property(kernelText(fixtureFiles('meminfo')), (data) => {
        const meminfo = parseMeminfo(data.toString('latin1'));
        expectClean(meminfo);
        expectClean(virtualMemoryOf(meminfo));
        expectClean(swapMemoryOf(meminfo));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseVmstat', () => {
    fc.assert(
      fc.property(kernelText([readFileSync('/proc/vmstat')]), (data) => {
        expectClean(parseVmstat(data.toString('latin1')));
      }),
      { numRuns: RUNS },
    );
  });

  const U64 = (1n << 64n) - 1n;
  const jiffiesInRange = (jiffies: object) => {
    for (const value of Object.values(jiffies)) expect(typeof value === 'bigint' && value >= 0n && value <= U64).toBe(true);
  };

  // A cpuN label with more digits than a C int holds, as a damaged file may have.
  const DAMAGED_CPU_LABEL = Buffer.from(`cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu${'9'.repeat(400)} 1 2 3 4\ncpu4294967296 1 2\n`);

  it('parseProcStatCpu, parseProcStatCpus, parseStatCounters, procpsStatUsable and highestStatCpu of /proc/stat', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('stat', 400).filter((file) => file.subarray(0, 4).toString() === 'cpu '), readFileSync('/proc/stat'), DAMAGED_CPU_LABEL]), (data) => {
        const text = data.toString('latin1');
        const total = parseProcStatCpu(text);
        expectClean(total);
        if (total !== null) jiffiesInRange(total);
        for (const cpu of parseProcStatCpus(text)) {
          expectClean(cpu);
          expect(Number.isSafeInteger(cpu.id) && cpu.id >= 0).toBe(true);
          expect(cpu.counters >= 0 && cpu.counters <= 10).toBe(true);
          jiffiesInRange(cpu.jiffies);
        }
        jiffiesInRange(parseStatCounters(text));
        expect(typeof procpsStatUsable(text)).toBe('boolean');
        expectClean(highestStatCpu(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseDiskstats, parseBlockStat and parseUptimeHundredths', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('diskstats'), ...fixtureFiles('uptime', 8)]), (data) => {
        const text = data.toString('latin1');
        expectClean(parseDiskstats(text));
        expectClean(parseBlockStat(text));
        expectClean(parseUptimeHundredths(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseProcpsDiskstats: eleven counters per disk, or null as procps refuses the file', () => {
    fc.assert(
      fc.property(kernelText(fixtureFiles('diskstats')), (data) => {
        const disks = parseProcpsDiskstats(data.toString('latin1'));
        if (disks === null) return;
        for (const disk of disks) {
          expect(disk.name).toMatch(/^[^ \t\n\v\f\r]{1,34}$/);
          expect(disk.counters).toHaveLength(11);
          for (const counter of disk.counters) expect(typeof counter).toBe('bigint');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('parseLoadavg: three finite averages or null', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('loadavg'), readFileSync('/proc/loadavg')]), (data) => {
        expectClean(parseLoadavg(data.toString('latin1')));
      }),
      { numRuns: RUNS },
    );
  });

  // A line with every field escaped as the kernel's mangle() writes it (space, tab, newline,
  // backslash), so that the samples hold escapes on any machine.
  const ESCAPED = 'dev\\040name /mnt/a\\011b\\012c\\134d ext4 rw,relatime 0 0\n';

  it('parseMounts of /proc/self/mounts: four fields, options split on commas', () => {
    fc.assert(
      fc.property(kernelText([readFileSync('/proc/self/mounts'), Buffer.from(ESCAPED)]), (data) => {
        for (const mount of parseMounts(data.toString('latin1'))) {
          expectClean(mount);
          expect(mount.options.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // Login records as util-linux's utmpdump -r writes them (glibc's struct utmp).
  const UTMPDUMP = [
    '[7] [12345] [ts/0] [alice   ] [pts/0       ] [host.example        ] [192.168.1.10   ] [2026-11-23T10:00:00,000123+00:00]',
    '[6] [00077] [tty2] [LOGIN   ] [tty2        ] [                    ] [0.0.0.0        ] [2026-11-23T09:00:00,000000+00:00]',
    '[7] [00500] [ts/3] [bob     ] [pts/3       ] [fe80::1             ] [fe80::1        ] [2026-11-22T09:00:00,500000+00:00]',
  ].join('\n');

  it('parseUtmp: one record per whole 384 bytes, fields cut at their NUL', () => {
    const made = spawnSync('utmpdump', ['-r'], { input: `${UTMPDUMP}\n` });
    expect(made.status, 'utmpdump -r (util-linux)').toBe(0);
    const utmp = made.stdout;
    expect(utmp.length).toBe(3 * UTMP_RECORD_SIZE);
    const binary = fc.uint8Array({ maxLength: 3 * UTMP_RECORD_SIZE + 10 }).map((bytes) => Buffer.from(bytes));
    fc.assert(
      fc.property(fc.oneof(kernelText([utmp]), binary), (data) => {
        const records = parseUtmp(data);
        expect(records).toHaveLength(Math.floor(data.length / UTMP_RECORD_SIZE));
        for (const record of records) {
          expectClean(record);
          for (const text of [record.line, record.id, record.user, record.host]) expect(text).not.toContain('\0');
          expect(record.rawLine).toHaveLength(32);
          expect(record.rawHost).toHaveLength(256);
          expect(record.address).toHaveLength(16);
        }
        expectClean(countUsers(records));
      }),
      { numRuns: RUNS },
    );
  });
});
