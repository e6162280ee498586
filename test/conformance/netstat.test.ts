// pt-netstat against net-tools' netstat inside a network namespace built for the test (links,
// addresses, TCP/UDP/UNIX sockets, a socket of another user), byte for byte: stdout, stderr and
// exit status. Without -n only names that /etc/hosts answers appear (127.0.0.1); a resolver is
// out of reach from a private namespace.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectSameRun, IN_CI, ours, unavailableReason, type RunResult } from './harness.js';
import { both, createLab, netnsUnavailable, type NetnsLab } from './netns.js';

const CASES: string[][] = [
  ['-ant'],
  ['-antp'],
  ['-antpe'],
  ['-antpee'],
  ['-lnt'],
  ['-lntp'],
  ['-nt'],
  ['-ntp'],
  ['-anu'],
  ['-anup'],
  ['-lnu'],
  ['-anw'],
  ['-an'],
  ['-anp'],
  ['-anx'],
  ['-anxp'],
  ['-lx'],
  ['-lxp'],
  ['-x'],
  ['-xe'],
  ['-ant', '-W'],
  ['-antpW'],
  ['-anuW'],
  ['-anto'],
  ['-anuo'],
  ['-ante', '--numeric-users'],
  ['-at', '--numeric-hosts'],
  ['-ate', '--numeric-hosts'],
  ['-au', '--numeric-hosts', '--numeric-users'],
  ['-4at'],
  ['-4ant'],
  ['-6ant'],
  ['-6anu'],
  ['-A', 'inet', '-an'],
  ['-A', 'inet6', '-n', '-l'],
  ['--inet', '-ln'],
  ['--tcp', '--numeric', '--all', '--programs'],
  ['--unix', '--listening'],
  ['-ntpl', '--extend'],
  ['-anlp'],
  // Program names and paths as bytes: argv[0] not ASCII, not UTF-8, cut inside a UTF-8 letter,
  // 15/16/64 bytes long, an absolute path; UNIX paths with such bytes (see netns-sockets.py).
  ['-ltnp'],
  ['-lunp'],
  ['-ltnpW'],
  ['-ltnpe'],
  ['-ltnpee'],
  ['-xp'],
  ['-axp'],
  ['-lxpe'],
  ['-i'],
  ['-ia'],
  ['-ie'],
  ['-iae'],
  ['--interfaces', '--all'],
  ['-anS'],
  ['-an', '--ipx'],
  ['-an', '--ax25'],
  ['-anv'],
  ['--tcpip', '-n'],
  ['--ddp', '-n'],
  ['--bluetooth'],
  // Routing tables (-r): the lab has a default, a gateway, a host and a reject route per family.
  ['-r'],
  ['-rn'],
  ['-re'],
  ['-rne'],
  ['-rnee'],
  ['-rneee'],
  ['-6rn'],
  ['-6r'],
  ['-6rne'],
  ['-rn', '-A', 'inet,inet6'],
  ['-rnC'],
  ['-6rnC'],
  ['-rnCF'],
  ['-rN'],
  ['--route', '--numeric', '--extend'],
  ['-r', '-A', 'ax25'],
  ['-r', '-A', 'unix'],
  // Statistics (-s) after the lab's UDP and TCP traffic.
  ['-s'],
  ['-st'],
  ['-su'],
  ['-sw'],
  ['-s', '-6'],
  ['-s', '-6', '-u'],
  ['-s', '-6', '-t'],
  ['--statistics', '--tcp', '--udp'],
  ['-s', '-x'],
  // Multicast group memberships (-g).
  ['-g'],
  ['-gn'],
  ['-gn', '-6'],
  ['-gn', '-4'],
  ['-gnt'],
  ['--groups', '--numeric'],
];

const ERROR_CASES: string[][] = [
  ['--foo'],
  ['-Q'],
  ['-A'],
  ['-A', 'foo'],
  ['-A', 'inet,bogus'],
  ['-i', '-r'],
  ['-ii'],
  ['-?'],
  ['--help'],
  ['-h'],
  ['-Z'],
  ['-M'],
  ['--ine', '-n'],
  ['--inet6', '--unix', '-n'],
  ['--numeric=1'],
];

const reason = unavailableReason('netstat') ?? netnsUnavailable();
let lab: NetnsLab;

describe.skipIf(reason !== null && !IN_CI)(`netstat conformance in a network namespace${reason ? ` (${reason})` : ''}`, () => {
  beforeAll(async () => {
    if (reason) throw new Error(reason);
    lab = await createLab();
  });
  afterAll(() => lab?.teardown());

  it.each([...CASES, ...ERROR_CASES].map((args) => [args.join(' '), args] as const))('netstat %s', (_name, args) => {
    const [classic, mine] = both(lab, 'netstat', args);
    // A running timer (-o) counts down between the two runs; only its seconds may differ.
    const still = (result: RunResult): RunResult => ({
      ...result,
      stdout: Buffer.from(result.stdout.toString('latin1').replace(/(timewait|on\d?|keepalive|probe) \(\d+\.\d\d\//g, '$1 (S/'), 'latin1'),
    });
    expectSameRun(still(mine), still(classic));
  });

  it('-g prints the text of netstat -g also with --json (no JSON shape exists for it)', () => {
    expectSameRun(lab.run(ours('netstat', ['--json', '-g'])), lab.run(['netstat', '-g']));
  });
});
