// Writing to stdout the way the classic tools behave in a pipeline. A closed pipe (EPIPE) stops
// the output quietly; the command then ends as a C tool would, by SIGPIPE. Any other write error
// (ENOSPC on /dev/full, EIO, EBADF...) stops the output too and is kept for the run wrapper, which
// reports it as the classic tool does.
//
// Like C's stdio on a pipe or a file, writes are gathered and go out together when 64 KiB (or the
// size the command asks for) have piled up, at flush() and at the end: a short report leaves in
// one write, so a reader that goes away after the first line (`| head -1`) does not cut it short,
// as it does not cut a C tool's. They go out with write(2) on the descriptor, as stdio's do, not
// through process.stdout: creating that stream loads Node's stream modules (and for a pipe its
// net modules), a good part of a short command's start-up.
import { writeSync } from 'node:fs';

const GATHER = 64 * 1024;

/** Writes what it can of DATA and returns how many bytes it wrote, or throws the system error. */
export type Send = (data: Uint8Array) => number;

const toStdout: Send = (data) => writeSync(1, data);
const toStderr: Send = (data) => writeSync(2, data);

/** Blocks the thread for MS milliseconds (a descriptor left non-blocking answers EAGAIN until the reader catches up). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class Output {
  private broken: NodeJS.ErrnoException | null = null;
  private error: NodeJS.ErrnoException | null = null;
  private pending: Array<string | Uint8Array> = [];
  private allText = true;
  private gathered = 0;
  private total = 0;

  constructor(
    private readonly send: Send = toStdout,
    private readonly gather = GATHER,
  ) {}

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
    if (this.closed || length === 0) return;
    this.pending.push(data);
    if (typeof data !== 'string') this.allText = false;
    this.gathered += length;
    if (this.gathered >= this.gather) this.release();
  }

  /** Sends what was gathered, all of it unless the output fails. */
  private release(): void {
    if (this.pending.length === 0) return;
    // Text alone (most reports) is joined and encoded once; bytes written at once go as they are.
    const [only] = this.pending;
    const data = this.allText
      ? Buffer.from(this.pending.join(''), 'utf8')
      : this.pending.length === 1 && typeof only !== 'string' && only !== undefined
        ? only
        : Buffer.concat(this.pending.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
    this.pending = [];
    this.allText = true;
    this.gathered = 0;
    let sent = 0;
    while (sent < data.length && !this.closed) {
      try {
        sent += this.send(data.subarray(sent));
      } catch (error) {
        const failure = error as NodeJS.ErrnoException;
        if (failure.code === 'EAGAIN') pause(1);
        else this.fail(failure);
      }
    }
  }

  /** Sends what was gathered (free and iostat between reports, as their fflush). */
  async flush(): Promise<void> {
    this.release();
  }

  /**
   * Sends the rest: the end of a run. Nothing written is nothing that can fail, as for a C tool's
   * stdio (an empty write(2) to /dev/full would fail with ENOSPC; pwdx whose pids all failed ends
   * without a write error).
   */
  async finish(): Promise<void> {
    this.release();
  }
}

/**
 * Writes DATA to stderr at once with write(2), as Output writes stdout: every message of the
 * commands goes out this way. process.stderr would load Node's stream modules (and for a pipe its
 * net modules), about 4 ms of start-up, for a run whose only stderr line is a warning or an error
 * (`pgrep` finding nothing writes none, and no longer pays for it). A write that fails is dropped,
 * as a C tool ignores a failed fprintf to stderr.
 */
export function writeStderr(data: string | Uint8Array): void {
  const output = new Output(toStderr);
  output.write(data);
  void output.finish();
}
