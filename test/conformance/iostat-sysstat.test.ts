// sysstat's own iostat test corpus (tag v12.6.1, imported by test/fixtures/import-sysstat-corpus.mjs):
// each test script's arguments replayed through pt-iostat over the same fake roots, compared byte
// for byte with sysstat's expected file. sysstat's test build fixes uname to
// "Linux 1.2.3-TEST (SYSSTAT.TEST) x86_64", the clock to the epoch (moving on by the interval at
// each report), reads sample N from rootN, and ends like SIGINT when no next root exists; ours is
// told the same with PTOOLS_UNAME, PTOOLS_CLOCK and PTOOLS_REPLAY.
import { existsSync, readFileSync } from 'node:fs';
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
 * Cases that cannot be replayed, with the reason. -f/+f name `tests/root/...`, a path that sysstat's
 * test build re-points to the next root at every sample by moving a symlink; a replay that does not
 * touch the filesystem cannot follow it.
 */
function unsupported(c: CorpusCase): string | null {
  if (c.args.some((arg) => arg.startsWith('tests/root'))) return '-f/+f with a path that follows the moving tests/root symlink';
  return null;
}

/** rootN, rootN+1, ... as long as they exist: next_time_step()'s sequence. */
function rootSequence(start: string): string[] {
  const roots: string[] = [];
  for (let n = Number(start.slice(4)); existsSync(join(CORPUS, `root${n}`)); n++) roots.push(join(CORPUS, `root${n}`));
  return roots;
}

function replay(c: CorpusCase) {
  // --getenv makes sysstat's test build read the environment, which ours always does.
  const args = c.args.filter((arg) => arg !== '--getenv');
  return run(ours('iostat', args), {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...c.env,
      PTOOLS_REPLAY: rootSequence(c.root).join(':'),
      PTOOLS_CLOCK: '0',
      PTOOLS_UNAME: 'Linux SYSSTAT.TEST 1.2.3-TEST x86_64',
    },
  });
}

const tally = { reproduced: 0, total: 0, named: 0, namedTotal: 0 };
/** Cases the replay cannot run: sysstat's test build moves a symlink between samples. */
const outside: string[] = [];

describe('sysstat 12.6.1 iostat corpus', () => {
  it('leaves out only the cases that read a file named on the command line (-f/+f)', () => {
    expect(outside.length).toBe(cases.filter((c) => unsupported(c) !== null).length);
    for (const title of outside) expect(title).toMatch(/ [-+]f /);
  });
  for (const c of cases) {
    const reason = unsupported(c);
    const title = `${c.test}: iostat ${c.args.join(' ')} (${c.expected})`;
    if (reason) {
      // Counted as not reproduced in the tally below, not skipped in silence.
      outside.push(`${title}: ${reason}`);
      tally.total++;
      if (c.expected.startsWith('expected.')) tally.namedTotal++;
      continue;
    }
    it(title, () => {
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
