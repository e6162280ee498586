// Helper for the bench "procs" scenario: starts N idle `sleep` processes,
// prints "ready" once all are spawned, and holds them until SIGTERM or until
// stdin closes (the harness died). It then kills them and waits until they are
// reaped before exiting: orphans would be left to PID 1, which in a container
// may never reap them.
//
// Usage: node bench/procs-helper.mjs N
import { spawn } from 'node:child_process';

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: node bench/procs-helper.mjs N');
  process.exit(2);
}

const children = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map((child) => {
      // Never started, or already gone: nothing to wait for.
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return null;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
  process.exit(code);
}

process.on('SIGTERM', () => shutdown(0));
process.stdin.on('end', () => shutdown(0)).resume();

for (let i = 0; i < n && !stopping; i++) {
  const child = spawn('sleep', ['100000'], { stdio: 'ignore' });
  child.on('error', (err) => {
    console.error(`procs-helper: cannot start sleep: ${err.message}`);
    shutdown(1);
  });
  children.push(child);
  // Yield now and then so that a SIGTERM during start-up is handled promptly.
  if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
}
if (!stopping) process.stdout.write('ready\n');
