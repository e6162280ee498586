// Writing to stdout the way the classic tools behave in a pipeline. A closed pipe (EPIPE) stops
// the output quietly; the command then ends as a C tool would, by SIGPIPE. Any other write error
// (ENOSPC on /dev/full, EIO, EBADF...) stops the output too and is kept for the run wrapper, which
// reports it as the classic tool does. Output is never cut short by process.exit(): stdout to a
// pipe is asynchronous, so we wait for it to drain.
//
// Like C's stdio on a pipe or a file, writes are gathered (corked) and go out together when 64 KiB
// (or the size the command asks for) have piled up, at flush() and at the end: a short report
// leaves in one write, so a reader that goes away after the first line (`| head -1`) does not cut
// it short, as it does not cut a C tool's.
import type { Writable } from 'node:stream';

const GATHER = 64 * 1024;

export class Output {
  private broken: NodeJS.ErrnoException | null = null;
  private error: NodeJS.ErrnoException | null = null;
  private corked = false;
  private gathered = 0;
  private total = 0;

  constructor(
    private readonly stream: Writable & { writableNeedDrain?: boolean } = process.stdout,
    private readonly gather = GATHER,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  /** True once nothing more can be written (the reader went away, or a write failed): producers should stop. */
  get closed(): boolean {
    return this.broken !== null || this.error !== null;
  }

  /** The EPIPE error once the reader went away. */
  get brokenPipe(): NodeJS.ErrnoException | null {
    return this.broken;
  }

  /** The write error other than EPIPE that stopped the output, if one did. */
  get failure(): NodeJS.ErrnoException | null {
    return this.error;
  }

  /** Records that the output cannot be written (also for a stdout found closed before any write). */
  fail(error: NodeJS.ErrnoException): void {
    if (error.code === 'EPIPE') this.broken ??= error;
    else this.error ??= error;
  }

  /** Bytes the command wrote, sent or not (what a C tool's stdio would have been given). */
  get written(): number {
    return this.total;
  }

  /** Text is written as UTF-8; bytes as they are. */
  write(data: string | Uint8Array): void {
    const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.total += length;
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
    }
    this.gathered += length;
    this.stream.write(data);
    if (this.gathered >= this.gather) this.release();
  }

  private release(): void {
    if (!this.corked) return;
    this.corked = false;
    this.gathered = 0;
    this.stream.uncork();
  }

  /** Resolves when the stream can take more (backpressure), or the output failed. */
  async flush(): Promise<void> {
    this.release();
    if (this.closed || !this.stream.writableNeedDrain) return;
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

  /** Resolves when everything written has left the process, or the output failed: the end of a run. */
  async finish(): Promise<void> {
    this.release();
    // Nothing written is nothing that can fail, as for a C tool's stdio (an empty write(2) to
    // /dev/full would fail with ENOSPC; pwdx whose pids all failed ends without a write error).
    if (this.closed || this.total === 0) return;
    // Writes complete in order: the callback of an empty write comes once every earlier write
    // is done, with the error if one failed (a file or /dev/full fails synchronously, a pipe
    // later); the stream's 'error' event follows on a later tick.
    await new Promise<void>((resolve) => {
      this.stream.write('', (error) => {
        if (error) this.fail(error);
        resolve();
      });
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
}
