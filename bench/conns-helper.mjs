// Helper for the bench "conns" scenario: opens N TCP connections to itself on
// 127.0.0.1, prints "ready PORT" once all of them are established on both
// sides, and holds them until SIGTERM or until stdin closes (the harness died).
//
// Usage: node bench/conns-helper.mjs N
import { readFileSync } from 'node:fs';
import net from 'node:net';

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: node bench/conns-helper.mjs N');
  process.exit(2);
}

// Fail clearly up front rather than on EMFILE halfway: the server side hits
// it in accept(), where Node drops connections without reporting an error.
const fdLimit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
const fdsNeeded = 2 * n + 64; // both ends of each connection, plus Node's own
if (fdsNeeded > fdLimit) {
  console.error(`conns-helper: ${n} connections need about ${fdsNeeded} file descriptors, the limit is ${fdLimit}`);
  process.exit(1);
}

const sockets = [];
let accepted = 0;
let connected = 0;

function fail(err) {
  console.error(`conns-helper: ${err.message}`);
  process.exit(1);
}

function checkReady() {
  if (accepted === n && connected === n) process.stdout.write(`ready ${server.address().port}\n`);
}

const server = net.createServer((socket) => {
  sockets.push(socket);
  accepted++;
  checkReady();
});
server.on('error', fail);
// A backlog of n lets all connects be queued at once (the kernel caps it at somaxconn).
server.listen({ host: '127.0.0.1', port: 0, backlog: n }, () => {
  const { port } = server.address();
  for (let i = 0; i < n; i++) {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      connected++;
      checkReady();
    });
    socket.on('error', fail);
    sockets.push(socket);
  }
});

// Close with RST rather than FIN: a normal close would leave thousands of
// sockets in TIME-WAIT for a minute, skewing whatever is measured next.
function shutdown() {
  for (const socket of sockets) socket.resetAndDestroy();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown).resume();
