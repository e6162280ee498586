// pt-exporter: host and process-group metrics for Prometheus, served over HTTP, printed once, or
// written for node_exporter's textfile collector.
import { once } from 'node:events';
import { promises } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { CommandFailed, errnoCode } from '../../core/errors.js';
import type { ToolContext } from '../../cli/context.js';
import { writeStderr } from '../../format/writer.js';
import { parseExporterCommand, USAGE, type ExporterOptions } from './command.js';
import { metricsServer } from './server.js';
import { SnapshotCache, takeSnapshot } from './snapshot.js';

/** Resolves at the first SIGTERM or SIGINT, and stops listening for them then. */
function termination(): { promise: Promise<string>; dispose: () => void } {
  let dispose = () => {};
  const promise = new Promise<string>((resolve) => {
    const onSignal = (signal: string) => {
      dispose();
      resolve(signal);
    };
    const term = () => onSignal('SIGTERM');
    const int = () => onSignal('SIGINT');
    process.on('SIGTERM', term);
    process.on('SIGINT', int);
    dispose = () => {
      process.off('SIGTERM', term);
      process.off('SIGINT', int);
    };
  });
  return { promise, dispose };
}

async function serve(tool: ToolContext, options: ExporterOptions): Promise<void> {
  const server = metricsServer(new SnapshotCache(tool.procfs, options), options.timeoutMs);
  const stop = termination();
  server.listen(options.port, options.host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  } catch (error) {
    stop.dispose();
    throw new CommandFailed(`pt-exporter: cannot listen on ${options.host}:${options.port}: ${errnoCode(error) ?? String(error)}\n`, 1, { cause: error });
  }
  const address = server.address();
  if (address && typeof address === 'object') writeStderr(`pt-exporter: listening on ${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}\n`);
  await stop.promise;
  // Stop accepting, end idle keep-alive connections, and let scrapes in flight finish.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}

async function writeTextfiles(tool: ToolContext, options: ExporterOptions, dir: string): Promise<void> {
  const stop = termination();
  const target = join(dir, 'ptools.prom');
  // The temporary name does not end in .prom: node_exporter's collector reads only *.prom files,
  // and rename() replaces the target in one step, so it never reads a half-written file.
  const temporary = join(dir, `.ptools.prom.${process.pid}.tmp`);
  let stopped = false;
  void stop.promise.then(() => (stopped = true));
  try {
    while (!stopped) {
      const snapshot = await takeSnapshot(tool.procfs, options);
      try {
        await promises.writeFile(temporary, snapshot.render(false));
        await promises.rename(temporary, target);
      } catch (error) {
        throw new CommandFailed(`pt-exporter: cannot write ${target}: ${errnoCode(error) ?? String(error)}\n`, 1, { cause: error });
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stop.promise, new Promise((resolve) => (timer = setTimeout(resolve, options.intervalMs)))]);
      clearTimeout(timer);
    }
  } finally {
    stop.dispose();
  }
}

export async function runExporter(argv: readonly string[], tool: ToolContext): Promise<void> {
  const command = parseExporterCommand(argv);
  if (command.kind === 'help') return tool.output.write(USAGE);
  if (command.kind === 'version') return tool.output.write(`pt-exporter (ptools ${tool.version})\n`);
  const { options } = command;
  if (options.mode === 'once') return tool.output.write((await takeSnapshot(tool.procfs, options)).render(options.openMetrics));
  // A server that runs for weeks: V8 lets its young generation grow to 16 MiB semi-spaces under
  // a steady allocation rate (each scrape renders a few hundred KB), some 5 MiB of resident memory
  // that never comes back. Scavenges of 2 MiB spaces cost little next to a scrape.
  setFlagsFromString('--max-semi-space-size=2');
  if (options.mode === 'textfile') return writeTextfiles(tool, options, options.textfileDir as string);
  return serve(tool, options);
}
