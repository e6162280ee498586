// Writing to stdout the way the classic tools behave in a pipeline. A closed pipe (EPIPE) stops
// the output quietly; the command then ends as a C tool would, by SIGPIPE. Output is never cut
// short by process.exit(): stdout to a pipe is asynchronous, so we wait for it to drain.
import type { Writable } from 'node:stream';

export class Output {
  private broken = false;

  constructor(private readonly stream: Writable & { writableNeedDrain?: boolean } = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      this.broken = true;
    });
  }

  /** True once the reader has gone away: producers should stop. */
  get closed(): boolean {
    return this.broken;
  }

  /** Text is written as UTF-8; bytes as they are. */
  write(data: string | Uint8Array): void {
    if (!this.broken) this.stream.write(data);
  }

  /** Resolves when everything written so far has left the process, or the pipe broke. */
  async flush(): Promise<void> {
    if (this.broken || !this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }
}
