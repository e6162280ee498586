import { describe, expect, it } from 'vitest';
import { argumentBytes, ByteBuilder, byteString, bytesOf, cutBytes, jsonText, padBytes } from '../../src/format/bytes.js';

const CAFE = Buffer.from('café', 'utf8'); // 63 61 66 c3 a9

describe('byte strings', () => {
  it('hold one char per byte and give the same bytes back', () => {
    const raw = Buffer.from([0x61, 0xff, 0x00, 0xc3, 0x0a, 0x80]);
    const text = byteString(raw);
    expect(text.length).toBe(6);
    expect(bytesOf(text).equals(raw)).toBe(true);
    expect(byteString(raw.subarray(1, 3))).toBe('\xff\x00');
  });

  it('cut and pad by bytes, splitting a UTF-8 sequence as %.Ns does', () => {
    const text = byteString(CAFE);
    expect(bytesOf(cutBytes(text, 4)).equals(Buffer.from([0x63, 0x61, 0x66, 0xc3]))).toBe(true);
    expect(cutBytes(text, 9)).toBe(text);
    expect(bytesOf(padBytes(text, 8)).length).toBe(8);
    expect(bytesOf(padBytes(text, 6, 4)).equals(Buffer.from([0x63, 0x61, 0x66, 0xc3, 0x20, 0x20]))).toBe(true);
    expect(padBytes('abcdef', 3)).toBe('abcdef');
  });

  it('turns an argument into the bytes the C tool compares', () => {
    expect(bytesOf(argumentBytes('café')).equals(CAFE)).toBe(true);
  });

  it('decode only for JSON, invalid sequences as U+FFFD', () => {
    expect(jsonText(byteString(CAFE))).toBe('café');
    expect(jsonText(byteString(Buffer.from([0x61, 0xff, 0x62])))).toBe('a\ufffdb');
    expect(JSON.stringify(jsonText(cutBytes(byteString(CAFE), 4)))).toBe('"caf\ufffd"');
  });
});

describe('ByteBuilder', () => {
  it('writes spaces, text as UTF-8 and ranges of other buffers, growing as it goes', () => {
    const out = new ByteBuilder(4);
    out.spaces(3);
    out.text('ab');
    out.text('café ☃');
    const source = Buffer.from('xx-range-xx');
    out.range({ data: source, start: 3, end: 8 });
    out.spaces(0);
    out.byte(0x0a);
    expect(out.length).toBe(3 + 2 + Buffer.byteLength('café ☃') + 5 + 1);
    expect(out.take().toString('utf8')).toBe('   abcafé ☃range\n');
    // take() empties it for the next lines, and what it gave stays as it was.
    expect(out.length).toBe(0);
    out.text('one');
    const first = out.take();
    out.text('two');
    expect([first.toString(), out.take().toString()]).toEqual(['one', 'two']);
  });
});
