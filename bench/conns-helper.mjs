// Helper for the bench "conns" scenarios: holds 2N sockets of one kind on this machine, prints
// "ready [DETAIL]" once all of them are set up, and holds them until SIGTERM or until stdin
// closes (the harness died). Kinds (one per process: each needs about 2N file descriptors):
//   tcp   N TCP connections to itself on 127.0.0.1; DETAIL is the server's port
//   udp   2N UDP sockets bound to 127.0.0.1, every other pair connected to each other both ways
//   unix  N unix stream connections to a server of its own; DETAIL is the server's path
//
// Usage: node bench/conns-helper.mjs N [tcp|udp|unix]
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.argv[2]);
const kind = process.argv[3] ?? 'tcp';
if (!Number.isInteger(n) || n < 1 || !['tcp', 'udp', 'unix'].includes(kind)) {
  console.error('usage: node bench/conns-helper.mjs N [tcp|udp|unix]');
  process.exit(2);
}

// Fail clearly up front rather than on EMFILE halfway: the server side hits
// it in accept(), where Node drops connections without reporting an error.
const fdLimit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
const fdsNeeded = 2 * n + 64; // 2N sockets, plus Node's own
if (fdsNeeded > fdLimit) {
  console.error(`conns-helper: ${2 * n} ${kind} sockets need about ${fdsNeeded} file descriptors, the limit is ${fdLimit}`);
  process.exit(1);
}

const streams = [];
const datagrams = [];
let dir = null;

function fail(err) {
  console.error(`conns-helper: ${err.message}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}

/** N connections to a new server listening at `where` (a TCP port on 127.0.0.1, or a unix path). */
function connections(where) {
  return new Promise((resolve) => {
    let accepted = 0;
    let connected = 0;
    const check = () => {
      if (accepted === n && connected === n) resolve(server);
    };
    const server = net.createServer((socket) => {
      streams.push(socket);
      accepted++;
      check();
    });
    server.on('error', fail);
    // A backlog of n lets all connects be queued at once (the kernel caps it at somaxconn).
    server.listen({ ...where, backlog: n }, () => {
      const target = where.path ? { path: where.path } : { host: '127.0.0.1', port: server.address().port };
      for (let i = 0; i < n; i++) {
        const socket = net.connect(target, () => {
          connected++;
          check();
        });
        socket.on('error', fail);
        streams.push(socket);
      }
    });
  });
}

/** A UDP socket bound to an ephemeral port of 127.0.0.1. */
function boundDatagram() {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.on('error', fail);
    datagrams.push(socket);
    socket.bind({ address: '127.0.0.1', port: 0 }, () => resolve(socket));
  });
}

/** Pair i of UDP sockets: connected to each other both ways (ESTABLISHED) when i is even, else only bound. */
async function datagramPair(i) {
  const [a, b] = await Promise.all([boundDatagram(), boundDatagram()]);
  if (i % 2) return;
  const connect = (from, to) => new Promise((resolve) => from.connect(to.address().port, '127.0.0.1', resolve));
  await Promise.all([connect(a, b), connect(b, a)]);
}

let detail = '';
if (kind === 'tcp') {
  detail = String((await connections({ host: '127.0.0.1', port: 0 })).address().port);
} else if (kind === 'unix') {
  dir = mkdtempSync(join(tmpdir(), 'ptools-bench-conns-'));
  detail = join(dir, 'server.sock');
  await connections({ path: detail });
} else {
  // A few hundred pairs at a time: each bind and connect is a request to libuv.
  for (let i = 0; i < n; i += 500) await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => datagramPair(i + j)));
}
process.stdout.write(`ready ${detail}\n`);

function shutdown() {
  // Close TCP with RST rather than FIN: a normal close would leave thousands of
  // sockets in TIME-WAIT for a minute, skewing whatever is measured next.
  for (const socket of streams) {
    if (kind === 'tcp') socket.resetAndDestroy();
    else socket.destroy();
  }
  for (const socket of datagrams) socket.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown).resume();
