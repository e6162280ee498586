// Network namespaces for the netstat and ifconfig conformance tests: both tools then read the
// same live kernel state. The namespaces, their links and the socket-holding processes are made
// here and removed on every exit path (afterAll, process exit, SIGINT/SIGTERM).
//
// This kernel has no `dummy` or `vlan` links (see the machine notes): `ifb` stands in for dummy
// interfaces and `macvlan` for a stacked link; a `tun` with a peer address is the point-to-point link.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, ours, REPO, run, type RunResult } from './harness.js';


// Interface names made with the shell's printf, which writes any byte ('ip' takes them as they are).
const CAFE = "$(printf 'caf\\303\\251')";
const BAD = "$(printf 'bad\\377\\376')";
const GREEK = "$(printf '\\316\\261\\316\\262\\316\\263\\316\\264\\316\\265\\316\\266\\316\\267x')";

export interface NetnsLab {
  readonly ns: string;
  readonly peer: string;
  /** Runs argv inside the lab namespace. */
  run(argv: readonly string[]): RunResult;
  teardown(): void;
}

function sh(command: string): void {
  const result = spawnSync('sh', ['-ec', command], { env: ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`netns setup failed: ${command}\n${result.stderr}`);
}

/** Why namespaces cannot be made here (not root, no ip), or null. */
export function netnsUnavailable(): string | null {
  const probe = spawnSync('sh', ['-c', 'command -v ip && command -v python3 && ip netns add ptools-probe && ip netns del ptools-probe'], { stdio: 'ignore' });
  return probe.status === 0 ? null : 'cannot create network namespaces (needs root, iproute2 and python3)';
}

const QUIET = [
  'net.ipv6.conf.all.router_solicitations=0',
  'net.ipv6.conf.default.router_solicitations=0',
  'net.ipv6.conf.all.dad_transmits=0',
  'net.ipv6.conf.default.dad_transmits=0',
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
  'net.ipv6.conf.all.addr_gen_mode=1',
  'net.ipv6.conf.default.addr_gen_mode=1',
  'net.ipv6.conf.all.accept_ra=0',
  'net.ipv6.conf.default.accept_ra=0',
];

const labs = new Set<NetnsLab>();
const cleanupAll = () => {
  for (const lab of labs) lab.teardown();
};
process.once('exit', cleanupAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanupAll();
    process.kill(process.pid, signal);
  });
}

/** Waits (bounded) until the namespace's /proc/net/dev stops changing. */
function settle(ns: string): void {
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 50; i++) {
    const now = run(['ip', 'netns', 'exec', ns, 'cat', '/proc/net/dev']).stdout;
    if (now.equals(last)) return;
    last = now;
    spawnSync('sleep', ['0.2']);
  }
}

export async function createLab(): Promise<NetnsLab> {
  const id = `${process.pid}`;
  const ns = `ptA${id}`;
  const peer = `ptB${id}`;
  const tmp = mkdtempSync(join(tmpdir(), 'ptools-netns-'));
  let holder: ChildProcess | undefined;
  let removed = false;
  const lab: NetnsLab = {
    ns,
    peer,
    run(argv) {
      return run(['ip', 'netns', 'exec', ns, ...argv]);
    },
    teardown() {
      if (removed) return;
      removed = true;
      labs.delete(lab);
      holder?.stdin?.destroy();
      holder?.kill('SIGKILL');
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      spawnSync('ip', ['netns', 'del', peer], { stdio: 'ignore' });
      rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  labs.add(lab);
  try {
    const inA = (cmd: string) => `ip netns exec ${ns} ${cmd}`;
    // No name server is reachable from the namespace: point its resolver at the namespace's own
    // loopback, where nothing listens, so that lookups without -n fail at once instead of timing
    // out (`ip netns exec` mounts /etc/netns/NS/* over /etc).
    mkdirSync(`/etc/netns/${ns}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    sh(`ip netns add ${ns}; ip netns add ${peer}`);
    for (const setting of QUIET) sh(`${inA(`sysctl -qw ${setting}`)}; ip netns exec ${peer} sysctl -qw ${setting}`);
    sh(
      [
        inA('ip link set lo up'),
        inA('ip addr add 10.8.8.8/16 dev lo label lo:1'),
        inA('ip link add ifb0 type ifb'),
        inA('ip link set ifb0 up'),
        inA('ip addr add 10.1.0.1/24 broadcast 10.1.0.255 dev ifb0'),
        inA('ip addr add 10.1.0.2/24 dev ifb0'),
        inA('ip addr add 10.1.5.1/24 broadcast 10.1.5.255 dev ifb0 label ifb0:5'),
        inA('ip addr add 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/64 dev ifb0 nodad'),
        inA('ip addr add 2001:db8::1/64 dev ifb0 nodad'),
        inA('ip addr add fe80::1234/64 dev ifb0 nodad'),
        inA('ip link add ifb1 type ifb'),
        inA('ip link set ifb1 mtu 9000'),
        inA('ip link add averyverylongnm type ifb'),
        inA('ip link set averyverylongnm up'),
        // Names are bytes: the kernel refuses only '/', ':' and its blanks (which take in byte
        // 0xa0, so "voil\xc3\xa0" is refused). Non-ASCII ("caf\xc3\xa9" with a labelled alias),
        // not UTF-8 ("bad\xff\xfe"), and 15 bytes of Greek that a 16-byte argument cuts mid-letter.
        inA(`ip link add name "${CAFE}" type ifb`),
        inA(`ip link set "${CAFE}" up`),
        inA(`ip addr add 10.4.0.1/24 broadcast 10.4.0.255 dev "${CAFE}"`),
        inA(`ip addr add 10.4.1.1/24 dev "${CAFE}" label "${CAFE}:1"`),
        inA(`ip link add name "${BAD}" type ifb`),
        inA(`ip link set "${BAD}" up`),
        inA(`ip link add name "${GREEK}" type ifb`),
        `ip link add vethA netns ${ns} type veth peer name vethB netns ${peer}`,
        inA('ip addr add 10.9.0.1/24 broadcast 10.9.0.255 dev vethA'),
        inA('ip link set vethA up'),
        `ip netns exec ${peer} ip addr add 10.9.0.2/24 dev vethB`,
        `ip netns exec ${peer} ip link set vethB up`,
        inA('ip link add br0 type bridge'),
        inA('ip addr add 10.2.0.1/24 broadcast 10.2.0.255 dev br0'),
        inA('ip link set br0 up'),
        inA('ip link add mv0 link vethA type macvlan mode bridge'),
        inA('ip link set mv0 up'),
        inA('ip tuntap add tun0 mode tun'),
        inA('ip addr add 10.3.0.1 peer 10.3.0.2 dev tun0'),
        inA('ip link set tun0 up'),
        // A link of type ARPHRD_TUNNEL (an ipip tunl0's) with an IPv4-mapped IPv6 address: a tap
        // whose type TUNSETLINK changes, where no ipip module is loaded.
        // Names of digits: nstrcmp's atoi wraps a number past an int, so "123456789012345" sorts first.
        inA('ip link add 123456789012345 type ifb'),
        inA('ip link add 12 type ifb'),
        inA('ip tuntap add tap7 mode tap'),
        inA(`/usr/bin/python3 -c "import fcntl, os, struct; fd = os.open('/dev/net/tun', os.O_RDWR); fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', b'tap7', 0x1002)); fcntl.ioctl(fd, 0x400454cd, 768)"`),
        inA('ip addr add ::ffff:5.6.7.8/128 dev tap7 nodad'),
        // Routes for -r: a default, a gateway, a host, a reject route, and the same kinds for IPv6.
        inA('ip route add default via 10.9.0.2 dev vethA'),
        inA('ip route add 10.50.0.0/16 via 10.9.0.2 dev vethA metric 7'),
        inA('ip route add 10.60.0.7 dev ifb0'),
        inA('ip route add unreachable 10.77.0.0/16'),
        inA('ip route add 10.61.0.0/24 via 10.1.0.254 dev ifb0 window 8000 rtt 30'),
        inA('ip -6 route add default via 2001:db8::2 dev ifb0'),
        inA('ip -6 route add 2001:db8:1::/48 via 2001:db8::2 dev ifb0 metric 5'),
        inA('ip -6 route add 2001:db8:9::5/128 dev ifb0'),
        inA('ip -6 route add unreachable 2001:db8:dead::/48'),
        // Multicast memberships for -g, beside the all-hosts groups every link joins.
        inA('ip addr add 224.1.2.3/32 dev ifb0 autojoin'),
        inA('ip -6 addr add ff05::1234/128 dev ifb0 autojoin'),
      ].join('\n'),
    );
    // Traffic so that counters are not all zero: bounded UDP datagrams from the peer namespace.
    sh(
      `ip netns exec ${peer} python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b'p'*(100+i), ('10.9.0.1', 9)) for i in range(40)]"`,
    );
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    // A long argv[0] exercises netstat's 19-byte "pid/program" cut.
    holder = spawn('ip', ['netns', 'exec', ns, 'bash', '-c', 'exec -a averyverylongprogramname "$0" "$@"', python, join(REPO, 'test/conformance/netns-sockets.py'), tmp], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: ENV,
    });
    const started = holder;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) resolve();
      });
      started.on('exit', (code) => reject(new Error(`socket holder exited with ${code}`)));
    });
    settle(ns);
    return lab;
  } catch (error) {
    lab.teardown();
    throw error;
  }
}

/**
 * The classic tool and ours inside the lab, as [classic, ours]. The classic tool runs before and
 * after ours: a counter that moved in between (a periodic multicast report) is compared with the
 * run nearer in time, not reported as a difference; a difference that stays is returned.
 */
export function both(lab: NetnsLab, tool: string, args: readonly string[]): [RunResult, RunResult] {
  // The lab's links send their own multicast reports now and then: up to three tries, each
  // comparing ours with the classic run just before and just after it.
  let pair: [RunResult, RunResult] = [lab.run([tool, ...args]), lab.run(ours(tool, args))];
  for (let attempt = 0; attempt < 3; attempt++) {
    const [before, mine] = pair;
    if (mine.stdout.equals(before.stdout)) return pair;
    const after = lab.run([tool, ...args]);
    if (mine.stdout.equals(after.stdout)) return [after, mine];
    pair = [after, lab.run(ours(tool, args))];
  }
  return pair;
}
