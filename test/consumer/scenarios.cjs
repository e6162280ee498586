// What a consumer of the installed package does with it, run once through import (esm.mjs) and
// once through require (cjs.cjs). Each scenario prints one JSON line for the test to judge.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');

const report = (name, value) => process.stdout.write(`${JSON.stringify({ name, value })}\n`);

/** A Node child that prints "ready", then allocates and touches N MB each time a line arrives on stdin. */
async function allocatingChild() {
  const child = spawn(
    process.execPath,
    ['-e', 'const kept = []; process.stdin.on("data", (d) => { kept.push(Buffer.alloc(Number(d) * 1048576, 1)); process.stdout.write("ok\\n"); }); process.stdout.write("ready\\n");'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await once(child.stdout, 'data');
  return child;
}

async function freshValues(ptools) {
  const child = await allocatingChild();
  try {
    const p = new ptools.Process(child.pid);
    const before = p.memoryInfo().rss;
    child.stdin.write('200');
    await once(child.stdout, 'data');
    const after = p.memoryInfo().rss;
    report('fresh', { before, after });
  } finally {
    child.kill('SIGKILL');
  }
}

/**
 * Marks the start of a phase for a tracer (strace) of this process: a lookup of a path that does
 * not exist, named after the phase.
 */
function markPhase(name) {
  fs.existsSync(`/ptools-phase-${name}`);
}

/** Asks a Process the same getters inside one oneshot() and then outside, in phases a tracer can tell apart. */
function oneshotReads(ptools) {
  const p = new ptools.Process(process.pid);
  const ask = () => [p.name(), p.ppid(), p.status(), p.cpuTimes(), p.createTime(), p.numThreads(), p.uids(), p.gids(), p.username(), p.cmdline(), p.memoryInfo(), p.numCtxSwitches()];
  markPhase('inside');
  p.oneshot(ask);
  markPhase('outside');
  ask();
  markPhase('end');
  report('oneshot', { pid: process.pid });
}

/** The largest lateness of a 5 ms interval timer while fn's promise is pending, in ms. */
async function worstTimerDelay(fn) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    const result = await fn();
    return { worst, result };
  } finally {
    clearInterval(timer);
  }
}

async function asyncScan(ptools, extra) {
  // Many sleeping processes, forked by one shell (cheaper than a spawn each from here).
  const group = spawn('sh', ['-c', `i=0; while [ $i -lt ${extra} ]; do sleep 600 & i=$((i+1)); done; echo started; wait`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await once(group.stdout, 'data');
  try {
    // Forked is not yet settled: wait until every child has become a sleeping `sleep`, so that
    // the rounds below do not compete with thousands of execs for the CPUs.
    for (;;) {
      const children = await ptools.findProcesses({ parent: group.pid });
      if (children.length === extra && children.every((child) => child.name === 'sleep')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await ptools.processes(); // warm up the addon and the user name cache
    // Three rounds each: a timer is also late when the kernel runs other work first, which rarely
    // strikes every round, while a scan that holds the event loop is late in each.
    const rounds = { processes: [], worstProcesses: [], iterated: [], worstIterated: [], children: [], worstChildren: [], childrenAsSync: [] };
    const parent = new ptools.Process(group.pid);
    for (let round = 0; round < 3; round++) {
      const all = await worstTimerDelay(() => ptools.processes());
      const iterated = await worstTimerDelay(async () => {
        let count = 0;
        for await (const info of ptools.iterProcesses({ attrs: ['name', 'memoryInfo'] })) if (info.pid > 0) count++;
        return count;
      });
      rounds.processes.push(all.result.length);
      rounds.worstProcesses.push(all.worst);
      rounds.iterated.push(iterated.result);
      rounds.worstIterated.push(iterated.worst);
      const children = await worstTimerDelay(() => parent.children({ recursive: true }));
      rounds.children.push(children.result.length);
      rounds.worstChildren.push(children.worst);
      const pidsOf = (list) => list.map((child) => child.pid).join(' ');
      rounds.childrenAsSync.push(pidsOf(children.result) === pidsOf(parent.childrenSync({ recursive: true })));
    }
    report('async', rounds);
  } finally {
    process.kill(-group.pid, 'SIGKILL');
  }
}

async function jsonRoundTrip(ptools) {
  const child = await allocatingChild();
  try {
    const p = new ptools.Process(child.pid);
    const values = {
      cpuTimes: ptools.cpuTimes(),
      perCpuTimes: ptools.cpuTimes({ percpu: true }),
      cpuPercent: ptools.cpuPercent(),
      cpuPercentInterval: await ptools.cpuPercent({ interval: 0.1, percpu: true }),
      cpuCount: [ptools.cpuCount(), ptools.cpuCount({ logical: false })],
      cpuFreq: ptools.cpuFreq(),
      loadAvg: ptools.loadAvg(),
      bootTime: ptools.bootTime(),
      users: ptools.users(),
      virtualMemory: ptools.virtualMemory(),
      swapMemory: ptools.swapMemory(),
      diskUsage: ptools.diskUsage('/'),
      diskPartitions: ptools.diskPartitions({ all: true }),
      diskIoCounters: [ptools.diskIoCounters(), ptools.diskIoCounters({ perdisk: true })],
      netIoCounters: [ptools.netIoCounters(), ptools.netIoCounters({ pernic: true })],
      netIfAddrs: ptools.netIfAddrs(),
      netIfStats: ptools.netIfStats(),
      connections: await ptools.connections({ kind: 'all' }),
      pids: ptools.pids(),
      pidExists: ptools.pidExists(child.pid),
      processTree: await ptools.processTree(),
      found: await ptools.findProcesses({ parent: process.pid }),
      asDict: p.asDict(),
      selfDict: new ptools.Process(process.pid).asDict(),
      // A kernel thread: no executable, arguments nor environment (its environ answers ESRCH).
      kernelThread: new ptools.Process(2).asDict(),
      parents: p.parents().map((q) => q.pid),
      children: (await new ptools.Process(process.pid).children({ recursive: true })).map((q) => q.pid),
      childrenSync: new ptools.Process(process.pid).childrenSync({ recursive: true }).map((q) => q.pid),
    };
    const broken = Object.entries(values)
      .filter(([, value]) => !isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value))
      .map(([key]) => key);
    report('json', { broken, keys: Object.keys(values), asDictKeys: Object.keys(values.asDict), childFound: values.found.some((f) => f.pid === child.pid), kernelThread: { exe: values.kernelThread.exe, cmdline: values.kernelThread.cmdline, environ: values.kernelThread.environ } });
  } finally {
    child.kill('SIGKILL');
  }
}

function isDeepStrictEqual(a, b) {
  return require('node:util').isDeepStrictEqual(a, b);
}

async function signals(ptools) {
  const child = spawn(process.execPath, ['-e', 'process.on("SIGUSR1", () => process.exit(7)); process.stdout.write("ready"); setInterval(() => {}, 1000);'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout, 'data');
  const p = new ptools.Process(child.pid);
  p.suspend();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const stopped = p.status();
  p.resume();
  p.sendSignal('SIGUSR1');
  const code = await p.wait(30);
  const sleeper = spawn('sleep', ['600']);
  await once(sleeper, 'spawn');
  const q = new ptools.Process(sleeper.pid);
  let timedOut = null;
  try {
    await q.wait(0.05);
  } catch (error) {
    timedOut = error.name;
  }
  q.terminate();
  const terminated = await q.wait(30);
  let afterEnd = null;
  try {
    q.kill();
  } catch (error) {
    afterEnd = error.name;
  }
  report('signals', { stopped, code, timedOut, terminated, afterEnd, again: await q.wait() });
}

/** A pid reused for real: the kernel hands out ns_last_pid + 1 next, so the ended child's pid is set up again. */
async function reusedPid(ptools) {
  for (let attempt = 1; attempt <= 50; attempt++) {
    const first = spawn('sleep', ['600']);
    await once(first, 'spawn');
    const old = new ptools.Process(first.pid);
    first.kill('SIGKILL');
    await once(first, 'exit');
    // Start times count clock ticks (10 ms): a process started in the same tick at the same pid
    // would be the same process for psutil too.
    await new Promise((resolve) => setTimeout(resolve, 30));
    fs.writeFileSync('/proc/sys/kernel/ns_last_pid', String(first.pid - 1));
    const second = spawn('sleep', ['600']);
    await once(second, 'spawn');
    try {
      if (second.pid !== first.pid) continue;
      let refused = null;
      try {
        old.terminate();
      } catch (error) {
        refused = error.name;
      }
      let niceRefused = null;
      try {
        old.ionice();
      } catch (error) {
        niceRefused = error.name;
      }
      const stillThere = spawnSync('kill', ['-0', String(second.pid)]).status === 0;
      report('reuse', { attempt, refused, niceRefused, running: old.isRunning(), newRunning: new ptools.Process(second.pid).isRunning(), stillThere });
      return;
    } finally {
      second.kill('SIGKILL');
    }
  }
  report('reuse', { attempt: null });
}

module.exports = async function run(ptools, which, extra) {
  const scenarios = { freshValues, oneshotReads, asyncScan, jsonRoundTrip, signals, reusedPid };
  await scenarios[which](ptools, extra);
};
