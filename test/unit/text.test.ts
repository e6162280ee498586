// decodeText is Python's bytes.decode('utf-8', 'surrogateescape') (what psutil returns for names,
// command lines and paths), and encodeText its inverse: both are checked against python3 itself.
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/core/text.js';
import { encodeText } from '../../src/format/python.js';
import { runPython } from './python.js';

const SAMPLES: readonly number[][] = [
  [0x61, 0x62],
  [0x63, 0x61, 0x66, 0xc3, 0xa9], // café
  [0xff, 0xfe],
  [0x78, 0xc3, 0x41], // lead byte, then not a continuation
  [0xe6, 0x97], // cut by the end
  [0xe6, 0x97, 0xa5, 0xe6], // a whole CJK character, then a cut one
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong, three bytes
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x98, 0x80], // an emoji (a surrogate pair in JavaScript)
  [0xc2, 0x85, 0x80], // a C1 control, then a stray continuation byte
];

/** The UTF-16 code units Python's decoder gives for each sample (surrogates as themselves). */
function pythonDecodes(): number[][] {
  const script =
    'import json, sys\n' +
    'out = []\n' +
    'for sample in json.loads(sys.argv[1]):\n' +
    '    text = bytes(sample).decode("utf-8", "surrogateescape")\n' +
    '    out.append(list(text.encode("utf-16-le", "surrogatepass")))\n' +
    'print(json.dumps(out))';
  return (JSON.parse(runPython(script, '', [JSON.stringify(SAMPLES)])) as number[][]).map((bytes) => bytes.flatMap((byte, i) => (i % 2 === 0 ? [byte | ((bytes[i + 1] as number) << 8)] : [])));
}

const units = (text: string) => [...text].flatMap((c) => [...Array(c.length).keys()].map((k) => c.charCodeAt(k)));

describe('decodeText and encodeText', () => {
  it('decode as Python decodes with surrogateescape', () => {
    const expected = pythonDecodes();
    expect(SAMPLES.map((sample) => units(decodeText(Buffer.from(sample))))).toEqual(expected);
  });
  it('give every byte back', () => {
    for (const sample of SAMPLES) expect([...encodeText(decodeText(Buffer.from(sample)))]).toEqual(sample);
  });
  it('leave a surrogate pair alone and survive JSON', () => {
    const text = decodeText(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xff]));
    expect(encodeText(text)).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xff]));
    expect(JSON.stringify(text)).toBe('"\u{1f600}\\udcff"');
    expect(encodeText(JSON.parse(JSON.stringify(text)) as string)).toEqual(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xff]));
  });
});
