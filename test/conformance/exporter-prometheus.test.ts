// A real Prometheus on loopback scrapes a pt-exporter this test started, every second; once it
// has two scrapes, its HTTP API must give back what the kernel says: MemTotal, the PSS of a test
// process (its group's), and up == 1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, missing, rollupPss, startExporter, startServer, startZoo, waitFor, type Started, type Zoo } from './exporter-harness.js';

interface Vector {
  metric: Record<string, string>;
  value: [number, string];
}

const noPrometheus = missing('prometheus');

describe.skipIf(noPrometheus !== null)('pt-exporter scraped by Prometheus', () => {
  let dir: string;
  let zoo: Zoo;
  let exporter: Started;
  let prometheus: Started;

  async function query(expr: string): Promise<Vector[]> {
    const response = await fetch(`${prometheus.url}?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; data: { resultType: string; result: Vector[] } };
    expect(body.status).toBe('success');
    return body.data.result;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptools-prometheus-'));
    zoo = await startZoo(3);
    exporter = await startExporter(['--match', '^ptzoo-']);
    const port = await freePort();
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: ptools',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporter.port}']`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), config);
    prometheus = await startServer(
      ['prometheus', `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      port,
      `http://127.0.0.1:${port}/-/ready`,
      '/api/v1/query',
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await zoo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers node_memory_MemTotal_bytes, the group PSS within 5 %, and up == 1 after two scrapes', async () => {
    await waitFor(async () => {
      const [scrapes] = await query('count_over_time(up{job="ptools"}[1m])');
      return scrapes && Number(scrapes.value[1]) >= 2 ? true : undefined;
    });
    const [up] = await query('up{job="ptools"}');
    expect(up?.value[1]).toBe('1');

    const memTotal = /^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'latin1'));
    const [total] = await query('node_memory_MemTotal_bytes{job="ptools"}');
    expect(Number(total?.value[1])).toBe(Number(memTotal?.[1]) * 1024);

    const [pss] = await query('ptools_process_pss_bytes{job="ptools",group="ptzoo-mem"}');
    const kernel = rollupPss(zoo.memPid);
    expect(kernel).toBeGreaterThan(24 * 2 ** 20);
    expect(Math.abs(Number(pss?.value[1]) - kernel)).toBeLessThanOrEqual(kernel * 0.05);

    // The sleepers' group counts all three.
    const [sleepers] = await query('ptools_process_num_procs{job="ptools",group="ptzoo-sleep"}');
    expect(sleepers?.value[1]).toBe('3');
  });
});
