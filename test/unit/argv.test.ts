import { describe, expect, it } from 'vitest';
import { rawArguments } from '../../src/cli/argv.js';
import { encodeText } from '../../src/format/python.js';

// What /proc/self/cmdline holds for `node /x/bin/pt-netstat.js -A bad\xff\xfe -n`.
const cmdline = () => Buffer.concat([Buffer.from('node\0/x/bin/pt-netstat.js\0-A\0bad'), Buffer.from([0xff, 0xfe, 0]), Buffer.from('-n\0')]);

describe('rawArguments', () => {
  it('gives back the bytes Node replaced by U+FFFD, as surrogate escapes that encode to them', () => {
    const args = rawArguments(['-A', 'bad\ufffd\ufffd', '-n'], cmdline);
    expect(args).toEqual(['-A', 'bad\udcff\udcfe', '-n']);
    expect(encodeText(args[1] as string)).toEqual(Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe]));
  });

  it('does not read the file when no argument lost bytes', () => {
    expect(rawArguments(['-A', 'inet', 'é'], () => { throw new Error('read'); })).toEqual(['-A', 'inet', 'é']);
  });

  it('keeps Node\'s arguments when the file does not line up with them', () => {
    expect(rawArguments(['-A', 'other\ufffd', '-n'], cmdline)).toEqual(['-A', 'other\ufffd', '-n']);
    expect(rawArguments(['x\ufffd'], () => { throw new Error('EACCES'); })).toEqual(['x\ufffd']);
  });
});
