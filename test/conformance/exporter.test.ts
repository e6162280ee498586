// pt-exporter against the real node_exporter (same series, help, types and values within what
// moves between two reads), promtool's checks of our exposition, and the server's behaviour over
// HTTP: formats, errors, shared snapshots, slow clients, signals, and the textfile mode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sysconf } from '../../src/core/system.js';
import { ENV, ours, run } from './harness.js';
import { exited, freePort, missing, parseExposition, startExporter, startServer, startZoo, waitFor, type Series, type Started, type Zoo } from './exporter-harness.js';

const NODE_COLLECTORS = ['meminfo', 'cpu', 'stat', 'loadavg', 'diskstats', 'netdev', 'sockstat', 'filesystem'];

function once(args: readonly string[]): string {
  const result = run(ours('exporter', ['--once', ...args]), { env: ENV });
  expect(result.stderr.toString()).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.toString();
}

/**
 * promtool's findings. node_exporter's meminfo names keep the kernel's CamelCase keys
 * (node_memory_MemTotal_bytes), which promtool's lint flags (a lower-case letter followed by an
 * upper-case one) on node_exporter's own output too:
 * those are expected, one per such family; anything else is a finding.
 */
function promtoolFindings(text: string): string[] {
  const checked = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const camel = new Set(
    text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE node_memory_') && /[a-z][A-Z]/.test(line.split(' ')[2] as string))
      .map((line) => `${line.split(' ')[2]} metric names should be written in 'snake_case' not 'camelCase'`),
  );
  const lines = `${checked.stdout}${checked.stderr}`.split('\n').filter((line) => line !== '');
  expect(new Set(lines.filter((line) => camel.has(line)))).toEqual(camel);
  return lines.filter((line) => !camel.has(line));
}

const noPromtool = missing('promtool');
const noNodeExporter = missing('prometheus-node-exporter');
const noProcessExporter = missing('prometheus-process-exporter');

describe('pt-exporter --once and promtool', () => {
  let zoo: Zoo;
  beforeAll(async () => {
    zoo = await startZoo(50);
  });
  afterAll(async () => zoo.stop());

  it.skipIf(noPromtool !== null)('promtool check metrics passes at idle (host metrics only)', () => {
    expect(promtoolFindings(once(['--no-processes']))).toEqual([]);
  });

  it.skipIf(noPromtool !== null)('promtool check metrics passes with the process zoo, every group and the top-N cut', () => {
    for (const args of [['--top', '0'], ['--top', '5'], ['--group-by', 'user'], ['--group-by', 'cgroup']]) {
      const text = once(args);
      expect(promtoolFindings(text), args.join(' ')).toEqual([]);
    }
  });

  it('counts the zoo in its own group and sums the rest under "other"', () => {
    const all = parseExposition(once(['--top', '0']));
    const count = (series: Series[], group: string) => series.find((s) => s.key === `ptools_process_num_procs{group="${group}"}`)?.value;
    expect(count(all, 'ptzoo-sleep')).toBe(50);
    expect(count(all, 'ptzoo-mem')).toBe(1);
    const cut = parseExposition(once(['--top', '3']));
    const kept = cut.filter((s) => s.name === 'ptools_process_num_procs');
    expect(kept.map((s) => s.key)).toContain('ptools_process_num_procs{group="other"}');
    expect(kept.length).toBeLessThanOrEqual(4);
    expect(count(cut, 'ptzoo-sleep')).toBe(50);
    // Among the zoo alone (nothing else on the machine moves these): by count the sleepers are
    // kept and the one ptzoo-mem is summed as "other".
    const zooCut = parseExposition(once(['--match', '^ptzoo-', '--top', '1']));
    expect(zooCut.filter((s) => s.name === 'ptools_process_num_procs').map((s) => [s.key, s.value])).toEqual([
      ['ptools_process_num_procs{group="other"}', 1],
      ['ptools_process_num_procs{group="ptzoo-sleep"}', 50],
    ]);
    // Each metric has its own top: by PSS the one 24 MiB process outweighs fifty sleepers.
    const pss = zooCut.filter((s) => s.name === 'ptools_process_pss_bytes').map((s) => s.key);
    expect(pss).toEqual(['ptools_process_pss_bytes{group="other"}', 'ptools_process_pss_bytes{group="ptzoo-mem"}']);
    const matched = parseExposition(once(['--match', '^ptzoo-', '--top', '0'])).filter((s) => s.name === 'ptools_process_num_procs');
    expect(matched.map((s) => s.key).sort()).toEqual(['ptools_process_num_procs{group="ptzoo-mem"}', 'ptools_process_num_procs{group="ptzoo-sleep"}']);
    const threads = parseExposition(once(['--match', '^ptzoo-sleep$'])).find((s) => s.name === 'ptools_process_threads');
    expect(threads?.value).toBe(50);
  });

  it('writes OpenMetrics with --openmetrics: counters typed without _total, samples with it, # EOF last', () => {
    const text = once(['--openmetrics', '--no-processes']);
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE node_cpu_seconds counter\n');
    expect(text).toMatch(/\nnode_cpu_seconds_total\{cpu="0",mode="idle"\} \d/);
    expect(text).toMatch(/\nnode_load1 \d/);
    expect(text).not.toMatch(/^# TYPE \S+_total /m);
  });

  it('exits 2 with a message for a bad option, 0 with usage for --help', () => {
    const bad = run(ours('exporter', ['--group-by', 'pid']), { env: ENV });
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toBe("pt-exporter: invalid group-by 'pid' (comm, user or cgroup)\nTry 'pt-exporter --help' for more information.\n");
    const unknown = run(ours('exporter', ['--bogus']), { env: ENV });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.toString()).toContain("unrecognized option '--bogus'");
    const help = run(ours('exporter', ['--help']), { env: ENV });
    expect(help.status).toBe(0);
    expect(help.stdout.toString()).toMatch(/^Usage: pt-exporter \[OPTION\]\.\.\./);
  });
});

/** How far a value that moves may stray outside what node_exporter read just before and after. */
function tolerance(name: string): number {
  if (name === 'node_memory_MemTotal_bytes' || name === 'node_boot_time_seconds') return 0;
  // Our own process (a Node runtime) comes and goes between the reads.
  if (name.startsWith('node_memory_')) return name.endsWith('_bytes') ? 256 * 2 ** 20 : 4;
  // Instantaneous counts of runnable and blocked tasks: on a shared machine they jump by dozens.
  if (name.startsWith('node_procs_')) return 100;
  if (name.startsWith('node_load')) return 0.5;
  if (name.startsWith('node_sockstat_')) return name.endsWith('_mem_bytes') ? 64 * 4096 : 64;
  if (name === 'node_filesystem_free_bytes' || name === 'node_filesystem_avail_bytes') return 256 * 2 ** 20;
  if (name === 'node_filesystem_files_free') return 10000;
  if (name === 'node_disk_io_now') return 8;
  // Counters: ours was read between node_exporter's two reads, so it lies between them.
  return 0;
}

describe.skipIf(noNodeExporter !== null)('pt-exporter against prometheus-node-exporter', () => {
  let node: Started;
  beforeAll(async () => {
    const port = await freePort();
    const args = ['--collector.disable-defaults', ...NODE_COLLECTORS.map((name) => `--collector.${name}`), `--web.listen-address=127.0.0.1:${port}`];
    node = await startServer(['prometheus-node-exporter', ...args], port, `http://127.0.0.1:${port}/metrics`, '/metrics');
  });
  afterAll(async () => node.stop());

  it('has the same series, HELP and TYPE lines, and values within what moves between reads', async () => {
    const scrape = async () => (await fetch(node.url)).text();
    const before = await scrape();
    const mine = once(['--no-processes']);
    const after = await scrape();
    const own = (text: string) => text.split('\n').filter((line) => / ?node_/.test(line) && !/node_(scrape_collector|exporter_build)/.test(line));
    const meta = (text: string) => own(text).filter((line) => line.startsWith('#'));
    expect(meta(mine)).toEqual(meta(before));
    const theirs = (text: string) => new Map(parseExposition(own(text).join('\n')).map((s) => [s.key, s]));
    const a = theirs(before);
    const b = theirs(after);
    const ours = parseExposition(mine);
    expect(ours.map((s) => s.key)).toEqual([...a.keys()]);
    let sameText = 0;
    for (const series of ours) {
      const x = a.get(series.key) as Series;
      const y = b.get(series.key) as Series;
      const slack = tolerance(series.name);
      expect(series.value, series.key).toBeGreaterThanOrEqual(Math.min(x.value, y.value) - slack);
      expect(series.value, series.key).toBeLessThanOrEqual(Math.max(x.value, y.value) + slack);
      // Where the numbers agree, Go's float formatting and ours must write the same text.
      if (series.value === x.value) {
        expect(series.valueText, series.key).toBe(x.valueText);
        sameText++;
      }
    }
    expect(sameText).toBeGreaterThan(ours.length / 2);
  });
});

describe.skipIf(noProcessExporter !== null)('pt-exporter groups against prometheus-process-exporter', () => {
  let zoo: Zoo;
  let processExporter: Started;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptools-process-exporter-'));
    // The zoo's two names, each its own group, without descendants (which process-exporter adds by default).
    writeFileSync(join(dir, 'config.yml'), 'process_names:\n  - name: "{{.Comm}}"\n    comm:\n    - ptzoo-sleep\n    - ptzoo-mem\n');
    const port = await freePort();
    const args = ['-web.listen-address', `127.0.0.1:${port}`, '-config.path', join(dir, 'config.yml'), '-children=false'];
    processExporter = await startServer(['prometheus-process-exporter', ...args], port, `http://127.0.0.1:${port}/metrics`, '/metrics');
    // The zoo starts after process-exporter's first scan: it counts the CPU and I/O of processes
    // that were running at that scan only from then on, and those of later processes whole, as
    // ours always does.
    zoo = await startZoo(20);
  });
  afterAll(async () => {
    await processExporter?.stop();
    await zoo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the same processes, threads, descriptors, resident and swapped bytes and I/O, and PSS within 5 %', async () => {
    // Ours is read between two reads of theirs: memory under pressure moves (a page swapped out).
    const scrape = async () => new Map(parseExposition(await (await fetch(processExporter.url)).text()).map((s) => [s.key, s.value]));
    // process-exporter counts a process's CPU time and I/O from the scan that first sees it (the
    // next one, here), ours counts them whole: what each group had used by then, from
    // /proc/PID/stat and /proc/PID/io, is its baseline. Next to nothing, unless the zoo's pages
    // had to come from disk (a machine whose page cache is being reclaimed).
    const hz = sysconf().clockTicks;
    const usedSoFar = (group: string) => {
      const used = { read_bytes: 0, write_bytes: 0, user: 0, system: 0 };
      for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
          if (readFileSync(`/proc/${pid}/comm`, 'latin1').trim() !== group) continue;
          const io = readFileSync(`/proc/${pid}/io`, 'latin1');
          used.read_bytes += Number(/^read_bytes: (\d+)$/m.exec(io)?.[1] ?? 0);
          used.write_bytes += Number(/^write_bytes: (\d+)$/m.exec(io)?.[1] ?? 0);
          const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
          const [utime = '0', stime = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13);
          used.user += Number(utime) / hz;
          used.system += Number(stime) / hz;
        } catch {
          // Gone meanwhile.
        }
      }
      return used;
    };
    const baseline = new Map(['ptzoo-sleep', 'ptzoo-mem'].map((group) => [group, usedSoFar(group)]));
    const before = await scrape();
    const mine = new Map(parseExposition(once(['--match', '^ptzoo-', '--top', '0'])).map((s) => [s.key, s.value]));
    const after = await scrape();
    for (const group of ['ptzoo-sleep', 'ptzoo-mem']) {
      const check = (ours: string, theirs: string, slack: (value: number) => number, base = 0) => {
        const value = (mine.get(ours.replace('G', group)) as number) - base;
        const [a, b] = [before, after].map((map) => map.get(theirs.replace('G', group)) as number);
        expect(value, `${group}: ${ours}`).toBeDefined();
        expect(value, `${group}: ${ours}`).toBeGreaterThanOrEqual(Math.min(a as number, b as number) - slack(a as number));
        expect(value, `${group}: ${ours}`).toBeLessThanOrEqual(Math.max(a as number, b as number) + slack(a as number));
      };
      const exact = () => 0;
      check('ptools_process_num_procs{group="G"}', 'namedprocess_namegroup_num_procs{groupname="G"}', exact);
      check('ptools_process_threads{group="G"}', 'namedprocess_namegroup_num_threads{groupname="G"}', exact);
      check('ptools_process_open_fds{group="G"}', 'namedprocess_namegroup_open_filedesc{groupname="G"}', exact);
      check('ptools_process_resident_bytes{group="G"}', 'namedprocess_namegroup_memory_bytes{groupname="G",memtype="resident"}', exact);
      check('ptools_process_swap_bytes{group="G"}', 'namedprocess_namegroup_memory_bytes{groupname="G",memtype="swapped"}', exact);
      check('ptools_process_read_bytes_total{group="G"}', 'namedprocess_namegroup_read_bytes_total{groupname="G"}', exact, baseline.get(group)?.read_bytes);
      check('ptools_process_write_bytes_total{group="G"}', 'namedprocess_namegroup_write_bytes_total{groupname="G"}', exact, baseline.get(group)?.write_bytes);
      check('ptools_process_pss_bytes{group="G"}', 'namedprocess_namegroup_memory_bytes{groupname="G",memtype="proportionalResident"}', (value) => value * 0.05);
      for (const mode of ['user', 'system']) {
        const base = baseline.get(group)?.[mode as 'user' | 'system'];
        check(`ptools_process_cpu_seconds_total{group="G",mode="${mode}"}`, `namedprocess_namegroup_cpu_seconds_total{groupname="G",mode="${mode}"}`, () => 0.05, base);
      }
    }
  });
});

describe('pt-exporter serving HTTP', () => {
  let server: Started;
  beforeAll(async () => {
    server = await startExporter(['--timeout', '1', '--min-interval', '0.3']);
  });
  afterAll(async () => {
    if (server.child.exitCode === null) await server.stop();
  });

  it('answers /metrics in text format 0.0.4, or OpenMetrics when Accept asks for it', async () => {
    const text = await fetch(server.url);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await text.text();
    expect(body).toMatch(/^# HELP node_boot_time_seconds /);
    expect(body).toContain('\nptools_process_pss_bytes{group="');
    // What Prometheus 2.42 sends.
    const accept = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
    const om = await fetch(server.url, { headers: { accept } });
    expect(om.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect((await om.text()).endsWith('# EOF\n')).toBe(true);
  });

  it('gives 404 for other paths, 405 for other methods, headers only for HEAD', async () => {
    expect((await fetch(server.url.replace('/metrics', '/metric'))).status).toBe(404);
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
  });

  it('serves concurrent scrapes from one snapshot, and takes a new one after --min-interval', async () => {
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await fetch(server.url)).text()));
    expect(new Set(bodies).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // node_context_switches_total never stands still for 600 ms.
    expect(await (await fetch(server.url)).text()).not.toBe(bodies[0]);
  });

  it('drops a client that never finishes its request (--timeout), and keeps serving others', async () => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    expect((await fetch(server.url)).status).toBe(200);
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('ends with status 0 on SIGTERM, with an idle keep-alive connection open', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    socket.destroy();
  });

  it('ends with status 0 on SIGINT', async () => {
    const other = await startExporter([]);
    expect((await fetch(other.url)).status).toBe(200);
    expect(await other.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('reports a port already taken, status 1', async () => {
    const other = await startExporter([]);
    const taken = run(ours('exporter', ['--listen', `127.0.0.1:${other.port}`]), { env: ENV });
    await other.stop();
    expect(taken.status).toBe(1);
    expect(taken.stderr.toString()).toBe(`pt-exporter: cannot listen on 127.0.0.1:${other.port}: EADDRINUSE\n`);
  });
});

describe('pt-exporter --textfile', () => {
  it('replaces DIR/ptools.prom by rename on every interval, and leaves nothing else behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptools-textfile-'));
    try {
      const [file = '', ...args] = ours('exporter', ['--textfile', dir, '--interval', '0.2', '--match', '^ptzoo']);
      const { spawn } = await import('node:child_process');
      const child = spawn(file, args, { env: ENV, stdio: 'ignore' });
      const path = join(dir, 'ptools.prom');
      const first = await waitFor(async () => readFileSync(path, 'utf8'));
      expect(first).toMatch(/^# HELP node_boot_time_seconds /);
      // A later write has moved the counters on.
      await waitFor(async () => (readFileSync(path, 'utf8') !== first ? true : undefined));
      const done = exited(child);
      child.kill('SIGTERM');
      expect(await done).toEqual({ code: 0, signal: null });
      expect(readdirSync(dir)).toEqual(['ptools.prom']);
      if (noPromtool === null) expect(promtoolFindings(readFileSync(path, 'utf8'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
