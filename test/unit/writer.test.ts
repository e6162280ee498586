import { describe, expect, it } from 'vitest';
import { Output, type Send } from '../../src/format/writer.js';

/** A descriptor that records each write(2) it is given. */
function recorder(answer?: (data: Uint8Array, call: number) => number) {
  const arrivals: string[] = [];
  let calls = 0;
  const send: Send = (data) => {
    const count = answer ? answer(data, calls++) : data.length;
    arrivals.push(Buffer.from(data.subarray(0, count)).toString());
    return count;
  };
  return { send, arrivals };
}

const systemError = (code: string, errno: number) => Object.assign(new Error(code), { code, errno });

describe('Output', () => {
  it('gathers writes, empty ones included, and sends them at the end in one write', async () => {
    const { send, arrivals } = recorder();
    const output = new Output(send);
    output.write('');
    output.write('header\n');
    output.write(Buffer.from('row\n'));
    output.write('é\n');
    expect(arrivals).toEqual([]);
    await output.finish();
    expect(arrivals).toEqual(['header\nrow\né\n']);
    expect(output.written).toBe(14);
  });

  it('sends what it gathered once the size it was given has piled up, as stdio sends a full buffer', async () => {
    const { send, arrivals } = recorder();
    const output = new Output(send, 4096);
    output.write('x'.repeat(4095));
    expect(arrivals).toEqual([]);
    output.write('yz');
    expect(arrivals).toEqual([`${'x'.repeat(4095)}yz`]);
    output.write('later\n');
    expect(arrivals).toHaveLength(1);
    await output.flush();
    expect(arrivals).toEqual([`${'x'.repeat(4095)}yz`, 'later\n']);
    await output.finish();
    expect(arrivals).toHaveLength(2);
  });

  it('sends the rest after a short write, and waits out a descriptor that answers EAGAIN', async () => {
    const { send, arrivals } = recorder((data, call) => {
      if (call === 1) throw systemError('EAGAIN', -11);
      return Math.min(data.length, 3);
    });
    const output = new Output(send);
    output.write('abcdefgh');
    await output.finish();
    expect(arrivals.join('')).toBe('abcdefgh');
    expect(output.closed).toBe(false);
  });

  it('keeps a write error for the run wrapper and stops writing, and tells a closed pipe apart', async () => {
    const full = new Output(() => {
      throw systemError('ENOSPC', -28);
    });
    full.write('lost\n');
    await full.finish();
    full.write('after\n');
    expect(full.closed).toBe(true);
    expect(full.failure?.code).toBe('ENOSPC');
    expect(full.brokenPipe).toBeNull();
    expect(full.written).toBe(11);
    const piped = new Output(recorder().send);
    piped.fail(systemError('EPIPE', -32));
    expect([piped.closed, piped.failure, piped.brokenPipe?.code]).toEqual([true, null, 'EPIPE']);
  });
});
