// The utmp parser against util-linux's utmpdump (which writes the records from its text form)
// and python3's struct (glibc's x86_64 layout).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { countUsers, parseUtmp, UTMP_RECORD_SIZE } from '../../src/core/utmp.js';
import { python } from './python.js';

const TEXT = [
  '[7] [12345] [ts/0] [alice   ] [pts/0       ] [host.example        ] [192.168.1.10   ] [2026-11-23T10:00:00,000123+00:00]',
  '[6] [00077] [tty2] [LOGIN   ] [tty2        ] [                    ] [0.0.0.0        ] [2026-11-23T09:00:00,000000+00:00]',
  '[7] [00500] [ts/3] [bob     ] [pts/3       ] [fe80::1             ] [fe80::1        ] [2026-11-22T09:00:00,500000+00:00]',
  '[7] [00501] [ts/4] [        ] [pts/4       ] [                    ] [0.0.0.0        ] [2026-11-22T09:00:00,000000+00:00]',
  '[8] [00502] [ts/5] [carol   ] [pts/5       ] [                    ] [0.0.0.0        ] [2026-11-22T09:00:00,000000+00:00]',
].join('\n');

function utmpBytes(): Buffer | null {
  const made = spawnSync('utmpdump', ['-r'], { input: `${TEXT}\n` });
  return made.status === 0 ? made.stdout : null;
}

describe('parseUtmp', () => {
  const bytes = utmpBytes();
  it.skipIf(bytes === null && process.env.CI !== 'true')('reads what utmpdump -r writes, field by field as struct.unpack does', () => {
    expect(bytes).not.toBeNull();
    const data = bytes as Buffer;
    expect(data.length).toBe(5 * UTMP_RECORD_SIZE);
    const expected = python<Array<[number, number, string, string, string, string, number, number, number[]]>>(
      `import base64, struct
raw = base64.b64decode(data)
out = []
for o in range(0, len(raw), 384):
    t, pid, line, ident, user, host, term, ex, sess, sec, usec, a0, a1, a2, a3, _ = struct.unpack('<hxxi32s4s32s256shhiii4I20s', raw[o:o + 384])
    cut = lambda b: b.split(b'\\0')[0].decode('latin1')
    out.append([t, pid, cut(line), cut(ident), cut(user), cut(host), sec, usec, [a0, a1, a2, a3]])
print(json.dumps(out))`,
      data.toString('base64'),
    );
    const records = parseUtmp(data);
    expect(records.map((r) => [r.type, r.pid, r.line, r.id, r.user, r.host, r.seconds, r.microseconds, [0, 4, 8, 12].map((o) => r.address.readUInt32LE(o))])).toEqual(expected);
    expect(records[0]?.user).toBe('alice');
    expect(records[0]?.host).toBe('host.example');
    // USER_PROCESS records with a name: alice and bob, not the nameless one nor the DEAD_PROCESS.
    expect(countUsers(records)).toBe(2);
  });
  it('ignores a short tail and reads nothing from an empty file', () => {
    expect(parseUtmp(Buffer.alloc(0))).toEqual([]);
    expect(parseUtmp(Buffer.alloc(UTMP_RECORD_SIZE + 100))).toHaveLength(1);
  });
});
