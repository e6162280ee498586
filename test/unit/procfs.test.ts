import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binding } from '../../src/core/native.js';
import { readBytes, readFilesAsync } from '../../src/core/procfs.js';
import { byteString } from '../../src/format/bytes.js';

describe('reading /proc files', () => {
  // A sleeping process whose files hold still between reads, with a command line of several
  // pages: the kernel hands cmdline over in page-sized pieces.
  let child: ChildProcess;
  beforeAll(async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `arg${i}`);
    child = spawn('python3', ['-c', 'import sys, time\nprint("ready", flush=True)\ntime.sleep(600)', ...filler], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await once(child.stdout as NodeJS.ReadableStream, 'data');
  });
  afterAll(() => {
    child.kill();
  });

  // Even a sleeping process's smaps figures move between reads (reclaim clears Referenced, and
  // khugepaged can merge pages), so its sizes are compared as placeholders: what is checked is
  // that every mapping and every line arrives.
  const comparable = (file: string, data: Buffer) => {
    const text = data.toString('latin1');
    return file === 'smaps' ? text.replace(/ +\d+ kB$/gm, ' N kB') : text;
  };

  // seq_file files such as smaps hand over a page at a time: a short read is not their end.
  it.each(['smaps', 'maps', 'status', 'stat', 'statm', 'cmdline', 'environ'])('reads all of /proc/PID/%s', (file) => {
    const path = `/proc/${child.pid}/${file}`;
    const expected = comparable(file, readFileSync(path));
    if (file === 'smaps' || file === 'cmdline') expect(expected.length).toBeGreaterThan(16384);
    expect(comparable(file, readBytes(path))).toBe(expected);
    const { data, offsets } = binding().readProcFiles('/proc', Int32Array.of(child.pid as number), [file]);
    expect(offsets[0]).toBe(0);
    expect(comparable(file, data.subarray(0, offsets[1] as number))).toBe(expected);
  });

  it('reports an unreadable file as minus its errno', () => {
    const { offsets } = binding().readProcFiles('/proc', Int32Array.of(2147483647), ['stat']);
    expect(offsets[1]).toBe(-2); // ENOENT
  });
});

describe('readFilesAsync', () => {
  it('takes paths as byte strings, so a name that is not UTF-8 is read, and gives errnos for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-read-'));
    try {
      const name = byteString(Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0xff, 0xfe]));
      writeFileSync(Buffer.from(join(dir, name), 'latin1'), 'bytes\n');
      const [found, missing] = await readFilesAsync([join(dir, name), join(dir, 'absent')]);
      expect(found).toEqual(Buffer.from('bytes\n'));
      expect(missing).toBe(constants.errno.ENOENT);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
