// Property tests of the pure system-wide parsers (/proc/meminfo, /proc/vmstat, /proc/stat,
// /proc/diskstats, /sys/block/DEV/stat, /proc/uptime) on real files cut short, spliced with noise,
// or pure noise: no throw, no undefined or NaN in the result.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { highestStatCpu, parseProcStatCpu } from '../../src/core/cpu.js';
import { parseBlockStat, parseDiskstats, parseUptimeHundredths } from '../../src/core/disk.js';
import { parseMeminfo, parseVmstat, swapMemoryOf, virtualMemoryOf } from '../../src/core/memory.js';
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

  it('parseProcStatCpu and highestStatCpu of /proc/stat', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('stat', 400).filter((file) => file.subarray(0, 4).toString() === 'cpu '), readFileSync('/proc/stat')]), (data) => {
        const text = data.toString('latin1');
        expectClean(parseProcStatCpu(text));
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
});
