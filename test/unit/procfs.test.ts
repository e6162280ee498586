import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binding } from '../../src/core/native.js';
import { readBytes } from '../../src/core/procfs.js';

describe('reading /proc files', () => {
  // A sleeping process whose files hold still between reads.
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn('python3', ['-c', 'import sys, time\nprint("ready", flush=True)\ntime.sleep(600)'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await once(child.stdout as NodeJS.ReadableStream, 'data');
  });
  afterAll(() => {
    child.kill();
  });

  // seq_file files such as smaps hand over a page at a time: a short read is not their end.
  it.each(['smaps', 'maps', 'status', 'stat', 'statm', 'cmdline', 'environ'])('reads all of /proc/PID/%s', (file) => {
    const path = `/proc/${child.pid}/${file}`;
    const expected = readFileSync(path);
    if (file === 'smaps') expect(expected.length).toBeGreaterThan(16384);
    expect(readBytes(path).equals(expected)).toBe(true);
    const { data, offsets } = binding().readProcFiles('/proc', Int32Array.of(child.pid as number), [file]);
    expect(offsets[0]).toBe(0);
    expect(data.subarray(0, offsets[1]).equals(expected)).toBe(true);
  });

  it('reports an unreadable file as minus its errno', () => {
    const { offsets } = binding().readProcFiles('/proc', Int32Array.of(2147483647), ['stat']);
    expect(offsets[1]).toBe(-2); // ENOENT
  });
});
