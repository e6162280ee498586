// Benchmark harness: times our commands against the classic tools they clone, with
// `node -e 0` as the floor. Run `node bench/run.mjs --help` for usage.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// In-process library loops, the same attributes on both sides.
const PSUTIL_MEMORY_LOOP = `import psutil
for p in psutil.process_iter():
    try:
        m = p.memory_full_info()
        print(p.pid, m.uss, m.pss, m.swap)
    except psutil.Error:
        pass`;
const PSUTIL_PROCESS_LOOP = `import psutil
for p in psutil.process_iter(['pid', 'name', 'username', 'cpu_times', 'memory_info']):
    print(p.info['pid'], p.info['name'], p.info['username'], p.info['cpu_times'], p.info['memory_info'])`;
const PTOOLS_PROCESS_LOOP = `import { processesSync } from './dist/lib/index.js';
for (const p of processesSync({ attrs: ['name', 'username', 'cpuTimes', 'memoryInfo'] })) console.log(p.pid, p.name, p.username, p.cpuTimes, p.memoryInfo);`;
// The floor under that script: the same rows, taken just before from processes() and read back
// from a JSON file (argv[1]), printed the same way, with no ptools loaded.
const WRITE_PROCESS_ROWS = `import { writeFileSync } from 'node:fs';
import { processesSync } from './dist/lib/index.js';
writeFileSync(process.argv[1], JSON.stringify([...processesSync({ attrs: ['name', 'username', 'cpuTimes', 'memoryInfo'] })]));`;
const PRINT_PROCESS_ROWS = `import { readFileSync } from 'node:fs';
for (const p of JSON.parse(readFileSync(process.argv[1], 'utf8'))) console.log(p.pid, p.name, p.username, p.cpuTimes, p.memoryInfo);`;

// procinfo.py's reads through psutil for one pid (this harness, alive for the whole run):
// as_dict(), parent, children, ionice and every rlimit, as the script gathers them.
const PSUTIL_PROCINFO = `import sys, psutil
p = psutil.Process(int(sys.argv[1]))
with p.oneshot():
    info = p.as_dict(ad_value=None)
    parent = p.parent()
    children = p.children()
    ionice = p.ionice()
    limits = [p.rlimit(getattr(psutil, n)) for n in dir(psutil) if n.startswith("RLIMIT")]
print(len(info), parent, children, ionice, limits)`;

// Exporter pairs: both sides are servers started for the pair ({port} is replaced by a free
// port), and each timed command is one scrape of one of them with curl. The CPU time and RSS
// recorded for such a row are the server's, not curl's: the CPU its threads spent during the
// scrape (the sum of /proc/PID/task/*/schedstat), and its VmRSS after it.
const NODE_COLLECTORS = ['meminfo', 'cpu', 'stat', 'loadavg', 'diskstats', 'netdev', 'sockstat', 'filesystem'];
const PROCESS_EXPORTER_CONFIG = 'process_names:\n  - name: "{{.Comm}}"\n    cmdline:\n    - \'.+\'\n';
const scrape = (side) => ['curl', '-sf', '-o', '/dev/null', `http://127.0.0.1:{${side}}/metrics`];

// Pairs to compare. `ours` and `classic` are argv arrays run from the repository root;
// `scenarios` names entries of SCENARIOS below. A pair's name keys its rows in results.json.
const ALL = ['idle', 'procs', 'conns', 'procs+conns'];
const PAIRS = [
  { name: 'netstat -antp', ours: ['node', 'bin/pt-netstat.js', '-antp'], classic: ['netstat', '-antp'], scenarios: ALL },
  { name: 'netstat -antp vs ss -antp', ours: ['node', 'bin/pt-netstat.js', '-antp'], classic: ['ss', '-antp'], scenarios: ALL },
  { name: 'netstat -ant', ours: ['node', 'bin/pt-netstat.js', '-ant'], classic: ['netstat', '-ant'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -ant vs ss -ant', ours: ['node', 'bin/pt-netstat.js', '-ant'], classic: ['ss', '-ant'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -anu', ours: ['node', 'bin/pt-netstat.js', '-anu'], classic: ['netstat', '-anu'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -x', ours: ['node', 'bin/pt-netstat.js', '-x'], classic: ['netstat', '-x'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -l', ours: ['node', 'bin/pt-netstat.js', '-l'], classic: ['netstat', '-l'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -anup', ours: ['node', 'bin/pt-netstat.js', '-anup'], classic: ['netstat', '-anup'], scenarios: ['idle', 'procs'] },
  { name: 'netstat -i', ours: ['node', 'bin/pt-netstat.js', '-i'], classic: ['netstat', '-i'], scenarios: ['idle'] },
  { name: 'ifconfig -a', ours: ['node', 'bin/pt-ifconfig.js', '-a'], classic: ['ifconfig', '-a'], scenarios: ['idle'] },
  { name: 'free', ours: ['node', 'bin/pt-free.js'], classic: ['free'], scenarios: ['idle'] },
  { name: 'free -h', ours: ['node', 'bin/pt-free.js', '-h'], classic: ['free', '-h'], scenarios: ['idle'] },
  { name: 'free -w -t -v', ours: ['node', 'bin/pt-free.js', '-w', '-t', '-v'], classic: ['free', '-w', '-t', '-v'], scenarios: ['idle'] },
  { name: 'iostat', ours: ['node', 'bin/pt-iostat.js'], classic: ['iostat'], scenarios: ['idle'] },
  { name: 'iostat -x', ours: ['node', 'bin/pt-iostat.js', '-x'], classic: ['iostat', '-x'], scenarios: ['idle'] },
  { name: 'iostat -p ALL', ours: ['node', 'bin/pt-iostat.js', '-p', 'ALL'], classic: ['iostat', '-p', 'ALL'], scenarios: ['idle'] },
  { name: 'smem', ours: ['node', 'bin/pt-smem.js'], classic: ['smem'], scenarios: ['idle', 'procs'] },
  {
    // Not ours: the kernel's share of smem's work, every /proc/PID/smaps read by two processes at
    // once (one per CPU here) and nothing parsed, the floor any smem on two CPUs stands on.
    name: 'floor: every smaps read by two cats at once, nothing parsed, vs smem',
    ours: ['sh', '-c', 'set -- /proc/[0-9]*/smaps; printf "%s\\n" "$@" | xargs -P2 -n $((($# + 1) / 2)) cat > /dev/null 2>&1; exit 0'],
    classic: ['smem'],
    scenarios: ['procs'],
  },
  { name: 'smem -u -t', ours: ['node', 'bin/pt-smem.js', '-u', '-t'], classic: ['smem', '-u', '-t'], scenarios: ['idle'] },
  { name: 'procsmem vs a psutil loop', ours: ['node', 'bin/pt-procsmem.js'], classic: ['/usr/bin/python3', '-c', PSUTIL_MEMORY_LOOP], scenarios: ['idle', 'procs'] },
  { name: 'ps aux', ours: ['node', 'bin/pt-ps.js', 'aux'], classic: ['ps', 'aux'], scenarios: ['idle', 'procs'] },
  { name: 'ps -ef', ours: ['node', 'bin/pt-ps.js', '-ef'], classic: ['ps', '-ef'], scenarios: ['idle', 'procs'] },
  { name: 'ps -eo pid,comm', ours: ['node', 'bin/pt-ps.js', '-eo', 'pid,comm'], classic: ['ps', '-eo', 'pid,comm'], scenarios: ['idle', 'procs'] },
  { name: 'procinfo (this harness) vs psutil', ours: ['node', 'bin/pt-procinfo.js', String(process.pid)], classic: ['/usr/bin/python3', '-c', PSUTIL_PROCINFO, String(process.pid)], scenarios: ['idle'] },
  {
    name: 'exporter scrape: host metrics vs prometheus-node-exporter',
    serve: {
      ours: ['node', 'bin/pt-exporter.js', '--listen', '127.0.0.1:{port}', '--no-processes', '--min-interval', '0'],
      classic: ['prometheus-node-exporter', '--web.listen-address=127.0.0.1:{port}', '--collector.disable-defaults', ...NODE_COLLECTORS.map((c) => `--collector.${c}`)],
    },
    ours: scrape('ours'),
    classic: scrape('classic'),
    scenarios: ['idle', 'procs'],
  },
  {
    name: 'exporter scrape: host + process groups with USS/PSS vs prometheus-process-exporter (groups by comm)',
    serve: {
      ours: ['node', 'bin/pt-exporter.js', '--listen', '127.0.0.1:{port}', '--min-interval', '0'],
      classic: ['prometheus-process-exporter', '-web.listen-address', '127.0.0.1:{port}', '-config.path', '{config}'],
    },
    config: PROCESS_EXPORTER_CONFIG,
    ours: scrape('ours'),
    classic: scrape('classic'),
    scenarios: ['idle', 'procs'],
  },
  {
    // The exporter issue's target: ours with USS/PSS against process-exporter's scrape without them.
    name: 'exporter scrape: host + process groups with USS/PSS vs prometheus-process-exporter without smaps (-gather-smaps=false)',
    serve: {
      ours: ['node', 'bin/pt-exporter.js', '--listen', '127.0.0.1:{port}', '--min-interval', '0'],
      classic: ['prometheus-process-exporter', '-web.listen-address', '127.0.0.1:{port}', '-config.path', '{config}', '-gather-smaps=false'],
    },
    config: PROCESS_EXPORTER_CONFIG,
    ours: scrape('ours'),
    classic: scrape('classic'),
    scenarios: ['idle', 'procs'],
  },
  {
    name: 'library: processes() vs psutil process_iter (name, username, cpu_times, memory_info)',
    ours: ['node', '--input-type=module', '-e', PTOOLS_PROCESS_LOOP],
    classic: ['/usr/bin/python3', '-c', PSUTIL_PROCESS_LOOP],
    scenarios: ['idle', 'procs'],
  },
  {
    // Not ours: Node's ES module start and the console.log of each row that the library pair's
    // script pays beside ptools' import and scan, the floor of its idle rule.
    name: 'floor: the library loop printing the same rows read from JSON, no ptools loaded, vs psutil process_iter',
    ours: ['node', '--input-type=module', '-e', PRINT_PROCESS_ROWS, '{rows}'],
    classic: ['/usr/bin/python3', '-c', PSUTIL_PROCESS_LOOP],
    processRows: true,
    scenarios: ['idle'],
  },
  { name: 'pstree -p', ours: ['node', 'bin/pt-pstree.js', '-p'], classic: ['pstree', '-p'], scenarios: ['idle', 'procs'] },
  { name: 'pstree -a', ours: ['node', 'bin/pt-pstree.js', '-a'], classic: ['pstree', '-a'], scenarios: ['idle', 'procs'] },
  { name: 'pmap -x (this harness)', ours: ['node', 'bin/pt-pmap.js', '-x', String(process.pid)], classic: ['pmap', '-x', String(process.pid)], scenarios: ['idle'] },
  { name: 'pmap -XX (this harness)', ours: ['node', 'bin/pt-pmap.js', '-XX', String(process.pid)], classic: ['pmap', '-XX', String(process.pid)], scenarios: ['idle'] },
  { name: 'pgrep -f bench/run', ours: ['node', 'bin/pt-pgrep.js', '-f', 'bench/run'], classic: ['pgrep', '-f', 'bench/run'], scenarios: ['idle', 'procs'] },
  { name: 'pgrep -l node', ours: ['node', 'bin/pt-pgrep.js', '-l', 'node'], classic: ['pgrep', '-l', 'node'], scenarios: ['idle', 'procs'] },
  { name: 'pidof node', ours: ['node', 'bin/pt-pidof.js', 'node'], classic: ['pidof', 'node'], scenarios: ['idle', 'procs'] },
  { name: 'pwdx (this harness)', ours: ['node', 'bin/pt-pwdx.js', String(process.pid)], classic: ['pwdx', String(process.pid)], scenarios: ['idle'] },
  { name: 'uptime', ours: ['node', 'bin/pt-uptime.js'], classic: ['uptime'], scenarios: ['idle'] },
  { name: 'w', ours: ['node', 'bin/pt-w.js'], classic: ['w'], scenarios: ['idle', 'procs'] },
  { name: 'vmstat', ours: ['node', 'bin/pt-vmstat.js'], classic: ['vmstat'], scenarios: ['idle'] },
  { name: 'vmstat -s', ours: ['node', 'bin/pt-vmstat.js', '-s'], classic: ['vmstat', '-s'], scenarios: ['idle'] },
  { name: 'vmstat -d', ours: ['node', 'bin/pt-vmstat.js', '-d'], classic: ['vmstat', '-d'], scenarios: ['idle'] },
  { name: 'top -b -n 1', ours: ['node', 'bin/pt-top.js', '-b', '-n', '1'], classic: ['top', '-b', '-n', '1'], scenarios: ['idle', 'procs'] },
];

// Bare Node startup, the lower bound for any of our commands.
const FLOOR = ['node', '-e', '0'];

// Targets from the speed issues, judged from the medians of the named rows. Each check
// reads one figure of the row and passes when it is at most `max`. A row measured at
// another scale than the target's (--procs/--conns) is shown but not judged.
const MIB = 1024; // ru_maxrss is in KiB
const ms = (x) => (x == null ? 'n/a' : x.toFixed(2));
const times = (x) => (x == null ? 'n/a' : `${x.toFixed(2)}×`);
const mib = (kib) => (kib == null ? 'n/a' : `${(kib / MIB).toFixed(1)}`);
const wallRatio = (max) => ({ what: `wall ≤ ${max}× classic (median of pairwise ratios)`, max, value: (row) => row.ratio.wall, show: times });
const cpuRatio = (max) => ({ what: `CPU ≤ ${max}× classic (median of pairwise ratios)`, max, value: (row) => row.ratio.cpu, show: times });
const overNode = (max) => ({ what: `wall − \`node -e 0\` ≤ ${max} ms`, max, value: (row) => row.overNode, show: (x) => `${ms(x)} ms` });
// top -b waits 150 ms before its first frame (procps top.h's LIB_USLEEP), procps' top as ours:
// the idle rule holds for what remains beyond that wait.
const overNodeAndWait = (max, waitMs) => ({
  what: `wall − \`node -e 0\` − ${waitMs} ms (top's own first-frame wait) ≤ ${max} ms`,
  max,
  value: (row) => row.overNode - waitMs,
  show: (x) => `${ms(x)} ms`,
});
const overNodePerClassic = (max) => ({ what: `(wall − \`node -e 0\`) ≤ ${max}× classic wall`, max, value: (row) => row.overNodePerClassic, show: times });
const peakRss = (maxMiB) => ({ what: `peak RSS ≤ ${maxMiB} MiB`, max: maxMiB * MIB, value: (row) => row.ours.rss, show: mib });

const IDLE_FLOOR = ['free', 'ps aux', 'netstat -antp', 'ifconfig -a', 'iostat -x', 'smem', 'procsmem vs a psutil loop', 'procinfo (this harness) vs psutil', 'vmstat'];
const TARGETS = [
  ...['ps aux', 'ps -ef'].map((pair) => ({ pair, scenario: 'procs', checks: [wallRatio(0.8), cpuRatio(1.3)] })),
  { pair: 'ps -eo pid,comm', scenario: 'procs', checks: [wallRatio(0.6)] },
  { pair: 'pstree -p', scenario: 'procs', checks: [wallRatio(0.8)] },
  ...IDLE_FLOOR.map((pair) => ({ pair, scenario: 'idle', checks: [overNode(10)] })),
  // The process-scan issue's idle rule covers these too.
  ...['ps -ef', 'ps -eo pid,comm', 'library: processes() vs psutil process_iter (name, username, cpu_times, memory_info)'].map((pair) => ({
    pair,
    scenario: 'idle',
    checks: [overNode(10)],
  })),
  ...['-ant', '-anu', '-x', '-l'].map((flags) => ({ pair: `netstat ${flags}`, scenario: 'conns', checks: [overNodePerClassic(1.5)] })),
  { pair: 'smem', scenario: 'procs', checks: [wallRatio(0.15), peakRss(64)] },
  { pair: 'library: processes() vs psutil process_iter (name, username, cpu_times, memory_info)', scenario: 'procs', checks: [wallRatio(0.5), cpuRatio(0.8)] },
  { pair: 'procsmem vs a psutil loop', scenario: 'procs', checks: [wallRatio(0.5)] },
  { pair: 'netstat -antp', scenario: 'procs+conns', checks: [wallRatio(0.8), cpuRatio(1.3)] },
  { pair: 'netstat -antp vs ss -antp', scenario: 'procs+conns', checks: [wallRatio(0.8)] },
  { pair: 'exporter scrape: host + process groups with USS/PSS vs prometheus-process-exporter without smaps (-gather-smaps=false)', scenario: 'procs', checks: [cpuRatio(1)] },
  { pair: 'pgrep -f bench/run', scenario: 'procs', checks: [wallRatio(0.8)] },
  // The new commands' idle rule (the family issue): each within 10 ms of Node's start.
  ...['pgrep -f bench/run', 'pidof node', 'pwdx (this harness)', 'uptime', 'w', 'pstree -p', 'pmap -x (this harness)'].map((pair) => ({
    pair,
    scenario: 'idle',
    checks: [overNode(10)],
  })),
  { pair: 'top -b -n 1', scenario: 'idle', checks: [overNodeAndWait(10, 150)] },
  { pair: 'top -b -n 1', scenario: 'procs', checks: [wallRatio(0.8)] },
];

const DEFAULTS = { runs: 30, warmups: 3, procs: 5000, conns: 4000 };
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: node bench/run.mjs [options]     (or: npm run bench -- [options])

Times each of our commands against the classic tool it clones, with
\`${FLOOR.join(' ')}\` as the floor. Each pair runs interleaved (ours, classic,
node; ours, classic, node; ...) after warm-up rounds; each run is forked by a
small C runner (bench/wait4-runner.c, built with \`cc\` at start) that reports the
wall time and wait4's user+sys CPU time and peak RSS of the finished child.
Rows go to bench/results.json, merged with the rows already there (rows not
run are kept), and bench/RESULTS.md is rendered from it, with the targets.

Options:
  --runs N          timed rounds per pair (default ${DEFAULTS.runs})
  --warmups N       untimed rounds before them (default ${DEFAULTS.warmups})
  --only SUBSTRING  only pairs whose name contains SUBSTRING; repeatable
  --scenario NAME   only this scenario (${ALL.join(', ')}); repeatable,
                    or comma-separated
  --procs N         extra idle processes in "procs" (default ${DEFAULTS.procs})
  --conns N         loopback TCP connections in "conns" (default ${DEFAULTS.conns},
                    i.e. 2N sockets), also 2N UDP and 2N unix sockets there;
                    TCP only in "procs+conns"
  --out DIR         read and write results.json and RESULTS.md in DIR instead
                    of bench/ (for trial runs)
  -h, --help        show this help

Scenarios: idle (nothing extra), procs (N sleeping processes), conns (N TCP
connections on 127.0.0.1, 2N UDP sockets, N unix connections), procs+conns
(the procs and the TCP connections at once). Each is set up once, used
by all pairs that list it, and torn down before the next one, also on error,
SIGINT and SIGTERM. Targets are judged only on rows measured at the default
--procs and --conns.`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: String(DEFAULTS.runs) },
      warmups: { type: 'string', default: String(DEFAULTS.warmups) },
      procs: { type: 'string', default: String(DEFAULTS.procs) },
      conns: { type: 'string', default: String(DEFAULTS.conns) },
      only: { type: 'string', multiple: true, default: [] },
      scenario: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: join(ROOT, 'bench') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scenarios = values.scenario.flatMap((s) => s.split(',')).filter(Boolean);
  for (const name of scenarios) if (!ALL.includes(name)) throw new Error(`unknown scenario "${name}" (known: ${ALL.join(', ')})`);
  const opts = { only: values.only, scenarios, out: resolve(values.out) };
  for (const key of ['runs', 'warmups', 'procs', 'conns']) {
    opts[key] = Number(values[key]);
    const min = key === 'warmups' ? 0 : 1;
    if (!Number.isInteger(opts[key]) || opts[key] < min) throw new Error(`--${key} needs an integer ≥ ${min}, got "${values[key]}"`);
  }
  return opts;
}

const log = (msg) => process.stderr.write(`${msg}\n`);

// ---------------------------------------------------------------------------
// /proc readings

/** Processes as [{ pid, comm, pgrp }], skipping any that vanish while read. */
function listProcesses() {
  const procs = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm may contain spaces and parentheses, so split at the last ')'.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      procs.push({ pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close), pgrp: Number(fields[2]) });
    } catch {
      // The process exited between readdir and read.
    }
  }
  return procs;
}

/** Lines of /proc/net/tcp and tcp6, without the headers. */
function tcpSockets() {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    try {
      return readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      return [];
    }
  });
}

/** The machine, as RESULTS.md describes it. */
function machine() {
  const cpus = os.cpus();
  let distro = 'unknown';
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? distro;
  } catch {
    // No os-release: the kernel line still says enough.
  }
  return {
    cores: cpus.length,
    available: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    kernel: `${os.type()} ${os.release()} ${os.version()} (${os.arch()})`,
    distro,
    memoryKiB: Math.round(os.totalmem() / 1024),
    node: process.version,
  };
}

// ---------------------------------------------------------------------------
// Scenario helpers (bench/*-helper.mjs) run in their own session and process
// group, so that one kill(-pgid) reaches every process they started. Helpers
// still alive are tracked here so that every exit path can tear them down.

const helpers = new Set();
let stopping = false;

/**
 * Starts bench/SCRIPT with ARGS and tracks it. Resolves, once the helper
 * prints its "ready [DETAIL]" line, to { pgid, detail, teardown }.
 * `teardown` is memoized (signal handlers and the normal path may both call
 * it); it runs `onGone` after checking that the process group is empty.
 */
async function startHelper(label, script, args, onGone) {
  if (stopping) throw new Error('interrupted');
  // Raise the fd limit for the conns helper's 2N sockets; where raising it
  // beyond the hard limit is not permitted, take the hard limit.
  const sh = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';
  // stdin is a pipe the helper watches: should this process die without a
  // teardown (SIGKILL), the pipe closes and the helper cleans up by itself.
  const child = spawn('sh', ['-c', sh, process.execPath, join(ROOT, 'bench', script), ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pgid = child.pid;
  const exited = new Promise((resolve) => child.on('close', resolve));
  let done;
  const helper = {
    pgid,
    teardown: () => (done ??= (async () => {
      // SIGTERM lets the helper kill and reap its children (PID 1 in a
      // container may not reap orphans); SIGKILL only if it does not end.
      killGroup(pgid, 'SIGTERM');
      const ended = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]);
      if (!ended) killGroup(pgid, 'SIGKILL');
      child.stdin.destroy();
      await waitFor(() => !listProcesses().some((p) => p.pgrp === pgid), 10_000, `${label}: process group ${pgid} still has processes after teardown`);
      await onGone();
      helpers.delete(helper);
    })()),
  };
  helpers.add(helper);
  helper.detail = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^ready ?(.*)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`${label}: helper exited with status ${code} before it was ready`)));
  });
  return helper;
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

async function teardownAll() {
  for (const helper of [...helpers]) await helper.teardown();
}

async function waitFor(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(200);
  }
}

/** N idle `sleep` processes held by bench/procs-helper.mjs. */
async function startSleepers(n) {
  log(`procs: starting ${n} sleeping processes`);
  const { pgid } = await startHelper('procs', 'procs-helper.mjs', [String(n)], () => log('procs: torn down, no sleeper left'));
  const running = listProcesses().filter((p) => p.pgrp === pgid && p.comm === 'sleep').length;
  if (running < n) throw new Error(`procs: only ${running} of ${n} sleepers show in /proc`);
  log(`procs: ${running} sleepers running (process group ${pgid})`);
}

/** Lines of a /proc/net table, without the header. */
function tableLines(file) {
  try {
    return readFileSync(file, 'latin1').trim().split('\n').slice(1);
  } catch {
    return [];
  }
}

/**
 * N loopback TCP connections held by bench/conns-helper.mjs; with `more`, also 2N UDP sockets
 * (half of them connected in pairs) and N unix stream connections (2N sockets), each kind held
 * by a helper of its own (a process may not hold more than the hard fd limit), so that the UDP
 * and UNIX tables are as long as the TCP one.
 */
async function startConns(n, more = false) {
  log(`conns: opening ${n} loopback TCP connections`);
  let port;
  // Both ends of each connection have PORT (hex) as local or remote port.
  const onOurPort = (line) => {
    const [local, remote] = line.trim().split(/\s+/).slice(1, 3);
    return [local, remote].some((addr) => Number.parseInt(addr.split(':')[1], 16) === port);
  };
  const { pgid, detail } = await startHelper('conns', 'conns-helper.mjs', [String(n), 'tcp'], async () => {
    await waitFor(() => !tcpSockets().some(onOurPort), 10_000, `conns: sockets on port ${port} remain after teardown`);
    log('conns: torn down, no socket left');
  });
  port = Number(detail);
  const established = tcpSockets().filter((line) => onOurPort(line) && line.trim().split(/\s+/)[3] === '01').length;
  if (established < 2 * n) throw new Error(`conns: only ${established} of ${2 * n} sockets established`);
  log(`conns: ${established} established sockets on 127.0.0.1:${port} (process group ${pgid})`);
  if (!more) return;

  log(`conns: opening ${2 * n} UDP sockets`);
  const udpBefore = tableLines('/proc/net/udp').length;
  const udp = await startHelper('conns udp', 'conns-helper.mjs', [String(n), 'udp'], async () => {
    await waitFor(() => tableLines('/proc/net/udp').length <= udpBefore, 10_000, 'conns: UDP sockets remain after teardown');
    log('conns udp: torn down, no socket left');
  });
  const bound = tableLines('/proc/net/udp').length - udpBefore;
  if (bound < 2 * n) throw new Error(`conns: only ${bound} of ${2 * n} UDP sockets`);
  log(`conns: ${bound} UDP sockets (process group ${udp.pgid})`);

  log(`conns: opening ${n} unix stream connections`);
  let path;
  // The listener and the accepted ends show the server's path; the connecting ends have none.
  const withPath = () => tableLines('/proc/net/unix').filter((line) => line.endsWith(` ${path}`)).length;
  const unix = await startHelper('conns unix', 'conns-helper.mjs', [String(n), 'unix'], async () => {
    await waitFor(() => withPath() === 0, 10_000, `conns: unix sockets at ${path} remain after teardown`);
    log('conns unix: torn down, no socket left');
  });
  path = unix.detail;
  if (withPath() < n + 1) throw new Error(`conns: only ${withPath()} of ${n + 1} unix sockets at ${path}`);
  log(`conns: ${n} unix connections to ${path} (process group ${unix.pgid})`);
}

const SCENARIOS = {
  idle: { describe: () => 'nothing extra started', setup: async () => {} },
  procs: { describe: (s) => `${s.procs} extra idle processes`, setup: (o) => startSleepers(o.procs) },
  conns: {
    describe: (s) =>
      `${s.conns} loopback TCP connections (${2 * s.conns} sockets), ${2 * s.conns} UDP sockets on 127.0.0.1 (half of them connected in pairs) ` +
      `and ${s.conns} unix stream connections (${2 * s.conns} sockets)`,
    setup: (o) => startConns(o.conns, true),
  },
  'procs+conns': {
    describe: (s) => `${s.procs} extra idle processes and ${s.conns} loopback TCP connections (${2 * s.conns} sockets) at once`,
    setup: async (o) => {
      await startSleepers(o.procs);
      await startConns(o.conns);
    },
  },
};

/** The sizes that shape a scenario, stored with each row. */
const scaleOf = (scenario, opts) => ({
  ...(scenario.includes('procs') && { procs: opts.procs }),
  ...(scenario.includes('conns') && { conns: opts.conns }),
});

// ---------------------------------------------------------------------------
// Timing

const show = (argv) => argv.join(' ');

/** Runs argv once with output captured; returns why it is unusable, or null. */
function probe(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 60_000 });
  if (r.error?.code === 'ENOENT') return `\`${argv[0]}\` is not installed`;
  if (r.error) return `\`${show(argv)}\` failed: ${r.error.message}`;
  if (r.signal) return `\`${show(argv)}\` was killed by ${r.signal}`;
  if (r.status !== 0) {
    const lines = r.stderr.split('\n').filter((l) => l.trim());
    const why = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? 'no message';
    return `\`${show(argv)}\` exits with status ${r.status}: ${why.trim()}`;
  }
  return null;
}

/**
 * Builds bench/wait4-runner.c and starts it. Returns { run(argv), close() }: run resolves
 * to { wall, cpu, rss, status } (ms, ms, KiB) for one run of argv.
 */
async function startRunner() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ptools-bench-'));
  const exe = join(dir, 'wait4-runner');
  let child;
  try {
    const cc = process.env.CC ?? 'cc';
    const built = spawnSync(cc, ['-O2', '-o', exe, join(ROOT, 'bench', 'wait4-runner.c')], { encoding: 'utf8' });
    if (built.error || built.status !== 0) {
      throw new Error(`cannot build bench/wait4-runner.c with \`${cc}\` (set CC to another C compiler): ${built.error?.message ?? built.stderr.trim()}`);
    }
    // NODE_EXTRA_CA_CERTS makes every Node start parse a CA bundle (tens of ms that vary from
    // run to run), a setting of the machine that has nothing to do with the commands timed.
    const { NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
    child = spawn(exe, [], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  } finally {
    // Linux keeps a running executable alive after its file is gone.
    rmSync(dir, { recursive: true, force: true });
  }
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [wallNs, userUs, sysUs, rss, status] = line.split(' ').map(Number);
    waiting.shift().resolve({ wall: wallNs / 1e6, cpu: (userUs + sysUs) / 1e3, rss, status });
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`wait4-runner ended (${signal ?? `status ${code}`})`));
  });
  return {
    run: (argv) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${argv.map((arg) => `${arg}\0`).join('')}\0`);
      }),
    close: () => child.stdin.end(),
  };
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Median of f(a_i, b_i) over the runs of one round each: pairs share the machine's moment. */
const pairwise = (as, bs, f) => median(as.map((a, i) => f(a, bs[i])));
const sideStats = (samples) => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rss: median(samples.map((s) => s.rss)) });
// A zero denominator gives no ratio (JSON has no Infinity); a zero CPU time does not occur for an exec'd child.
const ratio = (a, b) => (b > 0 ? a / b : null);

/**
 * Times one pair: warm-up rounds, then `runs` rounds of ours, classic, floor in turn.
 * Returns the row's figures, or { problem } if a command failed.
 */
async function timePair(runner, pair, opts, label) {
  if (pair.processRows) return withProcessRows((file) => timeCommands(runner, pair, [pair.ours.map((arg) => arg.replace('{rows}', file)), pair.classic, FLOOR], opts, label, null));
  if (!pair.serve) return timeCommands(runner, pair, [pair.ours, pair.classic, FLOOR], opts, label, null);
  const servers = await startServers(pair);
  try {
    const url = (argv) => argv.map((arg) => arg.replace('{ours}', servers.ours.port).replace('{classic}', servers.classic.port));
    return await timeCommands(runner, pair, [url(pair.ours), url(pair.classic), FLOOR], opts, label, [servers.ours.pid, servers.classic.pid, null]);
  } finally {
    await servers.stop();
  }
}

/** Runs `time` with the path of a JSON file of the library pair's rows, made by processes() now. */
async function withProcessRows(time) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ptools-bench-rows-'));
  try {
    const file = join(dir, 'rows.json');
    const made = spawnSync('node', ['--input-type=module', '-e', WRITE_PROCESS_ROWS, file], { cwd: ROOT, encoding: 'utf8' });
    if (made.status !== 0) return { problem: `writing the rows failed: ${made.stderr}` };
    return await time(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU nanoseconds all threads of `pid` have run (schedstat's first field, summed over tasks). */
function threadsCpuNs(pid) {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return total;
}

const rssKiB = (pid) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

async function freePort() {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a pair's two servers and waits until each answers /metrics. */
async function startServers(pair) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ptools-bench-serve-'));
  const started = [];
  const stop = async () => {
    for (const child of started) {
      const gone = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const config = join(dir, 'config.yml');
    if (pair.config) writeFileSync(config, pair.config);
    const sides = {};
    for (const side of ['ours', 'classic']) {
      const port = await freePort();
      const argv = pair.serve[side].map((arg) => arg.replace('{port}', port).replace('{config}', config));
      const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: 'ignore' });
      started.push(child);
      await waitFor(() => probe(['curl', '-sf', '-o', '/dev/null', `http://127.0.0.1:${port}/metrics`]) === null, 30_000, `${show(argv)} did not answer`);
      sides[side] = { port, pid: child.pid };
    }
    return { ...sides, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Times `commands`; where `serverPids[i]` is set, the CPU and RSS of sample i are that server's. */
async function timeCommands(runner, pair, commands, opts, label, serverPids) {
  const samples = commands.map(() => []);
  const rounds = opts.warmups + opts.runs;
  for (let round = 0; round < rounds; round++) {
    if (process.stderr.isTTY) process.stderr.write(`${label}: ${round < opts.warmups ? 'warm-up' : `run ${round - opts.warmups + 1}/${opts.runs}`}   \r`);
    for (const [i, argv] of commands.entries()) {
      const server = serverPids?.[i] ?? null;
      const cpuBefore = server && threadsCpuNs(server);
      const sample = await runner.run(argv);
      if (server) {
        sample.cpu = (threadsCpuNs(server) - cpuBefore) / 1e6;
        sample.rss = rssKiB(server);
      }
      if (sample.status !== 0) {
        // Rerun with stderr captured so that the report can say why.
        return { problem: `failed: ${probe(argv) ?? `\`${show(argv)}\` exited with status ${sample.status} while timed (a rerun succeeded)`}` };
      }
      if (round >= opts.warmups) samples[i].push(sample);
    }
    if (stopping) throw new Error('interrupted');
  }
  const [a, b, f] = samples;
  return {
    ours: sideStats(a),
    classic: sideStats(b),
    node: sideStats(f),
    ratio: { wall: pairwise(a, b, (x, y) => ratio(x.wall, y.wall)), cpu: pairwise(a, b, (x, y) => ratio(x.cpu, y.cpu)) },
    overNode: pairwise(a, f, (x, y) => x.wall - y.wall),
    overNodePerClassic: median(a.map((x, i) => ratio(x.wall - f[i].wall, b[i].wall))),
  };
}

// ---------------------------------------------------------------------------
// Results: bench/results.json holds every row; RESULTS.md is rendered from it.

const rowKey = (row) => `${row.scenario}\0${row.pair}`;

function loadResults(file) {
  if (!existsSync(file)) return { runs: {}, rows: [] };
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Replaces the rows measured now and keeps all others, except rows of pairs or scenarios
 * no longer in PAIRS (they name commands this harness does not run any more).
 */
function merge(stored, run, rows) {
  const fresh = new Set(rows.map(rowKey));
  const known = new Set(PAIRS.flatMap((p) => p.scenarios.map((scenario) => rowKey({ scenario, pair: p.name }))));
  const kept = stored.rows.filter((row) => known.has(rowKey(row)) && !fresh.has(rowKey(row)));
  const all = [...kept, ...rows];
  const used = new Set(all.map((row) => row.run));
  const runs = Object.fromEntries(Object.entries({ ...stored.runs, [run.id]: run }).filter(([id]) => used.has(id)));
  return { runs, rows: all };
}

const code = (text) => `\`${text}\``;

/** Each target's checks against its row: met, not met, or why it was not judged. */
function targetLines(results) {
  const lines = ['| target | scenario | check | measured | result |', '|---|---|---|--:|---|'];
  for (const target of TARGETS) {
    const row = results.rows.find((r) => r.pair === target.pair && r.scenario === target.scenario);
    const defaults = scaleOf(target.scenario, DEFAULTS);
    const offScale = row && Object.entries(defaults).some(([key, value]) => row.scale[key] !== value);
    for (const check of target.checks) {
      const value = row && !row.problem ? check.value(row) : null;
      let result;
      if (!row) result = 'not measured';
      else if (row.problem) result = `not measured: ${row.problem.split(':')[0]}`;
      else if (offScale) result = `not judged: measured at ${SCENARIOS[target.scenario].describe(row.scale)}`;
      else if (value == null) result = 'not measured';
      else result = value <= check.max ? '**met**' : '**not met**';
      lines.push(`| ${code(target.pair)} | ${target.scenario} | ${check.what} | ${value == null ? '' : check.show(value)} | ${result} |`);
    }
  }
  return lines;
}

/** Markdown for one scenario; `runLabel` numbers the runs when rows come from several, else null. */
function scenarioLines(name, rows, runLabel) {
  const scales = [...new Set(rows.map((row) => SCENARIOS[name].describe(row.scale)))];
  const lines = [`## Scenario \`${name}\`: ${scales.join(' / ')}`, ''];
  const timed = rows.filter((row) => !row.problem);
  if (timed.length) {
    lines.push(
      '| pair | ours wall | classic wall | wall ratio | ours CPU | classic CPU | CPU ratio | ours peak RSS | classic peak RSS |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...timed.map((r) => `| ${code(r.pair)} | ${ms(r.ours.wall)} | ${ms(r.classic.wall)} | ${times(r.ratio.wall)} | ${ms(r.ours.cpu)} | ${ms(r.classic.cpu)} | ${times(r.ratio.cpu)} | ${mib(r.ours.rss)} | ${mib(r.classic.rss)} |`),
      '',
      `| pair | \`node -e 0\` wall | \`node -e 0\` CPU | \`node -e 0\` peak RSS | ours − node wall | processes / TCP sockets | runs |${runLabel ? ' run |' : ''}`,
      `|---|--:|--:|--:|--:|--:|--:|${runLabel ? '---|' : ''}`,
      ...timed.map(
        (r) =>
          `| ${code(r.pair)} | ${ms(r.node.wall)} | ${ms(r.node.cpu)} | ${mib(r.node.rss)} | ${ms(r.overNode)} | ${r.onMachine.processes} / ${r.onMachine.sockets} | ${r.runs} |${runLabel ? ` run ${runLabel(r.run)} |` : ''}`,
      ),
      '',
      'Wall and CPU in ms, peak RSS in MiB: medians over the runs. Ratios: median of ours/classic over the rounds.',
    );
  } else {
    lines.push('Nothing timed.');
  }
  const problems = rows.filter((row) => row.problem);
  if (problems.length) lines.push('', ...problems.map((row) => `- ${code(row.pair)} ${row.problem}`));
  return lines;
}

function render(results) {
  const ids = Object.keys(results.runs).sort();
  const runLabel = ids.length > 1 ? (id) => ids.indexOf(id) + 1 : null;
  const runLines = ids.flatMap((id) => {
    const { date, machine: m, options: o, load } = results.runs[id];
    return [
      `### ${runLabel ? `Run ${runLabel(id)}: ` : ''}${date}`,
      '',
      `- Machine: ${m.cores} cores (${m.available} available to the bench), ${m.cpuModel}, ${(m.memoryKiB / MIB / MIB).toFixed(1)} GiB memory`,
      `- Kernel: ${m.kernel}; ${m.distro}`,
      `- Node: ${m.node}`,
      `- Load average (1, 5, 15 min): ${load.start.map((x) => x.toFixed(2)).join(', ')} at start, ${load.end.map((x) => x.toFixed(2)).join(', ')} at end`,
      `- Options: ${o.runs} timed rounds per pair after ${o.warmups} warm-up round${o.warmups === 1 ? '' : 's'}${o.only.length ? `; --only ${o.only.map((s) => JSON.stringify(s)).join(' --only ')}` : ''}${o.scenarios.length ? `; --scenario ${o.scenarios.join(',')}` : ''}`,
      '',
    ];
  });
  const sections = ALL.map((name) => {
    const order = (row) => PAIRS.findIndex((p) => p.name === row.pair);
    const rows = results.rows.filter((row) => row.scenario === name).sort((a, b) => order(a) - order(b));
    return rows.length ? [...scenarioLines(name, rows, runLabel), ''] : [];
  });
  return [
    '# Benchmark results',
    '',
    'Rendered by `npm run bench` (bench/run.mjs) from bench/results.json. A run limited with `--only` or',
    '`--scenario` replaces just the rows it measured; the others keep the run they came from.',
    '',
    '## Runs',
    '',
    ...runLines,
    '## Method',
    '',
    '- Each pair runs interleaved after warm-up rounds: every round runs ours, then the classic tool, then',
    `  \`${show(FLOOR)}\`, so that all three share the machine's state of that moment.`,
    '- Commands run from the repository root with stdin, stdout and stderr on /dev/null, and without',
    '  NODE_EXTRA_CA_CERTS (with it, every Node start parses a CA bundle first). Each is forked by',
    '  bench/wait4-runner.c, a small C program that stays up for the whole bench: wall time is taken around',
    "  fork … wait4 (process creation, exec and exit included, as from a shell); CPU time is the child's",
    "  user + sys and peak RSS its ru_maxrss, from wait4's rusage (waited-for descendants included).",
    '- Every figure is a median over the timed rounds. "wall ratio" and "CPU ratio" are the median of the',
    '  per-round ratios ours/classic (below 1: ours is faster); "ours − node wall" is the median of the',
    `  per-round differences with \`${show(FLOOR)}\`: the cost beyond bare Node start-up.`,
    '- Exporter pairs time one scrape per run (curl fetching /metrics) of two servers started for the pair,',
    "  each taking a fresh snapshot per scrape; their CPU and peak RSS columns are the server's: the CPU its",
    '  threads ran during the scrape (/proc/PID/task/*/schedstat) and its VmRSS after it.',
    '- Scenarios are set up once, used by all pairs that list them, then torn down. The processes / TCP',
    '  sockets column counts what was on the machine while the pair ran.',
    '- A load average well above zero at start means other work shared the machine: re-measure.',
    '',
    '## Targets',
    '',
    ...targetLines(results),
    '',
    ...sections.flat(),
  ].join('\n').trimEnd() + '\n';
}

function save(opts, run, rows) {
  const file = join(opts.out, 'results.json');
  const results = merge(loadResults(file), { ...run, load: { ...run.load, end: os.loadavg() } }, rows);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(opts.out, 'RESULTS.md'), render(results));
}

// ---------------------------------------------------------------------------

/** Throws if a target names a pair or scenario the table does not have. */
function checkTargets() {
  for (const target of TARGETS) {
    if (!PAIRS.some((p) => p.name === target.pair && p.scenarios.includes(target.scenario))) {
      throw new Error(`target on "${target.pair}" in ${target.scenario}: no such pair in that scenario`);
    }
  }
}

async function main() {
  checkTargets();
  const opts = parseOptions();
  const pairs = PAIRS.filter((p) => !opts.only.length || opts.only.some((s) => p.name.includes(s)))
    .map((p) => ({ ...p, scenarios: p.scenarios.filter((s) => !opts.scenarios.length || opts.scenarios.includes(s)) }))
    .filter((p) => p.scenarios.length);
  if (!pairs.length) throw new Error('no pair matches --only and --scenario');
  const date = new Date().toISOString();
  const run = {
    id: date,
    date,
    machine: machine(),
    options: { runs: opts.runs, warmups: opts.warmups, only: opts.only, scenarios: opts.scenarios },
    load: { start: os.loadavg() },
  };

  // Commands that cannot run are reported, not timed.
  const floorError = probe(FLOOR);
  if (floorError) throw new Error(floorError);
  for (const pair of pairs) {
    // A server pair: its servers' programs and curl must exist (the servers themselves are
    // started when the pair runs).
    const classicError = pair.serve ? probe(['sh', '-c', `command -v ${pair.serve.classic[0]} >/dev/null || { echo "${pair.serve.classic[0]} is not installed" >&2; exit 1; }`]) ?? probe(['curl', '--version']) : probe(pair.classic);
    // The rows pair's script needs its rows file, made (and checked) when the pair runs.
    const error = classicError ?? (pair.serve ? probe([...pair.serve.ours.slice(0, 2), '--help']) : pair.processRows ? null : probe(pair.ours));
    if (!error) continue;
    pair.problem = classicError?.endsWith('is not installed') ? `skipped: ${classicError}` : `failed: ${error}`;
    log(`${pair.name}: ${pair.problem}`);
  }

  const runner = await startRunner();
  const rows = [];
  try {
    for (const scenario of ALL) {
      const inScenario = pairs.filter((p) => p.scenarios.includes(scenario));
      const base = (pair) => ({ scenario, pair: pair.name, run: run.id, scale: scaleOf(scenario, opts), runs: opts.runs, warmups: opts.warmups });
      rows.push(...inScenario.filter((p) => p.problem).map((p) => ({ ...base(p), problem: p.problem })));
      const usable = inScenario.filter((p) => !p.problem);
      // A scenario with no usable pair is not worth setting up.
      if (!usable.length) continue;
      try {
        await SCENARIOS[scenario].setup(opts);
        const onMachine = { processes: listProcesses().length, sockets: tcpSockets().length };
        for (const pair of usable) {
          const label = `${scenario}: ${pair.name}`;
          if (!process.stderr.isTTY) log(label);
          rows.push({ ...base(pair), onMachine, ...(await timePair(runner, pair, opts, label)) });
          if (process.stderr.isTTY) process.stderr.write('\n');
        }
      } finally {
        await teardownAll();
      }
      // Saved after each scenario, so that an interrupted bench keeps what it finished.
      save(opts, run, rows);
    }
  } finally {
    runner.close();
  }
  save(opts, run, rows);
  log(`wrote ${join(opts.out, 'results.json')} and RESULTS.md`);
  process.stdout.write(render({ runs: { [run.id]: { ...run, load: { ...run.load, end: os.loadavg() } } }, rows }));
  if (rows.some((row) => row.problem?.startsWith('failed'))) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: tearing down scenarios`);
    try {
      await teardownAll();
    } catch (err) {
      log(`bench: ${err.message}`);
    } finally {
      process.exit(128 + os.constants.signals[signal]);
    }
  });
}

// Last resort for helpers whose teardown failed or never ran.
process.on('exit', () => {
  for (const helper of helpers) killGroup(helper.pgid, 'SIGKILL');
});

// Scenarios are torn down in main's own `finally`; here only report.
main().catch((err) => {
  if (stopping) return; // the signal handler tears down and exits
  log(`bench: ${err.message}`);
  process.exitCode = 1;
});
