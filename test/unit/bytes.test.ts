import { describe, expect, it } from 'vitest';
import { argumentBytes, byteString, bytesOf, cutBytes, jsonText, padBytes } from '../../src/format/bytes.js';

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
