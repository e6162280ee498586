// Benchmark harness: times our commands against the classic tools they clone.
// Run `node bench/run.mjs --help` for usage.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// Pairs to compare. `ours` and `classic` are argv arrays run from the
// repository root; `scenarios` names entries of SCENARIOS below.
// In-process library loops, the same attributes on both sides.
const PSUTIL_MEMORY_LOOP = `import psutil
for p in psutil.process_iter():
    try:
        m = p.memory_full_info()
        print(p.pid, m.uss, m.pss, m.swap)
    except psutil.Error:
        pass`;
const PSUTIL_PROCESS_LOOP = `import psutil
for p in psutil.process_iter(['pid', 'name', 'cpu_times', 'memory_info']):
    print(p.info['pid'], p.info['name'], p.info['cpu_times'], p.info['memory_info'])`;
const PTOOLS_PROCESS_LOOP = `import { processes } from './dist/lib/index.js';
for (const p of processes(['name', 'cpuTimes', 'memoryInfo'])) console.log(p.pid, p.name, p.cpuTimes, p.memoryInfo);`;

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

const PAIRS = [
  { name: 'netstat -antp', ours: ['node', 'bin/pt-netstat.js', '-antp'], classic: ['netstat', '-antp'], scenarios: ['idle', 'procs', 'conns', 'procs+conns'] },
  { name: 'netstat -antp vs ss -antp', ours: ['node', 'bin/pt-netstat.js', '-antp'], classic: ['ss', '-antp'], scenarios: ['idle', 'procs', 'conns', 'procs+conns'] },
  { name: 'netstat -ant', ours: ['node', 'bin/pt-netstat.js', '-ant'], classic: ['netstat', '-ant'], scenarios: ['idle', 'conns'] },
  { name: 'netstat -ant vs ss -ant', ours: ['node', 'bin/pt-netstat.js', '-ant'], classic: ['ss', '-ant'], scenarios: ['idle', 'conns'] },
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
  { name: 'smem -u -t', ours: ['node', 'bin/pt-smem.js', '-u', '-t'], classic: ['smem', '-u', '-t'], scenarios: ['idle'] },
  { name: 'procsmem vs a psutil loop', ours: ['node', 'bin/pt-procsmem.js'], classic: ['/usr/bin/python3', '-c', PSUTIL_MEMORY_LOOP], scenarios: ['idle', 'procs'] },
  { name: 'ps aux', ours: ['node', 'bin/pt-ps.js', 'aux'], classic: ['ps', 'aux'], scenarios: ['idle', 'procs'] },
  { name: 'ps -ef', ours: ['node', 'bin/pt-ps.js', '-ef'], classic: ['ps', '-ef'], scenarios: ['idle', 'procs'] },
  { name: 'ps -eo pid,comm', ours: ['node', 'bin/pt-ps.js', '-eo', 'pid,comm'], classic: ['ps', '-eo', 'pid,comm'], scenarios: ['idle', 'procs'] },
  { name: 'procinfo (this harness) vs psutil', ours: ['node', 'bin/pt-procinfo.js', String(process.pid)], classic: ['/usr/bin/python3', '-c', PSUTIL_PROCINFO, String(process.pid)], scenarios: ['idle'] },
  { name: 'library: all processes (pid, name, cpu, memory) vs psutil', ours: ['node', '--input-type=module', '-e', PTOOLS_PROCESS_LOOP], classic: ['/usr/bin/python3', '-c', PSUTIL_PROCESS_LOOP], scenarios: ['idle', 'procs'] },
];

// Bare Node startup, the lower bound for any of our commands.
const FLOOR = ['node', '-e', '0'];
const WARMUPS = 3;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: node bench/run.mjs [options]     (or: npm run bench -- [options])

Times each of our commands against the classic tool it clones, plus
\`${FLOOR.join(' ')}\` as the floor, and writes bench/RESULTS.md.

Options:
  --runs N          timed runs per command (default 30), after ${WARMUPS} warm-up runs
  --procs N         extra idle processes in the "procs" scenario (default 5000)
  --conns N         loopback TCP connections in the "conns" scenario (default 4000,
                    i.e. 2N sockets)
  --only SUBSTRING  only pairs whose name contains SUBSTRING
  -h, --help        show this help

Scenarios: idle (nothing extra), procs (N sleeping processes), conns (N
connections on 127.0.0.1), procs+conns (both at once). Each is set up once, used by all pairs that list
it, and torn down before the next one, also on error, SIGINT and SIGTERM.`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      procs: { type: 'string', default: '5000' },
      conns: { type: 'string', default: '4000' },
      only: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts = { only: values.only };
  for (const key of ['runs', 'procs', 'conns']) {
    opts[key] = Number(values[key]);
    if (!Number.isInteger(opts[key]) || opts[key] < 1) throw new Error(`--${key} needs a positive integer, got "${values[key]}"`);
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

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const count = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const memTotal = /^MemTotal:\s*(.+)$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 'unknown';
  return [
    `- Kernel: ${os.type()} ${os.release()} (${os.arch()})`,
    `- CPU: ${model} × ${count}`,
    `- MemTotal: ${memTotal}`,
    `- Node: ${process.version}`,
    `- Processes: ${listProcesses().length} at start`,
  ].join('\n');
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

/** N loopback connections held by bench/conns-helper.mjs. */
async function startConns(n) {
  log(`conns: opening ${n} loopback TCP connections`);
  let port;
  // Both ends of each connection have PORT (hex) as local or remote port.
  const onOurPort = (line) => {
    const [local, remote] = line.trim().split(/\s+/).slice(1, 3);
    return [local, remote].some((addr) => Number.parseInt(addr.split(':')[1], 16) === port);
  };
  const { pgid, detail } = await startHelper('conns', 'conns-helper.mjs', [String(n)], async () => {
    await waitFor(() => !tcpSockets().some(onOurPort), 10_000, `conns: sockets on port ${port} remain after teardown`);
    log('conns: torn down, no socket left');
  });
  port = Number(detail);
  const established = tcpSockets().filter((line) => onOurPort(line) && line.trim().split(/\s+/)[3] === '01').length;
  if (established < 2 * n) throw new Error(`conns: only ${established} of ${2 * n} sockets established`);
  log(`conns: ${established} established sockets on 127.0.0.1:${port} (process group ${pgid})`);
}

const SCENARIOS = {
  idle: { describe: () => 'nothing extra started', setup: async () => {} },
  procs: { describe: (o) => `${o.procs} extra idle processes`, setup: (o) => startSleepers(o.procs) },
  conns: { describe: (o) => `${o.conns} loopback TCP connections (${2 * o.conns} sockets)`, setup: (o) => startConns(o.conns) },
  'procs+conns': {
    describe: (o) => `${o.procs} extra idle processes and ${o.conns} loopback TCP connections (${2 * o.conns} sockets) at once`,
    setup: async (o) => {
      await startSleepers(o.procs);
      await startConns(o.conns);
    },
  },
};

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

/** Wall time in ms of one run, output discarded; throws if the run fails. */
function timeOnce(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error || r.status !== 0) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`);
    throw new Error(`\`${show(argv)}\` failed during timing: ${why}`);
  }
  return ms;
}

/**
 * Times every command round-robin: each round runs each command once, so slow
 * phases of the machine are shared by all. The starting command rotates each
 * round so that no command always runs first, right after the event-loop yield.
 * Returns Map(key -> { times, error? }).
 */
async function timeAll(commands, runs, label) {
  const results = new Map([...commands.keys()].map((key) => [key, { times: [] }]));
  const keys = [...commands.keys()];
  for (let round = 0; round < WARMUPS + runs; round++) {
    const timed = round >= WARMUPS;
    if (process.stderr.isTTY || round === 0 || round === WARMUPS) {
      process.stderr.write(`${label}: ${timed ? `run ${round - WARMUPS + 1}/${runs}` : 'warm-up'}${process.stderr.isTTY ? '\r' : '\n'}`);
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round) % keys.length];
      const result = results.get(key);
      if (result.error) continue;
      try {
        const ms = timeOnce(commands.get(key));
        if (timed) result.times.push(ms);
      } catch (err) {
        // Rerun with stderr captured so that the report can say why.
        result.error = probe(commands.get(key)) ?? `${err.message} (a rerun succeeded)`;
      }
    }
    // Yield so that SIGINT/SIGTERM handlers can run between rounds.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) throw new Error('interrupted');
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return results;
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0] };
}

// ---------------------------------------------------------------------------
// Report

const ms = (x) => x.toFixed(2);

/** Why a pair has no row: set before timing, or the error of one of its commands. */
function pairProblem(pair, results) {
  const error = results?.get(show(pair.ours))?.error ?? results?.get(show(pair.classic))?.error;
  return pair.problem ?? (error && `failed: ${error}`);
}

/** Markdown for one scenario; `results` and `counts` are null if nothing was timed. */
function scenarioSection(name, opts, pairs, results, counts) {
  const lines = [`## Scenario \`${name}\`: ${SCENARIOS[name].describe(opts)}`, ''];
  const rows = [];
  const notes = [];
  const floor = results?.get(show(FLOOR));
  const floorStats = floor?.times.length ? stats(floor.times) : null;
  for (const pair of pairs) {
    const problem = pairProblem(pair, results);
    if (problem) {
      notes.push(`- \`${pair.name}\` ${problem}`);
      continue;
    }
    const o = stats(results.get(show(pair.ours)).times);
    const c = stats(results.get(show(pair.classic)).times);
    const over = floorStats ? ms(o.median - floorStats.median) : 'n/a';
    rows.push(`| \`${pair.name}\` | ${ms(o.median)} | ${ms(o.min)} | ${ms(c.median)} | ${ms(c.min)} | ${(o.median / c.median).toFixed(2)} | ${over} |`);
  }
  if (counts) lines.push(`${counts.procs} processes and ${counts.sockets} TCP sockets on the machine during the runs.`, '');
  if (rows.length) {
    lines.push(
      '| command | ours median | ours min | classic median | classic min | ratio | ours over node -e 0 |',
      '|---|--:|--:|--:|--:|--:|--:|',
      ...rows,
      '',
      `Times in ms. Floor \`${show(FLOOR)}\`: ${floorStats ? `median ${ms(floorStats.median)} ms, min ${ms(floorStats.min)} ms` : `failed: ${floor?.error}`}.`,
    );
  } else {
    lines.push('Nothing timed.');
  }
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

function report(opts, sections, machineText) {
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs)${opts.only ? `, pairs filtered with \`--only ${opts.only}\`` : ''}. Performance targets are judged from these numbers.

Date: ${new Date().toISOString()}

## Machine

${machineText}

## Method

- Each command is run ${opts.runs} times after ${WARMUPS} warm-up runs, from the repository root, with stdout and stderr discarded (\`spawnSync\`, stdio \`ignore\`).
- Each run is timed with \`process.hrtime.bigint()\` around the spawn, so times include process creation and exit, as when a user runs the command.
- The commands of a scenario are interleaved round-robin (every command once per round, starting command rotated each round), so machine noise hits both sides alike.
- ratio = ours median / classic median (below 1 means ours is faster).
- "ours over node -e 0" = ours median − median of \`${show(FLOOR)}\` in the same scenario: the cost beyond bare Node startup.
- Scenarios are set up once, used by all pairs that list them, then torn down.

${sections.join('\n\n')}
`;
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseOptions();
  const pairs = PAIRS.filter((p) => p.name.includes(opts.only)).map((p) => ({ ...p }));
  if (!pairs.length) throw new Error(`no pair name contains "${opts.only}"`);
  const machineText = machine();

  // Commands that cannot run are reported, not timed.
  const floorError = probe(FLOOR);
  if (floorError) throw new Error(floorError);
  for (const pair of pairs) {
    const classicError = probe(pair.classic);
    const error = classicError ?? probe(pair.ours);
    if (!error) continue;
    pair.problem = classicError?.endsWith('is not installed') ? `skipped: ${classicError}` : `failed: ${error}`;
    log(`${pair.name}: ${pair.problem}`);
  }

  const sections = [];
  let failed = false;
  for (const name of [...new Set(pairs.flatMap((p) => p.scenarios))]) {
    if (!SCENARIOS[name]) throw new Error(`unknown scenario "${name}"`);
    const inScenario = pairs.filter((p) => p.scenarios.includes(name));
    // Unique commands to time: the floor plus both sides of every usable pair.
    const commands = new Map([[show(FLOOR), FLOOR]]);
    for (const pair of inScenario.filter((p) => !p.problem)) {
      commands.set(show(pair.ours), pair.ours);
      commands.set(show(pair.classic), pair.classic);
    }
    // A scenario with no usable pair is not worth setting up; report why.
    let results = null;
    let counts = null;
    if (commands.size > 1) {
      try {
        await SCENARIOS[name].setup(opts);
        counts = { procs: listProcesses().length, sockets: tcpSockets().length };
        results = await timeAll(commands, opts.runs, name);
      } finally {
        await teardownAll();
      }
    }
    sections.push(scenarioSection(name, opts, inScenario, results, counts));
    failed ||= inScenario.some((pair) => pairProblem(pair, results)?.startsWith('failed'));
  }

  const text = report(opts, sections, machineText);
  console.log(sections.join('\n\n'));
  writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), text);
  log('wrote bench/RESULTS.md');
  if (failed) process.exitCode = 1;
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
