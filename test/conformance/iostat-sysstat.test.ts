// sysstat's own iostat test corpus (tag v12.6.1, imported by test/fixtures/import-sysstat-corpus.mjs):
// each test script's arguments replayed through pt-iostat over the same fake roots, compared byte
// for byte with sysstat's expected file. sysstat's test build fixes uname to
// "Linux 1.2.3-TEST (SYSSTAT.TEST) x86_64", the clock to the epoch (moving on by the interval at
// each report), reads sample N from rootN through the tests/root link it re-points at each step,
// and ends like SIGINT when no next root exists; ours is told the same with PTOOLS_UNAME,
// PTOOLS_CLOCK, PTOOLS_REPLAY and PTOOLS_LINK.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeBytes, FIXTURES, ours, run } from './harness.js';

interface CorpusCase {
  test: string;
  root: string;
  env: Record<string, string>;
  args: string[];
  expected: string;
}

const CORPUS = join(FIXTURES, 'iostat-sysstat');
const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as CorpusCase[];

/**
 * sysstat's scripts that give iostat an alternate directory (-f/+f tests/root/...), listed from
 * its tests/ directory: they must be in the corpus and run like every other case.
 */
const ALTERNATE_DIRECTORY_CASES = ['02905', '02910', '02920', '02925', '02930', '02935', '02940', '02945', '02950', '02955'];

/** rootN, rootN+1, ... as long as they exist: next_time_step()'s sequence. */
function rootSequence(start: string): string[] {
  const roots: string[] = [];
  for (let n = Number(start.slice(4)); existsSync(join(CORPUS, `root${n}`)); n++) roots.push(join(CORPUS, `root${n}`));
  return roots;
}

/**
 * Runs ours in a scratch directory holding tests/root, a symbolic link to the case's first root,
 * which the replay re-points at each step (PTOOLS_LINK) as sysstat's test build does: -f/+f name
 * a directory through it (tests/root/my_stats), which then follows the samples.
 */
function replay(c: CorpusCase) {
  const scratch = mkdtempSync(join(tmpdir(), 'ptools-sysstat-'));
  try {
    mkdirSync(join(scratch, 'tests'));
    symlinkSync(join(CORPUS, c.root), join(scratch, 'tests/root'));
    // --getenv makes sysstat's test build read the environment, which ours always does.
    const [file = '', ...args] = ours('iostat', c.args.filter((arg) => arg !== '--getenv'));
    return run([file, ...args], {
      cwd: scratch,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        ...c.env,
        PTOOLS_REPLAY: rootSequence(c.root).join(':'),
        PTOOLS_LINK: 'tests/root',
        PTOOLS_CLOCK: '0',
        PTOOLS_UNAME: 'Linux SYSSTAT.TEST 1.2.3-TEST x86_64',
      },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const tally = { reproduced: 0, total: 0, named: 0, namedTotal: 0 };

describe('sysstat 12.6.1 iostat corpus', () => {
  it('holds the -f/+f cases, which run with the others', () => {
    expect(cases.filter((c) => c.args.includes('-f') || c.args.includes('+f')).map((c) => c.test)).toEqual(ALTERNATE_DIRECTORY_CASES);
  });
  for (const c of cases) {
    it(`${c.test}: iostat ${c.args.join(' ')} (${c.expected})`, () => {
      tally.total++;
      if (c.expected.startsWith('expected.')) tally.namedTotal++;
      const result = replay(c);
      expect(escapeBytes(result.stderr)).toBe('');
      expect(escapeBytes(result.stdout)).toBe(escapeBytes(readFileSync(join(CORPUS, 'expected', c.expected))));
      tally.reproduced++;
      if (c.expected.startsWith('expected.')) tally.named++;
    });
  }
  afterAll(() => {
    process.stdout.write(
      `sysstat corpus: ${tally.reproduced}/${tally.total} expected files reproduced (expected.iostat*: ${tally.named}/${tally.namedTotal})\n`,
    );
  });
});
