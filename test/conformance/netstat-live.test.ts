// Live checks on the running machine, with psutil's tolerances: the set of listening ports of
// pt-netstat -tuanp equals ss -tuanp's, and pt-ifconfig's flags and MTU equal ifconfig's exactly
// while counters agree within 10 KiB / 1024 packets.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IN_CI, ours, run as runCommand } from './harness.js';

const run = (argv: string[]) => {
  const result = runCommand(argv, { env: { ...process.env, LC_ALL: 'C' } });
  expect(result.status).toBe(0);
  return result.stdout.toString();
};
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** "proto port" of every listening TCP socket and bound UDP socket. */
function listeningFromNetstat(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const proto = f[0]?.replace(/6$/, '');
    if (proto !== 'tcp' && proto !== 'udp') continue;
    if (proto === 'tcp' && f[5] !== 'LISTEN') continue;
    if (proto === 'udp' && !/:\*$/.test(f[4] ?? '')) continue;
    out.add(`${proto} ${f[3]?.slice(f[3].lastIndexOf(':') + 1)}`);
  }
  return out;
}

function listeningFromSs(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'tcp' && f[1] !== 'LISTEN') continue;
    if (f[0] === 'udp' && !/:\*$/.test(f[5] ?? '')) continue;
    if (f[0] !== 'tcp' && f[0] !== 'udp') continue;
    out.add(`${f[0]} ${f[4]?.slice(f[4].lastIndexOf(':') + 1)}`);
  }
  return out;
}

describe('netstat and ifconfig live checks', () => {
  it.skipIf(!have('ss') && !IN_CI)('listening ports equal ss -tuanp', () => {
    expect(listeningFromNetstat(run(ours('netstat', ['-tuanp'])))).toEqual(listeningFromSs(run(['ss', '-tuanp'])));
  });

  it.skipIf(!have('ifconfig') && !IN_CI)('flags and MTU exact, counters within tolerance of ifconfig -a', () => {
    const parse = (text: string) =>
      new Map(
        text
          .trim()
          .split('\n\n')
          .map((block) => {
            const name = block.slice(0, block.indexOf(':', block.indexOf(': flags') - 1));
            const head = /flags=(\d+).*mtu (\d+)/.exec(block);
            const rx = /RX packets (\d+)\s+bytes (\d+)/.exec(block);
            return [name, { flags: head?.[1], mtu: head?.[2], packets: Number(rx?.[1] ?? 0), bytes: Number(rx?.[2] ?? 0) }] as const;
          }),
      );
    const classic = parse(run(['ifconfig', '-a']));
    const mine = parse(run(ours('ifconfig', ['-a'])));
    expect([...mine.keys()]).toEqual([...classic.keys()]);
    for (const [name, value] of mine) {
      const other = classic.get(name);
      expect(value.flags, name).toBe(other?.flags);
      expect(value.mtu, name).toBe(other?.mtu);
      expect(Math.abs(value.bytes - (other?.bytes ?? 0)), name).toBeLessThan(10 * 1024);
      expect(Math.abs(value.packets - (other?.packets ?? 0)), name).toBeLessThan(1024);
    }
  });
});
