import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/format/writer.js';

/** A stream that records each chunk that reaches it (writev hands over several at once). */
function recorder() {
  const stream = new PassThrough();
  const arrivals: string[] = [];
  stream.on('data', (chunk: Buffer) => arrivals.push(chunk.toString()));
  return { stream, arrivals };
}

describe('Output', () => {
  it('gathers writes, empty ones included, and sends them at the end', async () => {
    const { stream, arrivals } = recorder();
    const output = new Output(stream);
    output.write('');
    output.write('header\n');
    output.write(Buffer.from('row\n'));
    expect(arrivals).toEqual([]);
    await output.finish();
    expect(arrivals.join('')).toBe('header\nrow\n');
    expect(output.written).toBe(11);
  });

  it('sends what it gathered once the size it was given has piled up, as stdio sends a full buffer', async () => {
    const { stream, arrivals } = recorder();
    const output = new Output(stream, 4096);
    output.write('x'.repeat(4095));
    await new Promise((resolve) => setImmediate(resolve));
    expect(arrivals).toEqual([]);
    output.write('yz');
    await new Promise((resolve) => setImmediate(resolve));
    expect(arrivals.join('')).toBe(`${'x'.repeat(4095)}yz`);
    output.write('later\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(arrivals.join('').endsWith('later\n')).toBe(false);
    await output.finish();
    expect(arrivals.join('').endsWith('yzlater\n')).toBe(true);
  });

  it('keeps a write error for the run wrapper and stops writing, and tells a closed pipe apart', async () => {
    const { stream } = recorder();
    const output = new Output(stream);
    output.fail(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', errno: -28 }));
    output.write('lost\n');
    expect(output.closed).toBe(true);
    expect(output.failure?.code).toBe('ENOSPC');
    expect(output.brokenPipe).toBeNull();
    const piped = new Output(recorder().stream);
    piped.fail(Object.assign(new Error('EPIPE'), { code: 'EPIPE', errno: -32 }));
    expect([piped.closed, piped.failure, piped.brokenPipe?.code]).toEqual([true, null, 'EPIPE']);
  });
});
