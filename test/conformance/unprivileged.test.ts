// The commands and the library run as nobody (setpriv), compared with the classic tools and
// psutil run as nobody on the same live processes: pid 1 and a root-owned `sleep` whose files
// nobody may not read (environ, exe, cwd, fd, smaps, io), and a `sleep` of nobody's own. Sockets
// are compared in a network namespace of their own (unshare -n) holding a root-owned and a
// nobody-owned socket of each kind, so that nothing else on the machine moves the tables.
// A root `sh` parent of one root-owned and one nobody-owned `sleep` (the family) gives pstree and
// pgrep -P a tree that nothing else changes. Figures the whole machine moves (memory, counters of
// disks and CPUs) are read as nobody from frozen files: the mounts of harness.ts's runFrozen are
// made by root, and the command run inside them is setpriv's nobody. Interfaces are compared in a
// fresh network namespace (unshare -n) whose counters nothing moves. Clocks and load averages
// (uptime, w, top's summary) are compared only when the classic tool printed the same bytes just
// before and after ours (expectSameRunBracketed).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV, expectSameRun, expectSameRunBracketed, type FrozenOptions, IN_CI, REPO, run, runFrozen, type RunResult } from './harness.js';
import { PSUTIL_DUMP } from './psutil-dump.js';

const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const PYTHON = '/usr/bin/python3';

const missing = ['ps', 'netstat', 'smem', 'pgrep', 'pidof', 'pwdx', 'pmap', 'pstree', 'top', 'free', 'uptime', 'w', 'vmstat', 'iostat', 'ifconfig', 'setpriv', 'unshare'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
const psutilMissing = spawnSync(PYTHON, ['-c', 'import psutil'], { stdio: 'ignore' }).status !== 0;
const reason = missing.length ? `not installed: ${missing.join(', ')}` : psutilMissing ? 'python3-psutil is not installed' : process.getuid?.() !== 0 ? 'needs root to become nobody' : null;
if (reason && IN_CI) throw new Error(reason);

// The built commands as nobody sees them: the checkout itself when nobody can read and enter it,
// else a world-readable copy of what the commands load (CI clones under a root-only directory;
// binding.gyp marks the package root where the addon is looked for).
let tree = REPO;
let copy: string | undefined;
const nobodyCanLoad = (root: string) =>
  spawnSync(NOBODY[0] as string, [...NOBODY.slice(1), process.execPath, '-e', `require(${JSON.stringify(join(root, 'dist/ptools.cjs'))})`], { stdio: 'ignore' }).status === 0;

function worldReadableCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'ptools-nobody-'));
  for (const part of ['bin', 'dist', 'package.json', 'binding.gyp']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  mkdirSync(join(root, 'build/Release'), { recursive: true });
  cpSync(join(REPO, 'build/Release/ptools.node'), join(root, 'build/Release/ptools.node'));
  spawnSync('chmod', ['-R', 'a+rX', root]);
  chmodSync(root, 0o755);
  return root;
}

// Run from the tree nobody can enter: a working directory nobody cannot enter breaks Node's start.
const runAsNobody = (argv: readonly string[]) => run(argv, { cwd: tree });
const oursAsNobody = (tool: string, args: readonly string[]) => [...NOBODY, process.execPath, join(tree, 'bin', `pt-${tool}.js`), ...args];
const classicAsNobody = (tool: string, args: readonly string[]) => [...NOBODY, tool, ...args];
// Inside runFrozen's mount namespace (entered as root), from the tree nobody can enter.
const frozenAsNobody = (fixture: string, command: readonly string[], options?: FrozenOptions) => runFrozen(fixture, ['env', '-C', tree, ...command], options);

/** Ours and the classic tool as nobody, once each, compared byte for byte. */
function compareAsNobody(tool: string, args: readonly string[]): RunResult {
  const classic = runAsNobody(classicAsNobody(tool, args));
  expectSameRun(runAsNobody(oursAsNobody(tool, args)), classic);
  return classic;
}

/** The same, for output that moves: compared when the classic tool printed the same bytes just before and after ours. */
function compareAsNobodyBracketed(tool: string, args: readonly string[], part: (result: RunResult) => RunResult = (result) => result): void {
  expectSameRunBracketed(
    () => part(runAsNobody(oursAsNobody(tool, args))),
    () => part(runAsNobody(classicAsNobody(tool, args))),
    10,
  );
}

let rootSleep: ChildProcess;
let nobodySleep: ChildProcess;
let family: ChildProcess;
// A duration no other process on the machine runs with, so that a -P pattern finds only ours.
const SLEEP = `${3000 + (process.pid % 1000)}.125`;
const FAMILY_SLEEP = `${3000 + (process.pid % 1000)}.25`;
/** pgrep -f's pattern for the two sleeps: anchored, so that no command line holding it as an argument matches. */
const SLEEPS = `^sleep ${SLEEP.replace('.', '\\.')}$`;

const isSleep = (pid: string) => readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('sleep\0');

beforeAll(async () => {
  if (reason) return;
  if (!nobodyCanLoad(tree)) {
    copy = worldReadableCopy();
    tree = copy;
  }
  rootSleep = spawn('sleep', [SLEEP], { stdio: 'ignore', env: { ...ENV, PTOOLS_SECRET: 'only root may read this' } });
  nobodySleep = spawn(NOBODY[0] as string, [...NOBODY.slice(1), 'sleep', SLEEP], { stdio: 'ignore', env: ENV });
  // Its own process group, so that its two children end with it.
  family = spawn('sh', ['-c', `sleep ${FAMILY_SLEEP} & ${NOBODY.join(' ')} sleep ${FAMILY_SLEEP} & wait`], { stdio: 'ignore', env: ENV, detached: true });
  // Both have exec'd sleep (smem and ps match on the command line), and so have the family's two.
  for (const child of [rootSleep, nobodySleep]) {
    while (!isSleep(String(child.pid))) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const familyChildren = () => readFileSync(`/proc/${family.pid}/task/${family.pid}/children`, 'latin1').trim().split(' ').filter(Boolean);
  while (familyChildren().length < 2 || !familyChildren().every(isSleep)) await new Promise((resolve) => setTimeout(resolve, 10));
});

afterAll(async () => {
  for (const child of [rootSleep, nobodySleep]) {
    if (!child) continue;
    const exited = once(child, 'exit');
    child.kill();
    await exited;
  }
  if (family) {
    const exited = once(family, 'exit');
    process.kill(-(family.pid as number));
    await exited;
  }
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe.skipIf(reason !== null && !IN_CI)(`as nobody${reason ? ` (skipped: ${reason})` : ''}`, () => {
  describe('pt-ps and ps', () => {
    const cases = (): string[][] => {
      const root = String(rootSleep.pid);
      const mine = String(nobodySleep.pid);
      return [
        ['-p', '1', '-o', 'pid,ppid,user,group,comm,stat,tty,args'],
        ['e', '-p', '1', '-o', 'pid,args'],
        ['ew', '-p', root, '-o', 'pid,user,args'],
        ['ew', '-p', mine, '-o', 'pid,user,args'],
        ['u', '-p', `${root},${mine}`],
        ['-p', `1,${root},${mine}`, '-o', 'pid,user,wchan:20,comm'],
        ['-p', `${root},${mine}`, '-o', 'pid,rss,vsz,sz,size,trs,drs,pmem,comm'],
        ['-p', `${root},${mine}`, '-o', 'pid,ruser,euser,suser,fuser,rgroup,egroup,sgroup,fgroup'],
        ['-fp', `${root},${mine}`],
        ['-lp', `${root},${mine}`],
        ['j', '-p', `1,${root},${mine}`],
        ['-p', `${root},${mine}`, '-o', 'pid,cgroup:60,label,comm'],
      ];
    };
    it('matches ps run as nobody on processes nobody cannot read and on its own', () => {
      for (const args of cases()) {
        const classic = runAsNobody(classicAsNobody('ps', args));
        expect(classic.status, args.join(' ')).toBe(0);
        expectSameRun(runAsNobody(oursAsNobody('ps', args)), classic);
      }
    });
  });

  it('pt-netstat and netstat in a namespace with root-owned and nobody-owned sockets: "-" for the others\', and the banner', () => {
    const out = mkdtempSync(join(tmpdir(), 'ptools-nobody-net-'));
    chmodSync(out, 0o755);
    const argSets = [['-antp'], ['-anup'], ['-axp'], ['-antpe'], ['-lntp'], ['-anp'], ['-antpW'], ['-ap', '--unix']];
    // Each socket's owner: a root python and a nobody python, each with a TCP listener and a
    // connection to it, a UDP socket and an abstract unix listener.
    const script = `
set -e
ip link set lo up
LISTEN='import socket, sys, time
t = socket.socket(); t.bind(("127.0.0.1", int(sys.argv[1]))); t.listen()
c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); a, _ = t.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", int(sys.argv[1])))
x = socket.socket(socket.AF_UNIX); x.bind("\\0ptools-nobody-" + sys.argv[1]); x.listen()
print("ready", flush=True)
time.sleep(60)'
out="$1"; shift
${PYTHON} -c "$LISTEN" 7001 > "$out/r1" 2>&1 </dev/null &
p1=$!
${NOBODY.join(' ')} ${PYTHON} -c "$LISTEN" 7002 > "$out/r2" 2>&1 </dev/null &
p2=$!
while [ "$(cat "$out/r1" "$out/r2" | wc -l)" -lt 2 ]; do sleep 0.05; done
i=0
while [ $# -gt 0 ]; do
  args="$1"; shift
  ${NOBODY.join(' ')} netstat $args > "$out/$i.classic.out" 2> "$out/$i.classic.err"; echo $? > "$out/$i.classic.status"
  ${NOBODY.join(' ')} ${process.execPath} ${join(tree, 'bin/pt-netstat.js')} $args > "$out/$i.ours.out" 2> "$out/$i.ours.err"; echo $? > "$out/$i.ours.status"
  i=$((i + 1))
done
kill $p1 $p2
`;
    try {
      const result = spawnSync('unshare', ['-n', 'sh', '-c', script, 'sh', out, ...argSets.map((args) => args.join(' '))], { cwd: out, env: ENV, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const read = (i: number, side: string): RunResult => ({
        stdout: readFileSync(join(out, `${i}.${side}.out`)),
        stderr: readFileSync(join(out, `${i}.${side}.err`)),
        status: Number(readFileSync(join(out, `${i}.${side}.status`), 'utf8')),
        signal: null,
      });
      argSets.forEach((args, i) => {
        const classic = read(i, 'classic');
        expectSameRun(read(i, 'ours'), classic);
        // What this case is about: others' sockets are there, their owner is not.
        if (args[0] !== '-ap') expect(classic.stdout.toString()).toMatch(/ -  /);
      });
      expect(read(0, 'classic').stderr.toString()).toContain('Not all processes could be identified');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('pt-smem and smem see only nobody\'s own processes', () => {
    const pattern = `^sleep ${SLEEP.replace('.', '\\.')}$`;
    for (const args of [
      ['-P', pattern, '-c', 'pid user command uss rss swap'],
      ['-P', pattern, '-c', 'pid user command uss rss swap', '-t'],
      ['-P', pattern, '-c', 'pid user command uss rss', '-k'],
      ['-u', '-P', pattern, '-c', 'user count uss rss swap'],
      // The tool's own command line holds the pattern: anchored, it matches nothing.
      ['-P', '^no process has this command line', '-t'],
    ]) {
      expectSameRunBracketed(
        () => runAsNobody(oursAsNobody('smem', args)),
        () => {
          const classic = runAsNobody(classicAsNobody('smem', args));
          expect(classic.status).toBe(0);
          return classic;
        },
      );
    }
    const listed = runAsNobody(oursAsNobody('smem', ['-P', pattern, '-c', 'pid user'])).stdout.toString();
    expect(listed).toMatch(new RegExp(`^ *${nobodySleep.pid} nobody`, 'm'));
    expect(listed).not.toMatch(new RegExp(`^ *${rootSleep.pid} `, 'm'));
  });

  it('pt-procsmem lists only nobody\'s processes, its own sleep among them, and counts the others as denied', () => {
    const result = runAsNobody(oursAsNobody('procsmem', []));
    expect(result.status).toBe(0);
    const rows = result.stdout
      .toString()
      .split('\n')
      .filter((line) => /^\d/.test(line));
    expect(rows.map((row) => row.split(/\s+/)[1])).toEqual(rows.map(() => 'nobody'));
    expect(rows.map((row) => Number(row.split(/\s+/)[0]))).toContain(nobodySleep.pid);
    expect(result.stderr.toString()).toMatch(/^warning: access denied for \d+ pids\n$/);
  });

  // Each library call on pid 1, root's sleep and nobody's sleep, as nobody: "ok" or the error's
  // class, against psutil's answer to the same call.
  const CALLS: Array<[psutil: string, ours: string]> = [
    ['p.name()', 'p.name()'],
    ['p.ppid()', 'p.ppid()'],
    ['p.exe()', 'p.exe()'],
    ['p.cwd()', 'p.cwd()'],
    ['p.cmdline()', 'p.cmdline()'],
    ['p.environ()', 'p.environ()'],
    ['p.num_fds()', 'p.numFds()'],
    ['p.open_files()', 'p.openFiles()'],
    ['p.memory_info()', 'p.memoryInfo()'],
    ['p.memory_full_info()', 'p.memoryFullInfo()'],
    ['p.memory_maps()', 'p.memoryMaps()'],
    ['p.io_counters()', 'p.ioCounters()'],
    ['p.num_ctx_switches()', 'p.numCtxSwitches()'],
    ['p.threads()', 'p.threads()'],
    ['p.connections()', 'p.connections()'],
    ['p.cpu_affinity()', 'p.cpuAffinity()'],
    ['p.ionice()', 'p.ionice()'],
    ['p.rlimit(psutil.RLIMIT_NOFILE)', 'p.rlimit(7)'],
    ['p.uids()', 'p.uids()'],
    ['p.username()', 'p.username()'],
    ['p.status()', 'p.status()'],
    ['p.nice()', 'p.nice()'],
    ['p.cpu_num()', 'p.cpuNum()'],
    ['p.children()', 'p.childrenSync()'],
  ];

  it('library calls fail where psutil\'s fail, with the same class (AccessDenied), and succeed where they succeed', () => {
    const pids = [1, rootSleep.pid as number, nobodySleep.pid as number];
    const python = `
import json, psutil
out = {}
for pid in ${JSON.stringify(pids)}:
    p = psutil.Process(pid)
    for i, call in enumerate(${JSON.stringify(CALLS.map(([call]) => call))}):
        try:
            eval(call)
            out["%d %s" % (pid, call)] = "ok"
        except Exception as e:
            out["%d %s" % (pid, call)] = type(e).__name__
print(json.dumps(out))
`;
    const node = `
const lib = await import(${JSON.stringify(join(tree, 'dist/lib/index.js'))});
const out = {};
for (const pid of ${JSON.stringify(pids)}) {
  const p = new lib.Process(pid);
  ${JSON.stringify(CALLS)}.forEach(([name, call]) => {
    try {
      new Function('p', 'lib', 'return ' + call)(p, lib);
      out[pid + ' ' + name] = 'ok';
    } catch (error) {
      out[pid + ' ' + name] = error instanceof lib.PtoolsError ? error.constructor.name : 'raw ' + String(error?.code ?? error);
    }
  });
}
console.log(JSON.stringify(out));
`;
    const theirs = runAsNobody([...NOBODY, PYTHON, '-c', python]);
    const mine = runAsNobody([...NOBODY, process.execPath, '--input-type=module', '-e', node]);
    expect(theirs.stderr.toString()).toBe('');
    expect(mine.stderr.toString()).toBe('');
    const expected = JSON.parse(theirs.stdout.toString()) as Record<string, string>;
    expect(Object.values(expected)).toContain('AccessDenied');
    expect(JSON.parse(mine.stdout.toString())).toEqual(expected);
  });

  it('processes() as nobody: every row, null where psutil\'s process_iter gives None', () => {
    const attrs: Array<[string, string]> = [
      ['exe', 'exe'],
      ['cwd', 'cwd'],
      ['environ', 'environ'],
      ['num_fds', 'numFds'],
      ['cmdline', 'cmdline'],
      ['username', 'username'],
    ];
    const pids = [1, rootSleep.pid as number, nobodySleep.pid as number];
    const python = `
import json, psutil
want = ${JSON.stringify(pids)}
out = {}
for p in psutil.process_iter(${JSON.stringify(attrs.map(([name]) => name))}):
    if p.pid in want:
        out[str(p.pid)] = sorted(k for k, v in p.info.items() if v is None)
print(json.dumps(out))
`;
    const node = `
const lib = await import(${JSON.stringify(join(tree, 'dist/lib/index.js'))});
const names = new Map(${JSON.stringify(attrs.map(([a, b]) => [b, a]))});
const want = ${JSON.stringify(pids)};
const out = {};
for (const row of await lib.processes({ attrs: [...names.keys()] })) {
  if (want.includes(row.pid)) out[row.pid] = [...names.keys()].filter((key) => row[key] === null).map((key) => names.get(key)).sort();
}
console.log(JSON.stringify(out));
`;
    const theirs = runAsNobody([...NOBODY, PYTHON, '-c', python]);
    const mine = runAsNobody([...NOBODY, process.execPath, '--input-type=module', '-e', node]);
    expect(mine.stderr.toString()).toBe('');
    const expected = JSON.parse(theirs.stdout.toString()) as Record<string, string[]>;
    expect(expected['1']).toEqual(expect.arrayContaining(['cwd', 'environ', 'exe']));
    expect(JSON.parse(mine.stdout.toString())).toEqual(expected);
  });

  describe('process tools on the sleeps', () => {
    const root = () => String(rootSleep.pid);
    const mine = () => String(nobodySleep.pid);
    const parent = () => String(family.pid);

    it('pt-pgrep and pgrep select root\'s and nobody\'s sleeps by pattern, -u, -U and -P', () => {
      const cases: string[][] = [
        ['-f', SLEEPS],
        ['-l', '-f', SLEEPS],
        ['-a', '-f', SLEEPS],
        ['-u', 'nobody', '-f', SLEEPS],
        ['-U', 'root', '-f', SLEEPS],
        ['-u', 'root', '-l', '-f', SLEEPS],
        ['-U', 'nobody', '-a', '-f', SLEEPS],
        ['-c', '-f', SLEEPS],
        ['-d', ',', '-f', SLEEPS],
        ['-n', '-f', SLEEPS],
        ['-o', '-f', SLEEPS],
        ['-x', '-f', `sleep ${SLEEP}`],
        ['-P', parent(), '-l'],
        ['-P', parent(), '-a', '-u', 'nobody'],
        ['-P', parent(), '-U', 'root', '-c'],
        ['-r', 'S', '-f', SLEEPS],
        ['-t', '?', '-l', '-f', SLEEPS],
        ['-G', 'nogroup', '-f', SLEEPS],
        ['-G', 'root', '-l', '-f', SLEEPS],
        ['-w', '-f', SLEEPS],
        ['-i', '-f', SLEEPS.toUpperCase()],
        // Nobody may not read root's sleep's environment nor its namespaces.
        ['--env', 'PATH', '-f', SLEEPS],
        ['--ns', mine(), '-f', SLEEPS],
        ['--ns', root(), '-f', SLEEPS],
        ['--nslist', 'net', '--ns', mine(), '-f', SLEEPS],
        // A kernel thread: no command line, matched by its name.
        ['-a', '-x', 'kthreadd'],
        // Nothing matches: status 1 and no output.
        ['-f', '^no process has this command line'],
      ];
      for (const args of cases) compareAsNobody('pgrep', args);
      // What the cases are about: both owners' sleeps are seen, and told apart.
      expect(compareAsNobody('pgrep', ['-u', 'nobody', '-f', SLEEPS]).stdout.toString()).toBe(`${mine()}\n`);
      expect(compareAsNobody('pgrep', ['-U', 'root', '-f', SLEEPS]).stdout.toString()).toBe(`${root()}\n`);
    });

    it('pt-pidof and pidof: every sleep by name, root\'s among them, and by path only those whose executable nobody may read', () => {
      // Other sleeps on the machine come and go: bracketed.
      for (const args of [['sleep'], ['-s', 'sleep'], ['-x', 'sleep'], ['-o', root(), 'sleep'], ['-q', 'sleep'], ['no-program-has-this-name'], ['kthreadd']]) compareAsNobodyBracketed('pidof', args);
      // A path: the processes whose exe link is the path resolved (/bin is a link to /usr/bin),
      // which nobody reads only for its own; their names are not looked at once one is found.
      for (const args of [['/usr/bin/sleep'], ['/bin/sleep'], ['-x', '/usr/bin/sleep']]) compareAsNobodyBracketed('pidof', args);
      const byPath = runAsNobody(oursAsNobody('pidof', ['/bin/sleep'])).stdout.toString().trim().split(' ').map(Number);
      expect(byPath).toContain(nobodySleep.pid);
      expect(byPath).not.toContain(rootSleep.pid);
      expect(runAsNobody(oursAsNobody('pidof', ['sleep'])).stdout.toString().split(' ').map(Number)).toEqual(expect.arrayContaining([rootSleep.pid, nobodySleep.pid]));
    });

    it('pt-pwdx and pwdx: nobody\'s own sleep is read, root\'s and pid 1 are "Permission denied" with status 1', () => {
      for (const args of [[mine()], [root()], ['1'], [mine(), root(), '1'], [parent()], ['1', mine()], ['2'], ['99999999']]) compareAsNobody('pwdx', args);
      const denied = compareAsNobody('pwdx', [root()]);
      expect(denied.status).toBe(1);
      expect(denied.stderr.toString()).toContain('Permission denied');
    });

    it('pt-pmap and pmap: nobody\'s own sleep in full, root\'s sleep and pid 1 as pmap prints unreadable maps', () => {
      // Bracketed: a sleep's sizes move when another process sharing its libraries exits. Not
      // -X/-XX of nobody's sleep: its Pss of libc and ld.so counts the reading tool itself, and
      // node faults in other pages of them than pmap does (on a quiet machine, 2 kB against 3).
      for (const args of [
        [mine()],
        ['-x', mine()],
        ['-d', mine()],
        ['-q', '-x', mine()],
        ['-p', mine()],
        [root()],
        ['-x', root()],
        ['-X', root()],
        ['-d', root()],
        ['-x', '1'],
        ['-x', mine(), root(), '1'],
        // A kernel thread's maps are empty, and readable.
        ['-X', '2'],
        ['99999999'],
      ])
        compareAsNobodyBracketed('pmap', args);
    });

    it('pt-pstree and pstree: the family of a root sh, a root sleep and a nobody sleep', () => {
      for (const args of [
        ['-p', parent()],
        ['-pu', parent()],
        ['-pa', parent()],
        ['-pn', parent()],
        ['-pg', parent()],
        ['-c', '-p', parent()],
        ['-A', '-pu', parent()],
        ['-U', '-p', parent()],
        ['-p', root()],
        ['-pu', mine()],
        ['-s', '-p', mine()],
        ['-S', '-p', parent()],
        ['-Z', '-p', parent()],
        [parent()],
      ])
        compareAsNobody('pstree', args);
      expect(compareAsNobody('pstree', ['-pu', parent()]).stdout.toString()).toContain(',nobody)');
    });

    it('pt-procinfo: what psutil, run as nobody, cannot read of root\'s sleep is "access denied", and the rest is psutil\'s', () => {
      const STABLE = ['name', 'ppid', 'exe', 'cwd', 'cmdline', 'username', 'uids', 'gids', 'terminal', 'status', 'nice', 'ionice', 'num_threads', 'cpu_affinity', 'environ'];
      for (const pid of [root(), mine(), parent()]) {
        const theirs = JSON.parse(runAsNobody([...NOBODY, PYTHON, '-c', PSUTIL_DUMP, pid]).stdout.toString()) as Record<string, unknown>;
        const result = runAsNobody(oursAsNobody('procinfo', ['--json', pid]));
        expect(result.stderr.toString()).toBe('');
        const json = JSON.parse(result.stdout.toString()) as Record<string, unknown> & { unavailable: Record<string, string> };
        const denied = Object.keys(theirs)
          .filter((key) => theirs[key] === 'denied')
          .sort();
        expect(Object.keys(json.unavailable).sort(), pid).toEqual(denied);
        for (const key of STABLE) expect(json[key], `${pid} ${key}`).toEqual(theirs[key] === 'denied' ? null : theirs[key]);
        if (pid === root()) expect(denied).toEqual(expect.arrayContaining(['cwd', 'environ', 'exe', 'memory_maps', 'open_files']));
        if (pid === mine()) expect(denied).toEqual([]);
      }
      const text = runAsNobody(oursAsNobody('procinfo', [root()]));
      expect(text.status).toBe(0);
      expect(text.stdout.toString()).toContain(`${'environ'.padEnd(13)} (access denied)\n`);
    });

    it('pt-top and top -b -n 1 -p: the task line, the table header and the rows', () => {
      // The clock, load average, CPU and memory lines move; the tasks (sleeping sleeps, 0.0 %CPU,
      // 0:00.00 TIME+) do not.
      const tasks = (result: RunResult): RunResult => {
        const lines = result.stdout.toString('latin1').split('\n');
        return { ...result, stdout: Buffer.from([lines[1], ...lines.slice(5)].join('\n'), 'latin1') };
      };
      for (const args of [
        ['-b', '-n', '1', '-p', `${root()},${mine()}`],
        ['-b', '-n', '1', '-p', root(), '-p', mine(), '-p', parent()],
        ['-b', '-n', '1', '-c', '-p', `${root()},${mine()}`],
        ['-b', '-n', '1', '-H', '-p', `${root()},${mine()}`],
        ['-b', '-n', '1', '-w', '200', '-p', `${mine()},${parent()}`],
        ['-b', '-n', '1', '-o', 'PID', '-p', `${parent()},${root()},${mine()}`],
        ['-b', '-n', '1', '-p', '2'],
      ])
        compareAsNobodyBracketed('top', args, tasks);
    });
  });

  describe('system-wide tools', () => {
    const WHOLE = { wholeDirectories: ['sys/block'] };
    const frozenCases: Array<[tool: string, fixture: string, args: string[], options?: FrozenOptions]> = [
      ['free', 'meminfo-live', []],
      ['free', 'meminfo-live', ['-h']],
      ['free', 'meminfo-live', ['-w', '-t']],
      ['free', 'meminfo-live', ['-l', '-b']],
      ['free', 'meminfo-swap-used', ['-m', '--si']],
      ['free', 'meminfo-highmem', ['-l']],
      ['vmstat', 'vmstat-live', []],
      ['vmstat', 'vmstat-live', ['-s']],
      ['vmstat', 'vmstat-live', ['-s', '-S', 'M']],
      ['vmstat', 'vmstat-live', ['-d'], WHOLE],
      ['vmstat', 'vmstat-live', ['-D'], WHOLE],
      ['vmstat', 'vmstat-live', ['-f']],
      ['vmstat', 'vmstat-live', ['-a', '-w']],
      ['vmstat', 'vmstat-edge', ['-d'], WHOLE],
      ['iostat', 'iostat-seq-2', ['-d'], WHOLE],
      ['iostat', 'iostat-seq-2', ['-d', '-k'], WHOLE],
      ['iostat', 'iostat-seq-2', ['-x', '-d'], WHOLE],
      ['iostat', 'iostat-seq-2', ['-p', 'ALL'], WHOLE],
    ];
    it('pt-free, pt-vmstat and pt-iostat and the classic tools as nobody on frozen /proc and /sys files', () => {
      for (const [tool, fixture, args, options] of frozenCases) {
        const classic = frozenAsNobody(fixture, classicAsNobody(tool, args), options);
        expect(classic.status, `${tool} ${args.join(' ')}`).toBe(0);
        expectSameRun(frozenAsNobody(fixture, oursAsNobody(tool, args), options), classic);
      }
      // The frozen files are what is read (the device vmstat-edge holds), and as nobody.
      expect(frozenAsNobody('vmstat-edge', classicAsNobody('vmstat', ['-d']), WHOLE).stdout.toString()).toMatch(/^averyveryverylongdevicename_abcde /m);
      expect(frozenAsNobody('vmstat-edge', [...NOBODY, 'id', '-un'], WHOLE).stdout.toString()).toBe('nobody\n');
    });

    it('pt-vmstat -m and vmstat -m: /proc/slabinfo is root\'s alone', () => {
      const classic = compareAsNobody('vmstat', ['-m']);
      expect(classic.status).not.toBe(0);
    });

    // Not vmstat -d/-D live: the disks' counters of a busy machine never hold still for three runs.
    it('pt-free, pt-uptime and pt-w live, when the classic tool printed the same bytes before and after ours', () => {
      for (const args of [['-g'], ['-h', '-t']]) compareAsNobodyBracketed('free', args);
      for (const args of [[], ['-p'], ['-s']]) compareAsNobodyBracketed('uptime', args);
      for (const args of [[], ['-h'], ['-s'], ['-f'], ['-i'], ['-o'], ['-u'], ['-ush'], ['root'], ['nobody']]) compareAsNobodyBracketed('w', args);
    });

    it('pt-ifconfig and ifconfig in a network namespace of their own: loopback up, two veths down', () => {
      const argSets = [[], ['-a'], ['-s'], ['-a', '-s'], ['-v', '-a'], ['lo'], ['va'], ['-s', 'vb'], ['nosuch0']];
      const script = `
set -e
ip link set lo up
ip link add va address 02:00:00:00:00:01 type veth peer name vb address 02:00:00:00:00:02
ip addr add 10.1.2.3/24 dev va
ip addr add 10.9.0.1/16 broadcast 10.9.255.255 dev vb
exec "$@"`;
      const inNamespace = (command: readonly string[]) => runAsNobody(['unshare', '-n', 'sh', '-c', script, 'sh', ...command]);
      for (const args of argSets) {
        const classic = inNamespace(classicAsNobody('ifconfig', args));
        expectSameRun(inNamespace(oursAsNobody('ifconfig', args)), classic);
        if (args.join(' ') === '-a') expect(classic.stdout.toString()).toContain('ether 02:00:00:00:00:02');
      }
    });
  });
});
