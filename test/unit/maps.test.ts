// The maps/smaps line parsers, on lines in the kernel's formats (fs/proc/task_mmu.c) and on the
// odd ones pmap's sscanf still reads.
import { describe, expect, it } from 'vitest';
import { parseMapsLine, parseSmapsDetail, parseSmapsMapping, parseVmFlags } from '../../src/core/process/maps.js';

describe('parseMapsLine', () => {
  it('reads a file mapping with 64-bit addresses', () => {
    expect(parseMapsLine('7f4808074000-7f4808076000 rw-s 0001a000 fe:01 2187640                    /tmp/a b\\012c\n')).toEqual({
      start: 0x7f4808074000n,
      end: 0x7f4808076000n,
      perms: 'rw-s',
      offset: 0x1a000n,
      major: 0xfe,
      minor: 1,
      inode: 2187640n,
    });
  });
  it('keeps addresses beyond 2^53 exact', () => {
    expect(parseMapsLine('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]')?.start).toBe(0xffffffffff600000n);
  });
  it('gives null for a line that is not a mapping', () => {
    expect(parseMapsLine('Rss:                 124 kB')).toBeNull();
    expect(parseMapsLine('')).toBeNull();
  });
});

describe('parseSmapsMapping', () => {
  it('keeps the fields as text and the name after the inode', () => {
    expect(parseSmapsMapping('00400000-0041f000 r--p 00000000 fe:00 260875                             /usr/bin/python3.11\n')).toEqual({
      start: '00400000',
      end: '0041f000',
      perms: 'r--p',
      offset: '00000000',
      device: 'fe:00',
      inode: '260875',
      name: '/usr/bin/python3.11',
    });
  });
  it('gives an empty name to an anonymous mapping and cuts a name at 127 bytes', () => {
    expect(parseSmapsMapping('7ffc22727000-7ffc22748000 rw-p 00000000 00:00 0 \n')?.name).toBe('');
    expect(parseSmapsMapping(`1000-2000 r--p 00000000 fe:00 1 /${'x'.repeat(200)}\n`)?.name).toHaveLength(127);
  });
  it('rejects what pmap calls an unknown format', () => {
    expect(parseSmapsMapping('Size:                  4 kB\n')).toBeNull();
  });
});

describe('parseSmapsDetail and parseVmFlags', () => {
  it('reads "Key: N kB" and the kB-less THPeligible and ProtectionKey lines', () => {
    expect(parseSmapsDetail('Pss_Dirty:             8 kB\n')).toEqual({ key: 'Pss_Dirty', value: '8' });
    expect(parseSmapsDetail('THPeligible:    0\n')).toEqual({ key: 'THPeligible', value: '0' });
    expect(parseSmapsDetail('VmFlags: rd mr mw me\n')).toBeNull();
  });
  it('drops the one trailing space the kernel writes after the flags', () => {
    expect(parseVmFlags('VmFlags: rd ex mr mw me sd \n')).toBe('rd ex mr mw me sd');
    expect(parseVmFlags('Size: 4 kB\n')).toBeNull();
  });
});
