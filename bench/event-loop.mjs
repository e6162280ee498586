// Measures how long iterProcesses() holds the event loop: the longest gap between two runs of a
// 1 ms interval timer while every process is read, against the same gap while processesSync()
// reads them. Start idle processes first for a busy table (bench/procs-helper.mjs N).
//
// Usage: node bench/event-loop.mjs [attribute...]   (after npm run build)
import { iterProcesses, processesSync } from '../dist/lib/index.js';

const attrs = process.argv.length > 2 ? process.argv.slice(2) : ['name', 'username', 'cpuTimes', 'memoryInfo'];

/** Runs `work` while a 1 ms timer ticks; answers the longest gap between ticks and the row count. */
async function longestTick(work) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  last = performance.now();
  const started = last;
  const rows = await work();
  const total = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { rows, longest, total };
}

const report = (label, { rows, longest, total }) =>
  console.log(`${label}: ${rows} processes in ${total.toFixed(1)} ms, longest event-loop gap ${longest.toFixed(1)} ms`);

report('iterProcesses', await longestTick(async () => {
  let rows = 0;
  for await (const _ of iterProcesses({ attrs })) rows++;
  return rows;
}));
report('processesSync', await longestTick(async () => processesSync({ attrs }).length));
