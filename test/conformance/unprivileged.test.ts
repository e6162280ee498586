// The commands and the library run as nobody (setpriv), compared with the classic tools and
// psutil run as nobody on the same live processes: pid 1 and a root-owned `sleep` whose files
// nobody may not read (environ, exe, cwd, fd, smaps, io), and a `sleep` of nobody's own. Sockets
// are compared in a network namespace of their own (unshare -n) holding a root-owned and a
// nobody-owned socket of each kind, so that nothing else on the machine moves the tables.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV, expectSameRun, expectSameRunBracketed, IN_CI, REPO, run, type RunResult } from './harness.js';

const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const PYTHON = '/usr/bin/python3';

const missing = ['ps', 'netstat', 'smem', 'setpriv', 'unshare'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
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

let rootSleep: ChildProcess;
let nobodySleep: ChildProcess;
// A duration no other process on the machine runs with, so that a -P pattern finds only ours.
const SLEEP = `${3000 + (process.pid % 1000)}.125`;

beforeAll(async () => {
  if (reason) return;
  if (!nobodyCanLoad(tree)) {
    copy = worldReadableCopy();
    tree = copy;
  }
  rootSleep = spawn('sleep', [SLEEP], { stdio: 'ignore', env: { ...ENV, PTOOLS_SECRET: 'only root may read this' } });
  nobodySleep = spawn(NOBODY[0] as string, [...NOBODY.slice(1), 'sleep', SLEEP], { stdio: 'ignore', env: ENV });
  // Both have exec'd sleep (smem and ps match on the command line).
  for (const child of [rootSleep, nobodySleep]) {
    while (!readFileSync(`/proc/${child.pid}/cmdline`, 'latin1').startsWith('sleep\0')) await new Promise((resolve) => setTimeout(resolve, 10));
  }
});

afterAll(async () => {
  for (const child of [rootSleep, nobodySleep]) {
    if (!child) continue;
    const exited = once(child, 'exit');
    child.kill();
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
});
