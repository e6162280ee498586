// The HTTP side: GET or HEAD /metrics answers the shared snapshot in the format the scraper's
// Accept asks for; any other path is 404, any other method 405. Header and request timeouts keep
// a slow or silent client from holding a socket, and each scrape only waits for the snapshot, so
// no scrape holds up another.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, wantsOpenMetrics } from './render.js';
import type { SnapshotCache } from './snapshot.js';

const LANDING = `<html><head><title>ptools exporter</title></head><body><h1>ptools exporter</h1><p><a href="/metrics">Metrics</a></p></body></html>\n`;

async function answer(cache: SnapshotCache, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Method Not Allowed\n');
    return;
  }
  if (path === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(request.method === 'HEAD' ? undefined : LANDING);
    return;
  }
  if (path !== '/metrics') {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('404 page not found\n');
    return;
  }
  const openMetrics = wantsOpenMetrics(request.headers.accept);
  const body = (await cache.get()).render(openMetrics);
  response.writeHead(200, {
    'Content-Type': openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE,
    'Content-Length': body.length,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** `timeoutMs` bounds both the request headers and the whole request of each client. */
export function metricsServer(cache: SnapshotCache, timeoutMs: number): Server {
  // Node checks those timeouts every connectionsCheckingInterval (30 s by default): checked
  // four times per timeout instead, a stalled client is dropped close to its deadline.
  const checking = Math.max(100, Math.min(30000, Math.floor(timeoutMs / 4)));
  const server = createServer({ connectionsCheckingInterval: checking }, (request, response) => {
    answer(cache, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`error collecting metrics: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  server.headersTimeout = timeoutMs;
  server.requestTimeout = timeoutMs;
  return server;
}
