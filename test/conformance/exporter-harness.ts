// What the pt-exporter tests share: starting our exporter and the real servers on loopback with
// ports the kernel picked, a zoo of test processes with names of their own, and parsing the text
// exposition format.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, IN_CI, ours } from './harness.js';

export interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** SIGTERM, then the exit status and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function started(child: ChildProcess, port: number, path: string): Started {
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}${path}`,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const done = exited(child);
      child.kill(signal);
      return done;
    },
  };
}

/** pt-exporter on 127.0.0.1 and a port of the kernel's choosing (it prints the one it got). */
export async function startExporter(args: readonly string[] = []): Promise<Started> {
  const [file = '', ...rest] = ours('exporter', ['--listen', '127.0.0.1:0', ...args]);
  const child = spawn(file, rest, { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`pt-exporter exited (${code}) before listening: ${stderr}`)));
  });
  return started(child, port, '/metrics');
}

/** A port free on 127.0.0.1 a moment ago, for servers that cannot be told to pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `probe` until it returns a value (not undefined); the test itself has no time limit. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, everyMs = 200): Promise<T> {
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Starts a real server listening on `port` and waits until `readyUrl` answers 200. */
export async function startServer(command: readonly string[], port: number, readyUrl: string, path: string): Promise<Started> {
  const [file = '', ...args] = command;
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const result = started(child, port, path);
  const gone = exited(child).then(({ code }) => {
    throw new Error(`${file} exited (${code}) before answering`);
  });
  await Promise.race([waitFor(async () => ((await fetch(readyUrl)).ok ? true : undefined)), gone]);
  gone.catch(() => {});
  return result;
}

/** Why a real server the test needs cannot run here (a failure under CI), or null. */
export function missing(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (found) return null;
  const reason = `${command} is not installed`;
  if (IN_CI) throw new Error(reason);
  return reason;
}

export interface Zoo {
  readonly dir: string;
  readonly pids: number[];
  /** The pid of the ptzoo-mem process, which holds 24 MiB of touched memory. */
  readonly memPid: number;
  stop(): Promise<void>;
}

/**
 * Test processes with their own comm: sleepers named ptzoo-sleep (a symlink's name becomes the
 * comm at execve), and one python3 named ptzoo-mem that touches 24 MiB and waits.
 */
export async function startZoo(sleepers: number): Promise<Zoo> {
  const dir = mkdtempSync(join(tmpdir(), 'ptools-zoo-'));
  symlinkSync('/bin/sleep', join(dir, 'ptzoo-sleep'));
  symlinkSync('/usr/bin/python3', join(dir, 'ptzoo-mem'));
  const children: ChildProcess[] = [];
  for (let i = 0; i < sleepers; i++) children.push(spawn(join(dir, 'ptzoo-sleep'), ['600'], { stdio: 'ignore' }));
  const mem = spawn(join(dir, 'ptzoo-mem'), ['-c', 'import sys, time\nb = bytearray(24 << 20)\nfor i in range(0, len(b), 4096): b[i] = 1\nprint("ready", flush=True)\ntime.sleep(600)'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(mem);
  await new Promise<void>((resolve, reject) => {
    mem.stdout?.once('data', () => resolve());
    mem.once('exit', (code) => reject(new Error(`ptzoo-mem exited (${code})`)));
  });
  return {
    dir,
    pids: children.map((child) => child.pid as number),
    memPid: mem.pid as number,
    async stop() {
      await Promise.all(
        children.map((child) => {
          const done = exited(child);
          child.kill('SIGKILL');
          return done;
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A process's PSS in bytes from its smaps_rollup. */
export function rollupPss(pid: number): number {
  const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
  if (!match) throw new Error(`no Pss line for ${pid}`);
  return Number(match[1]) * 1024;
}

export interface Series {
  /** name{labels} as written. */
  readonly key: string;
  readonly name: string;
  readonly valueText: string;
  readonly value: number;
}

/** The sample lines of a text exposition (no timestamps: neither exporter writes them). */
export function parseExposition(text: string): Series[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.lastIndexOf(' ');
      const key = line.slice(0, space);
      const valueText = line.slice(space + 1);
      const brace = key.indexOf('{');
      return { key, name: brace < 0 ? key : key.slice(0, brace), valueText, value: Number(valueText.replace('+Inf', 'Infinity')) };
    });
}
