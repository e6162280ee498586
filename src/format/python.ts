// Python's text semantics, for the commands whose original is a Python script (smem, psutil's
// scripts): str() of ints and floats, '%-8.8s'-style padding counted in code points, and the
// ordering of values and lists that list.sort() uses.

/** A Python float that happens to hold an integer value still prints as one ("12.0"). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = number | string | PyFloat;

export const pyNumber = (value: PyValue): number => (value instanceof PyFloat ? value.value : Number(value));

/** Python's repr() of a float: the shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  let text: string;
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.slice(1);
    text = `${digits[0]}${fraction ? `.${fraction}` : ''}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent < 0) {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  } else {
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${text}` : text;
}

/** str() of a value. */
export function pyStr(value: PyValue): string {
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  return typeof value === 'number' ? String(value) : value;
}

/** The length of a str in code points (what len() and '%-8s' count). */
export function pyLen(text: string): number {
  // Without a high surrogate (nearly always) every UTF-16 unit is a code point.
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) & 0xfc00) !== 0xd800) i++;
  if (i === text.length) return i;
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** '%[-][width][.precision]s' % text: cut to precision code points, then padded to width. */
export function pyPad(text: string, width: number, left: boolean, precision?: number): string {
  let cut = text;
  if (precision !== undefined && text.length > precision) {
    // Without a high surrogate among the first `precision` units, they are the first code points.
    let i = 0;
    while (i < precision && (text.charCodeAt(i) & 0xfc00) !== 0xd800) i++;
    cut = i === precision ? text.slice(0, precision) : [...text].slice(0, precision).join('');
  }
  const length = pyLen(cut);
  if (length >= width) return cut;
  const padding = ' '.repeat(width - length);
  return left ? cut + padding : padding + cut;
}

/** Strings compare by code point in Python; JavaScript's < compares UTF-16 units. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Up to the first unit that differs the code points agree; there, two units that are not
  // surrogates are two code points in the same order. One string a prefix of the other: the
  // longer is greater either way.
  const common = Math.min(a.length, b.length);
  let i = 0;
  while (i < common && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === common) return a.length - b.length;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if ((x & 0xf800) !== 0xd800 && (y & 0xf800) !== 0xd800) return x - y;
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]?.codePointAt(0) ?? 0;
    const y = right[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}

export function pyCompare(a: PyValue, b: PyValue): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'string' || typeof b === 'string') return compareStrings(pyStr(a), pyStr(b));
  return Math.sign(pyNumber(a) - pyNumber(b));
}

/** Lists (and tuples) compare element by element, then by length. */
export function pyCompareLists(a: readonly PyValue[], b: readonly PyValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = pyCompare(a[i] as PyValue, b[i] as PyValue);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Python's sum() keeps ints unless a float joins in. */
export function pySum(values: readonly PyValue[]): PyValue {
  let total = 0;
  let float = false;
  for (const value of values) {
    total += pyNumber(value);
    float ||= value instanceof PyFloat;
  }
  return float ? new PyFloat(total) : total;
}

// A lone surrogate U+DC80-U+DCFF (not the second half of a pair) stands for one byte.
const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/g;

/** str.encode('utf-8', 'surrogateescape'): the bytes that decodeText (src/core/text.ts) read. */
export function encodeText(text: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (const match of text.matchAll(ESCAPED_BYTE)) {
    parts.push(Buffer.from(text.slice(start, match.index), 'utf8'), Buffer.of(match[0].charCodeAt(0) - 0xdc00));
    start = match.index + 1;
  }
  if (parts.length === 0) return Buffer.from(text, 'utf8');
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
