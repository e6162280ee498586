// pt-ifconfig against net-tools' ifconfig inside a network namespace built for the test:
// loopback with a labelled alias, ifb interfaces (up, down, long name, secondary and labelled
// IPv4, several IPv6, names that are not ASCII or not UTF-8), a veth pair with traffic, a bridge,
// a macvlan, a point-to-point tun.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeBytes, expectSameRun, IN_CI, unavailableReason } from './harness.js';
import { both, createLab, netnsUnavailable, type NetnsLab } from './netns.js';

const CASES: string[][] = [
  [],
  ['-a'],
  ['-s'],
  ['-a', '-s'],
  ['-v'],
  ['-a', '-v'],
  ['lo'],
  ['lo:1'],
  ['ifb0'],
  ['ifb0:5'],
  ['ifb1'],
  ['-s', 'ifb1'],
  ['vethA'],
  ['br0'],
  ['mv0'],
  ['tun0'],
  ['tap7'],
  ['averyverylongnm'],
  ['averyverylongnm-and-more'],
  // Names as bytes: non-ASCII with a labelled alias, 15 bytes of Greek, a 16-byte argument that
  // ifconfig cuts to 15 bytes in the middle of a letter (the interface "bad\xff\xfe", not UTF-8,
  // is in the listings: a command-line argument cannot carry it through Node's argv).
  ['café'],
  ['café:1'],
  ['-s', 'café'],
  ['-v', 'café'],
  ['caf'],
  ['αβγδεζηx'],
  ['αβγδεζηxtra'],
  ['αβγδεζηθ'],
  ['-s', 'αβγδεζηθ'],
  ['nosuch0'],
  ['-s', 'nosuch0'],
  ['-x'],
  ['-as'],
  ['--help'],
  ['-h'],
];

const reason = unavailableReason('ifconfig') ?? netnsUnavailable();
let lab: NetnsLab;

describe.skipIf(reason !== null && !IN_CI)(`ifconfig conformance in a network namespace${reason ? ` (${reason})` : ''}`, () => {
  beforeAll(async () => {
    if (reason) throw new Error(reason);
    lab = await createLab();
  });
  afterAll(() => lab?.teardown());

  it.each(CASES.map((args) => [args.join(' '), args] as const))('ifconfig %s', (_name, args) => {
    const [classic, mine] = both(lab, 'ifconfig', args);
    expectSameRun(mine, classic);
  });

  it('refuses configuration verbs with exit 1 and changes nothing', () => {
    const before = lab.run(['ifconfig', '-a']).stdout;
    for (const args of [['ifb0', 'up'], ['ifb0', 'mtu', '1400'], ['ifb0', '10.7.7.7'], ['ifb1', 'down']]) {
      const mine = lab.run(['node', 'bin/pt-ifconfig.js', ...args]);
      expect(mine.status).toBe(1);
      expect(mine.stdout.length).toBe(0);
      expect(mine.stderr.toString()).toMatch(/^ifconfig: ptools does not change interfaces/);
    }
    expect(escapeBytes(lab.run(['ifconfig', '-a']).stdout)).toBe(escapeBytes(before));
  });
});
