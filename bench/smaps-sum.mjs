// Measures the two smaps summers on a large /proc/PID/smaps: the TypeScript one
// (src/core/process/smaps.ts sumSmaps) and the addon's sumSmaps. A child python3 maps N
// single-page regions with alternating protections, so the kernel cannot merge them, and
// touches each one. Usage: node bench/smaps-sum.mjs [--maps N] [--runs N]   (after npm run build)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { sumSmaps } from '../dist/lib/core/process/smaps.js';

const { values } = parseArgs({ options: { maps: { type: 'string', default: '20000' }, runs: { type: 'string', default: '30' } } });
const maps = Number(values.maps);
const runs = Number(values.runs);

const CHILD = `
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
page = 4096
n = int(sys.argv[1])
base = libc.mmap(None, page * n, 3, 0x22, -1, 0)
for i in range(n):
    ctypes.memset(base + i * page, 1, 1)
    if i % 2:
        libc.mprotect(ctypes.c_void_p(base + i * page), page, 1)
print("ready", flush=True)
sys.stdin.read()
`;

const child = spawn('/usr/bin/python3', ['-c', CHILD, String(maps)], { stdio: ['pipe', 'pipe', 'inherit'] });
await once(child.stdout, 'data');
try {
  const path = `/proc/${child.pid}/smaps`;
  const addon = createRequire(import.meta.url)('../build/Release/ptools.node');
  const time = (fn) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      fn();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[samples.length >> 1];
  };
  const bytes = readFileSync(path);
  const mappings = bytes.toString('latin1').split('\n').filter((line) => /^[0-9a-f]+-[0-9a-f]+ /.test(line)).length;
  const ts = sumSmaps(bytes.toString('latin1'));
  const [uss, pss, swap] = addon.sumSmaps(bytes);
  const same = ts.uss === uss * 1024 && ts.pss === pss * 1024 && ts.swap === swap * 1024;
  console.log(`smaps of pid ${child.pid}: ${mappings} mappings, ${(bytes.length / 1048576).toFixed(1)} MiB; sums agree: ${same}`);
  console.log(`median of ${runs} runs (ms):`);
  console.log(`  read the file                 ${time(() => readFileSync(path)).toFixed(2)}`);
  console.log(`  parse, TypeScript (latin1+sum) ${time(() => sumSmaps(bytes.toString('latin1'))).toFixed(2)}`);
  console.log(`  parse, addon                  ${time(() => addon.sumSmaps(bytes)).toFixed(2)}`);
  console.log(`  read + parse, TypeScript      ${time(() => sumSmaps(readFileSync(path).toString('latin1'))).toFixed(2)}`);
  console.log(`  read + parse, addon           ${time(() => addon.sumSmaps(readFileSync(path))).toFixed(2)}`);
} finally {
  child.kill();
}
