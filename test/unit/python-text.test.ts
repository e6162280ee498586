// Python's text rules as the Python originals (smem, psutil's scripts) print: repr() of floats,
// str(), '%-W.Ps' padding, the ordering sort() uses, and sum(). Every expected value comes from
// running python3 on the same inputs.
import { describe, expect, it } from 'vitest';
import { PyFloat, pyCompare, pyCompareLists, pyFloatRepr, pyLen, pyPad, pyStr, pySum, type PyValue } from '../../src/format/python.js';
import { python } from './python.js';


describe('pyFloatRepr', () => {
  it("prints what Python's repr() prints", () => {
    const values = [
      0.1, 1.5, 12, 100, 1e15, 1e16, 123456789012345680, 1.5e16, 9.999999999999999e15, 1e-4, 1.5e-4, 1e-5, 1.23e-5, 5e-324,
      1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 0.30000000000000004, 1 / 3, -2.5, -1e-7, -1e20, 33.3, 4096.0, 1e22, 1.0000000000000002,
    ];
    const expected = python<string[]>('print(json.dumps([repr(float(v)) for v in data]))', values.map(String));
    expect(values.map(pyFloatRepr)).toEqual(expected);
  });

  it('prints zeros, infinities and nan as Python does', () => {
    const expected = python<string[]>("print(json.dumps([repr(float(v)) for v in data]))", ['0', '-0', 'inf', '-inf', 'nan']);
    expect([0, -0, Infinity, -Infinity, Number.NaN].map(pyFloatRepr)).toEqual(expected);
  });
});

describe('pyStr', () => {
  it('prints ints as str(int), floats as str(float), text as itself', () => {
    expect([pyStr(12), pyStr(new PyFloat(12)), pyStr(new PyFloat(0.5)), pyStr('x'), pyStr(-3)]).toEqual(python<string[]>('print(json.dumps([str(12), str(12.0), str(0.5), str("x"), str(-3)]))', null));
  });
});

describe('pyPad and pyLen', () => {
  const texts = ['', 'ab', 'abcdef', '日本語テキスト', 'e\u0301', '\u{1F600}x', 'exactly8'];
  const specs: Array<[number, boolean, number | null]> = [
    [8, true, null], [8, false, null], [4, true, 4], [4, false, 2], [0, true, null], [3, true, 8], [8, true, 8],
  ];

  it("pads and cuts as '%-W.Ps' and '%W.Ps' do, counting code points", () => {
    const script = `out = []
for text in data['texts']:
    for width, left, precision in data['specs']:
        spec = '%' + ('-' if left else '') + str(width) + ('' if precision is None else '.' + str(precision)) + 's'
        out.append(spec % text)
print(json.dumps(out))`;
    const expected = python<string[]>(script, { texts, specs });
    const ours = texts.flatMap((text) => specs.map(([width, left, precision]) => (precision === null ? pyPad(text, width, left) : pyPad(text, width, left, precision))));
    expect(ours).toEqual(expected);
    expect(texts.map(pyLen)).toEqual(python<number[]>('print(json.dumps([len(t) for t in data]))', texts));
  });
});

describe('pyCompare and pyCompareLists', () => {
  it('order strings by code point, as sorted() does', () => {
    const texts = ['b', 'a', 'B', '', 'ab', 'a\u00e9', '\uffff', '\u{1F600}', '\u{10000}', 'aa', 'a'];
    expect([...texts].sort(pyCompare)).toEqual(python<string[]>('print(json.dumps(sorted(data)))', texts));
  });

  it('order numbers, ints and floats alike', () => {
    const values: PyValue[] = [3, new PyFloat(2.5), -1, new PyFloat(3), 0, 10];
    const sorted = [...values].sort(pyCompare).map((value) => (value instanceof PyFloat ? value.value : value));
    expect(sorted).toEqual(python<number[]>('print(json.dumps(sorted([3, 2.5, -1, 3.0, 0, 10])))', null));
    expect(pyCompare(new PyFloat(3), 3)).toBe(0);
  });

  it('order lists element by element, then by length', () => {
    const lists: PyValue[][] = [[2, 'b'], [1, 'z'], [2, 'a'], [2], [1, 'z', 0], [], [2, 'a']];
    const expected = python<PyValue[][]>('print(json.dumps(sorted(data)))', lists);
    expect([...lists].sort(pyCompareLists)).toEqual(expected);
  });
});

describe('pySum', () => {
  it('stays an int until a float joins, as sum() does', () => {
    expect(pySum([1, 2, 3])).toBe(6);
    const mixed = pySum([1, new PyFloat(2), 3]);
    expect(mixed).toBeInstanceOf(PyFloat);
    expect(pyStr(mixed)).toBe(python<string>('print(json.dumps(str(sum([1, 2.0, 3]))))', null));
    expect(pySum([])).toBe(0);
  });
});
