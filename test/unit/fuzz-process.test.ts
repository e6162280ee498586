// Property tests of the pure /proc/PID parsers: on real files cut short, spliced with noise, or
// pure noise, a parser returns a record with no undefined or NaN, or throws its documented error.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseCmdline, parseEnviron, parseIds, parseStat, parseStatm, parseStatus, statusBytes } from '../../src/core/process/parsers.js';
import { parseFdinfo, parseIo } from '../../src/core/process/details.js';
import { parseMapsLine, parseSmapsDetail, parseSmapsMapping, parseVmFlags } from '../../src/core/process/maps.js';
import { parseMemoryMaps, parseSmapsRollup, sumSmaps } from '../../src/core/process/smaps.js';
import { parseSmemMaps, smemTotals } from '../../src/tools/smem/smaps.js';
import { RUNS, expectClean, expectOnlyDocumentedThrow, fixtureFiles, kernelText } from './fuzz.js';

const malformed = (what: string) => (error: unknown) => error instanceof Error && error.message.startsWith(`malformed ${what}`);

describe('fuzzed /proc/PID parsers', () => {
  it('parseStat: a record or "malformed /proc/PID/stat"', () => {
    fc.assert(
      fc.property(kernelText(fixtureFiles('stat')), (data) => {
        expectOnlyDocumentedThrow(() => parseStat(data), malformed('/proc/PID/stat'));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseStatus, parseIds and statusBytes: strings, ids or "malformed id line", bytes or null', () => {
    fc.assert(
      fc.property(kernelText(fixtureFiles('status')), (data) => {
        const status = parseStatus(data);
        for (const key of ['Name', 'State', 'Tgid', 'PPid', 'Threads']) {
          const value = status.get(key);
          if (value !== undefined && typeof value !== 'string') throw new Error(`${key}: ${String(value)}`);
        }
        for (const key of ['Uid', 'Gid']) expectOnlyDocumentedThrow(() => parseIds(status.get(key)), malformed('id line'));
        for (const key of ['VmRSS', 'VmSwap', 'VmLck', 'RssAnon']) expectClean(statusBytes(status, key), key);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseStatm: a record or "malformed /proc/PID/statm"', () => {
    fc.assert(
      fc.property(kernelText(fixtureFiles('statm')), (data) => {
        expectOnlyDocumentedThrow(() => parseStatm(data), malformed('/proc/PID/statm'));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseCmdline and parseEnviron never throw', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('cmdline', 16), ...fixtureFiles('environ', 16)]), (data) => {
        expectClean(parseCmdline(data));
        expectClean(parseEnviron(data));
      }),
      { numRuns: RUNS },
    );
  });

  it('smaps and smaps_rollup: psutil sums, mappings, smem sums (JS and addon) or smem\'s "smaps:" failure', () => {
    const smemFailure = (error: unknown) => error instanceof Error && error.message.startsWith('smaps: ');
    fc.assert(
      fc.property(kernelText([...fixtureFiles('smaps', 8), ...fixtureFiles('smaps_rollup', 8)]), (data) => {
        const text = data.toString('latin1');
        expectClean(parseSmapsRollup(text));
        expectClean(sumSmaps(text));
        expectClean(parseMemoryMaps(text, () => false));
        expectOnlyDocumentedThrow(() => parseSmemMaps(text), smemFailure);
        expectClean(smemTotals(data));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseIo and parseFdinfo of this process\'s own files: a record or their "no ... line" error', () => {
    const fdinfo = readdirSync('/proc/self/fdinfo').slice(0, 4).map((fd) => readFileSync(`/proc/self/fdinfo/${fd}`));
    fc.assert(
      fc.property(kernelText([readFileSync('/proc/self/io'), ...fdinfo]), (data) => {
        const text = data.toString('latin1');
        expectOnlyDocumentedThrow(() => parseIo(text), (error) => error instanceof Error && /^\/proc\/PID\/io has no \w+ line$/.test(error.message));
        expectOnlyDocumentedThrow(() => parseFdinfo(text), (error) => error instanceof Error && error.message === 'fdinfo has no pos or flags line');
      }),
      { numRuns: RUNS },
    );
  });

  it('pmap\'s line parsers of maps and smaps: a record or null', () => {
    fc.assert(
      fc.property(kernelText([...fixtureFiles('maps', 3), ...fixtureFiles('smaps', 4)]), (data) => {
        for (const line of data.toString('latin1').split('\n')) {
          expectClean(parseMapsLine(line));
          expectClean(parseSmapsMapping(line));
          expectClean(parseSmapsDetail(line));
          expectClean(parseVmFlags(line));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
