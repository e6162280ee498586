// A bounded load test on loopback: 10,000 scrapes from 8 concurrent clients against one
// pt-exporter. Every scrape must succeed; the exporter's RSS after the run must be within 10 MiB
// of its RSS after the first 100 scrapes (no growth per scrape). The p99 latency is reported, not
// asserted: speed is the bench's business.
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporter, type Started } from './exporter-harness.js';

const SCRAPES = 10000;
const CLIENTS = 8;

function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

describe('pt-exporter under load', () => {
  let exporter: Started;
  beforeAll(async () => {
    exporter = await startExporter([]);
  });
  afterAll(async () => exporter.stop());

  it(`serves ${SCRAPES} scrapes from ${CLIENTS} clients without growing`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const scrape = () =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        const req = request(exporter.url, { agent }, (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => {
            if (response.statusCode !== 200 || bytes < 1000) reject(new Error(`status ${response.statusCode}, ${bytes} bytes`));
            else resolve(performance.now() - start);
          });
        });
        req.on('error', reject);
        req.end();
      });
    const latencies: number[] = [];
    let issued = 0;
    let rssAt100 = 0;
    const client = async () => {
      while (issued < SCRAPES) {
        issued++;
        latencies.push(await scrape());
        if (latencies.length === 100) rssAt100 = rssBytes(exporter.child.pid as number);
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const seconds = (performance.now() - began) / 1000;
    agent.destroy();
    const rssAfter = rssBytes(exporter.child.pid as number);
    latencies.sort((a, b) => a - b);
    const p = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number).toFixed(2);
    console.log(
      `pt-exporter load: ${latencies.length} scrapes in ${seconds.toFixed(1)} s; latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms; ` +
        `RSS after 100 ${(rssAt100 / 2 ** 20).toFixed(1)} MiB, after all ${(rssAfter / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(latencies.length).toBe(SCRAPES);
    expect(rssAfter - rssAt100).toBeLessThanOrEqual(10 * 2 ** 20);
  });
});
