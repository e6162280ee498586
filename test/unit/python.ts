// python3 as the reference for what C and Python compute (glibc through ctypes, printf, repr,
// ipaddress...): one way for every unit test to ask it.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

/** Runs `python3 -c script args...` with `input` on stdin; the run must succeed quietly. Returns stdout. */
export function runPython(script: string, input = '', args: readonly string[] = []): string {
  const run = spawnSync('python3', ['-c', script, ...args], { input, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Runs `script` with the JSON of `input` as `data`; returns its stdout parsed as JSON. */
export function python<T>(script: string, input: unknown): T {
  return JSON.parse(runPython(`import json, sys\ndata = json.loads(sys.stdin.read())\n${script}`, JSON.stringify(input))) as T;
}
