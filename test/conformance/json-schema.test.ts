// The JSON contract: every command's --json output, on the live machine and on the frozen trees
// the conformance tests use, is valid against the schema shipped in schemas/NAME.json. Every
// command in the dispatcher's table must have a schema and cases here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/cli/tool.js';
import { IN_CI, ours, REPO, run, runFrozen, runInProcTree, unavailableReason, type RunResult } from './harness.js';
import { makePstreeFixture } from './pstree-fixture.js';
import { materialize, type Materialized } from './smem-fixture.js';

const [PMAP_SLEEP = '', PMAP_PYTHON = '', PMAP_ZOMBIE = ''] = readFileSync(join(REPO, 'test', 'fixtures', 'pmap-captured', 'pids'), 'latin1').trim().split(' ');

// Named properties may also match a pattern (free's "type" and its columns); ["string", "null"] is a type.
const ajv = new Ajv({ allErrors: true, strict: true, allowMatchingProperties: true, allowUnionTypes: true });
const schemas = new Map<string, ValidateFunction>();
for (const tool of TOOLS) {
  const file = join(REPO, 'schemas', `${tool.name}.json`);
  if (existsSync(file)) schemas.set(tool.name, ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object));
}

/** Where a case runs: the live machine, or a frozen tree. */
type Where =
  | { readonly live: true }
  | { readonly frozen: string; readonly wholeDirectories?: readonly string[] }
  | { readonly procTree: string }
  | { readonly smemTree: string }
  // pstree's table is built by pstree-fixture.ts in a temporary directory.
  | { readonly pstreeTree: 'pstree-fixture' };

const CASES: Readonly<Record<string, ReadonlyArray<readonly [Where, readonly string[]]>>> = {
  free: [
    ...[[], ['-h'], ['-w', '-l', '-t', '-v'], ['-m', '--si'], ['-b', '-c', '2', '-s', '0.1']].map((args) => [{ live: true }, args] as const),
    ...['meminfo-highmem', 'meminfo-lxc', 'meminfo-no-available', 'meminfo-swap-used', 'meminfo-terabytes', 'meminfo-tiny'].map(
      (fixture) => [{ frozen: fixture }, ['-l', '-t', '-v', '-w']] as const,
    ),
    [{ frozen: 'meminfo-tiny' }, ['-h']],
  ],
  ps: [
    ...[['-e'], ['-ef'], ['aux'], ['-eLf'], ['-eo', 'pid,user,%cpu,%mem,rss,tty,stat,etime,args'], ['-e', '--forest', '-o', 'pid,comm']].map((args) => [{ live: true }, args] as const),
    ...['ps-crafted', 'ps-crafted-pidmax', 'ps-captured'].flatMap((tree) => [['-ef'], ['aux'], ['-eo', 'pid,tty,user,%cpu,rss,wchan,lstart,args']].map((args) => [{ procTree: tree }, args] as const)),
  ],
  netstat: [['-a'], ['-antp'], ['-aunpe'], ['-ax'], ['-i'], ['-ie'], ['-tlnWo']].map((args) => [{ live: true }, args] as const),
  ifconfig: [[], ['-a'], ['-s'], ['lo']].map((args) => [{ live: true }, args] as const),
  smem: [
    ...[[], ['-t'], ['-u', '-t'], ['-m'], ['-w'], ['-k', '-p']].map((args) => [{ live: true }, args] as const),
    ...['smem-crafted', 'smem-nopss'].flatMap((tree) => [[], ['-t', '-u'], ['-m', '-t'], ['-w']].map((args) => [{ smemTree: tree }, args] as const)),
  ],
  iostat: [
    ...[[], ['-x'], ['-h'], ['-x', '-k', '-p', 'ALL'], ['-c'], ['-d', '-s', '-m'], ['1', '2']].map((args) => [{ live: true }, args] as const),
    ...[[], ['-x'], ['-h', '-x'], ['-p', 'ALL'], ['-x', '-s', '-t']].map((args) => [{ frozen: 'iostat-seq-2', wholeDirectories: ['sys/block'] }, args] as const),
    [{ frozen: 'iostat-dm', wholeDirectories: ['sys/block'] }, ['-N', '-x']],
  ],
  procsmem: [
    [{ live: true }, []],
    [{ smemTree: 'smem-live' }, []],
    [{ smemTree: 'procsmem-names' }, []],
  ],
  procinfo: [[{ live: true }, []], [{ live: true }, ['1']], [{ live: true }, ['-v', String(process.pid)]]],
  // -a adds arguments, -N wraps the trees in namespaces, a USER gives several trees, a missing PID none.
  pstree: [
    ...[[], ['-a'], ['-N', 'pid'], ['-a', '-N', 'net'], ['-p', String(process.pid)], ['-s', String(process.pid)], ['root'], ['99999999']].map((args) => [{ live: true }, args] as const),
    ...[[], ['-a'], ['-N', 'mnt'], ['-a', '-s', '320']].map((args) => [{ pstreeTree: 'pstree-fixture' }, args] as const),
  ],
  // -x, -X and -XX add smaps; a zombie has no mappings.
  pmap: [
    ...[[String(process.pid)], ['-x', String(process.pid)], ['-X', String(process.pid)], ['-XX', String(process.pid), String(process.ppid)]].map((args) => [{ live: true }, args] as const),
    ...[[PMAP_SLEEP, PMAP_PYTHON, PMAP_ZOMBIE], ['-x', PMAP_PYTHON], ['-X', PMAP_SLEEP, PMAP_ZOMBIE], ['-XX', PMAP_PYTHON, PMAP_SLEEP]].map((args) => [{ procTree: 'pmap-captured' }, args] as const),
  ],
  // A list of pids, of {pid, name} with -l, of {pid, cmdline} with -a (over -l), a count with -c; each case selects something.
  pgrep: [
    ...[['node'], ['-l', 'node'], ['-a', 'node'], ['-c', 'node']].map((args) => [{ live: true }, args] as const),
    ...[['bash'], ['-l', 'o'], ['-a', 'o'], ['-l', '-a', 'o'], ['-f', '-a', '\\('], ['-c', 'r'], ['-v', '-l', 'e']].map((args) => [{ procTree: 'ps-crafted' }, args] as const),
  ],
  // -q prints nothing: an empty list.
  pidof: [
    ...[['node'], ['-s', 'node']].map((args) => [{ live: true }, args] as const),
    ...[['worker', 'hog', 'bash'], ['-q', 'bash']].map((args) => [{ procTree: 'ps-crafted' }, args] as const),
  ],
  pwdx: [[String(process.pid)], [`/proc/${process.pid}`, String(process.ppid)]].map((args) => [{ live: true }, args] as const),
  uptime: [[], ['-p'], ['-s']].map((args) => [{ live: true }, args] as const),
  // -s and -f blank columns (null); -o and -i change their text only.
  w: [[], ['-s'], ['-f'], ['-h', '-i', '-o'], ['-u', 'root']].map((args) => [{ live: true }, args] as const),
  // -a swaps buffer/cache for inactive/active, -w adds guest_time, -t the timestamp; -d, -p and -m
  // list other lines; -s, -D and -f are single objects; with a delay each line is a document.
  vmstat: [
    ...[[], ['-a', '-w'], ['-t'], ['-s'], ['-d', '-t'], ['-D'], ['-f'], ['-m'], ['1', '2'], ['-d', '1', '2']].map((args) => [{ live: true }, args] as const),
    ...['vmstat-seq-1', 'vmstat-edge', 'vmstat-idle', 'vmstat-live'].flatMap((fixture) =>
      [[], ['-a'], ['-w', '-t'], ['-s'], ['-s', '-S', 'm'], ['-d'], ['-D'], ['-p', 'vda'], ['-m'], ['-f'], ['1', '2'], ['-d', '-w', '1', '2'], ['-m', '1', '2']].map(
        (args) => [{ frozen: fixture, wholeDirectories: ['sys/block'] }, args] as const,
      ),
    ),
    [{ frozen: 'vmstat-edge', wholeDirectories: ['sys/block'] }, ['-p', 'averyveryverylongdevicename_abcde', '1', '2']],
  ],
  // One document per frame; -E changes the summary's unit (fractions), -n 2 prints two frames, -H
  // counts threads, -1 adds each CPU.
  top: [
    ...[['-b', '-n', '1'], ['-b', '-n', '2', '-d', '0.1'], ['-b', '-n', '1', '-E', 'g'], ['-b', '-n', '1', '-H', '-1']].map((args) => [{ live: true }, args] as const),
    ...['ps-crafted', 'ps-captured', 'ps-crafted-pidmax'].flatMap((tree) =>
      [['-b', '-n', '1'], ['-b', '-n', '2', '-d', '0.1'], ['-b', '-n', '1', '-E', 'm', '-c'], ['-b', '-n', '1', '-H'], ['-b', '-n', '1', '-1']].map(
        (args) => [{ procTree: tree }, args] as const,
      ),
    ),
  ],
};

const trees = new Map<string, Materialized>();
let pstreeTree: { fixture: string; remove: () => void } | null = null;
beforeAll(() => {
  for (const cases of Object.values(CASES)) for (const [where] of cases) if ('smemTree' in where && !trees.has(where.smemTree)) trees.set(where.smemTree, materialize(where.smemTree));
  pstreeTree = makePstreeFixture();
});
afterAll(() => {
  for (const tree of trees.values()) tree.remove();
  pstreeTree?.remove();
});

function runCase(name: string, where: Where, args: readonly string[]): RunResult {
  // --json first: after an interface name ifconfig would take it for a configuration verb.
  const command = ours(name, ['--json', ...args]);
  if ('frozen' in where) return runFrozen(where.frozen, command, { wholeDirectories: where.wholeDirectories ?? [] });
  if ('procTree' in where) return runInProcTree(where.procTree, command, '2026-11-23 12:00:00');
  if ('pstreeTree' in where) return runInProcTree((pstreeTree as { fixture: string }).fixture, command, '2026-11-23 12:00:00');
  if ('smemTree' in where) {
    const proc = join((trees.get(where.smemTree) as Materialized).dir, 'proc');
    return run(['env', `PTOOLS_PROC=${proc}`, ...command]);
  }
  return run(command);
}

const isolation = unavailableReason('unshare');
const faketime = unavailableReason('faketime');

describe('every command has a schema and JSON cases', () => {
  // ptools' own commands (the exporter) have an output format of their own and no --json.
  it.each(TOOLS.filter((tool) => !tool.own).map((tool) => tool.name))('%s', (name) => {
    expect(schemas.has(name), `schemas/${name}.json`).toBe(true);
    expect(CASES[name]?.length ?? 0).toBeGreaterThan(0);
  });
});

describe.each(TOOLS.map((tool) => tool.name).filter((name) => schemas.has(name) && CASES[name]))('%s --json', (name) => {
  const cases = (CASES[name] ?? []).map(([where, args]) => [`${'live' in where ? 'live' : Object.values(where)[0]}: ${['--json', ...args].join(' ')}`, where, args] as const);
  it.each(cases)('%s', (_title, where, args) => {
    const needs = 'frozen' in where ? isolation : 'procTree' in where || 'pstreeTree' in where ? (isolation ?? faketime) : null;
    if (needs !== null) {
      if (IN_CI) throw new Error(needs);
      return;
    }
    const result = runCase(name, where, args);
    expect(result.status, result.stderr.toString()).toBe(0);
    // iostat with an interval prints one document per report, one per line.
    const documents = result.stdout.toString('utf8').split('\n').filter((line) => line !== '');
    expect(documents.length).toBeGreaterThan(0);
    const validate = schemas.get(name) as ValidateFunction;
    for (const document of documents) {
      const valid = validate(JSON.parse(document));
      expect(validate.errors ?? [], document.slice(0, 400)).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});
