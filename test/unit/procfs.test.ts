import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binding } from '../../src/core/native.js';
import { readBytes, readFilesAsync, readLinks } from '../../src/core/procfs.js';
import { byteString } from '../../src/format/bytes.js';

/** Runs fn in a fresh temporary directory, removed after. */
async function inTempDir(prefix: string, fn: (dir: string) => unknown): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

/** A file name that is not UTF-8: "café" and two bytes no UTF-8 sequence holds. */
const ODD_NAME = byteString(Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0xff, 0xfe]));

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

  it('throws for a file that cannot be read what node:fs throws', () => {
    const thrown = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return { ...(error as object), message: (error as Error).message };
      }
      throw new Error('no error');
    };
    for (const path of ['/proc/2147483647/stat', '/nonexistent/file']) {
      expect(thrown(() => readBytes(path))).toEqual(thrown(() => readFileSync(path)));
    }
    expect(thrown(() => readBytes('/proc'))).toMatchObject({ code: 'EISDIR', errno: -constants.errno.EISDIR });
    // open(2) would stop at the NUL and read /proc/self/stat.
    expect(() => readBytes('/proc/self/stat\0/x')).toThrow(TypeError);
    expect(() => binding().listIds('/proc\0/self/fd')).toThrow(TypeError);
  });

  it('reports an unreadable file as minus its errno', () => {
    const { offsets } = binding().readProcFiles('/proc', Int32Array.of(2147483647), ['stat']);
    expect(offsets[1]).toBe(-2); // ENOENT
  });
});

describe('readFilesAsync', () => {
  it('takes paths as byte strings, so a name that is not UTF-8 is read, and gives errnos for the rest', () =>
    inTempDir('ptools-read-', async (dir) => {
      writeFileSync(Buffer.from(join(dir, ODD_NAME), 'latin1'), 'bytes\n');
      const [found, missing] = await readFilesAsync([join(dir, ODD_NAME), join(dir, 'absent')]);
      expect(found).toEqual(Buffer.from('bytes\n'));
      expect(missing).toBe(constants.errno.ENOENT);
    }));
});

describe('readLinks', () => {
  it('gives each link the bytes readlink gives, and the errno of one that cannot be read', () =>
    inTempDir('ptools-links-', (dir) => {
      const target = Buffer.from([0x2f, 0x74, 0x6d, 0x70, 0x2f, 0xc3, 0xa9, 0xff, 0x20, 0x28, 0x29]); // "/tmp/é\xff ()"
      symlinkSync(target, join(dir, 'odd'));
      symlinkSync('x'.repeat(4000), join(dir, 'long'));
      writeFileSync(join(dir, 'file'), '');
      const fds = readdirSync(`/proc/${process.pid}/fd`);
      const links = readLinks([join(dir, 'odd'), join(dir, 'long'), join(dir, 'file'), join(dir, 'absent'), ...fds.map((fd) => `/proc/${process.pid}/fd/${fd}`)]);
      expect(links[0]).toEqual(target);
      expect(links[1]).toEqual(Buffer.from('x'.repeat(4000)));
      expect(links.slice(2, 4)).toEqual([constants.errno.EINVAL, constants.errno.ENOENT]);
      // This process's own descriptors, each as Node reads it (one, the directory listing, may be gone).
      for (const [i, fd] of fds.entries()) {
        const link = links[4 + i];
        if (typeof link === 'number') expect(link).toBe(constants.errno.ENOENT);
        else expect(link).toEqual(readlinkSync(`/proc/${process.pid}/fd/${fd}`, { encoding: 'buffer' }));
      }
    }));
});

describe('fileModes', () => {
  it('gives stat(2)\'s mode of each path (a byte string), following links, or minus the errno', () =>
    inTempDir('ptools-modes-', (dir) => {
      const file = join(dir, ODD_NAME);
      writeFileSync(Buffer.from(file, 'latin1'), '');
      symlinkSync(Buffer.from(file, 'latin1'), join(dir, 'link'));
      symlinkSync(join(dir, 'absent'), join(dir, 'dangling'));
      const modes = binding().fileModes([file, join(dir, 'link'), dir, '/dev/null', join(dir, 'dangling'), join(dir, 'absent/x')]);
      const modeOf = (path: string) => statSync(Buffer.from(path, 'latin1')).mode;
      expect([...modes]).toEqual([modeOf(file), modeOf(file), modeOf(dir), modeOf('/dev/null'), -constants.errno.ENOENT, -constants.errno.ENOENT]);
    }));
});
