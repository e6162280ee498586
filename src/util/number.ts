// Numeric helpers shared by every layer (the core rounds percentages as psutil does, the formatters
// print as C does): pure functions that import nothing.
//
// C's printf("%.Nf") in JavaScript. Number#toFixed rounds exact ties away from zero (2.25 -> "2.3")
// where glibc rounds them to even (2.25 -> "2.2"); the classic tools print with glibc, so ties
// are decided here on the double's exact binary value.

/** The exact decimal expansion of a finite double as digits and a power of ten: value = digits * 10^-scale. */
function exactDecimal(value: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent: number;
  if (exponentBits === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  // m / 2^k == m * 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

const nanBits = new Float64Array(1);
const nanBytes = new Uint8Array(nanBits.buffer);

/**
 * glibc prints a NaN with its sign bit: "-nan" for the one x86 makes of inf - inf or 0 * inf,
 * "nan" for strtod's. V8 keeps the bits of the NaN an operation made.
 */
function nanText(value: number): string {
  nanBits[0] = value;
  return (nanBytes[7] as number) & 0x80 ? '-nan' : 'nan';
}

/** printf("%.<precision>f", value) with glibc's round-half-to-even on exact ties. */
export function printfFixed(value: number, precision: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? nanText(value) : value > 0 ? 'inf' : '-inf';
  // toFixed rounds the double's exact value as glibc does, except on an exact tie (it rounds
  // away from zero): it is taken whenever value * 10^precision is clearly off .5. Below 2^32 the
  // product's own rounding error (< 1e-6) cannot hide a tie.
  const shifted = Math.abs(value) * 10 ** precision;
  if (shifted < 2 ** 32 && precision <= 20 && !Object.is(value, -0) && Math.abs((shifted % 1) - 0.5) > 1e-6) return value.toFixed(precision);
  const negative = value < 0 || Object.is(value, -0);
  const { digits, scale } = exactDecimal(value);
  let scaled: bigint;
  if (scale <= precision) {
    scaled = digits * 10n ** BigInt(precision - scale);
  } else {
    const divisor = 10n ** BigInt(scale - precision);
    scaled = digits / divisor;
    const remainder = (digits % divisor) * 2n;
    if (remainder > divisor || (remainder === divisor && scaled % 2n === 1n)) scaled += 1n;
  }
  let text = scaled.toString().padStart(precision + 1, '0');
  if (precision > 0) text = `${text.slice(0, -precision)}.${text.slice(-precision)}`;
  return negative ? `-${text}` : text;
}

/** C's ULONG_MAX on a 64-bit machine. */
export const ULONG_MAX = 2n ** 64n - 1n;

/** A value as C's unsigned long (64 bits) arithmetic leaves it: wrapped modulo 2^64. */
export const ulong = (value: bigint): bigint => BigInt.asUintN(64, value);

/** C's isspace in the C locale: space, \t, \n, \v, \f, \r. */
export const isCSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** The value of a digit character in `radix` (8, 10 or 16), or -1. */
function digitValue(code: number, radix: number): number {
  const value = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : code >= 65 && code <= 70 ? code - 55 : -1;
  return value < radix ? value : -1;
}

const RADIX_PREFIX: Readonly<Record<number, string>> = { 8: '0o', 10: '', 16: '0x' };

/**
 * What strtol and strtoul read from `from`: the sign, the digits' value (unbounded) and where
 * they ended (`from` itself when there is no number, as C leaves *end at the start).
 */
function scanInteger(text: string, base: 0 | 10 | 16, from: number): { negative: boolean; magnitude: bigint; end: number } {
  let at = from;
  while (at < text.length && isCSpace(text.charCodeAt(at))) at++;
  let negative = false;
  if (text[at] === '+' || text[at] === '-') negative = text[at++] === '-';
  let radix: number = base === 0 ? 10 : base;
  if ((base === 0 || base === 16) && text[at] === '0' && (text[at + 1] === 'x' || text[at + 1] === 'X') && digitValue(text.charCodeAt(at + 2), 16) >= 0) {
    radix = 16;
    at += 2;
  } else if (base === 0 && text[at] === '0') radix = 8;
  const start = at;
  while (at < text.length && digitValue(text.charCodeAt(at), radix) >= 0) at++;
  if (at === start) return { negative: false, magnitude: 0n, end: from };
  return { negative, magnitude: BigInt(`${RADIX_PREFIX[radix]}${text.slice(start, at)}`), end: at };
}

/**
 * C's strtoul(text + from, &end, base) as [value, end]: where the number ended, `from` when there
 * is none (from 0, the characters consumed). ERANGE saturates; a minus sign wraps modulo 2^64.
 */
export function strtoul(text: string, base: 0 | 10 | 16, from = 0): [bigint, number] {
  const { negative, magnitude, end } = scanInteger(text, base, from);
  if (magnitude > ULONG_MAX) return [ULONG_MAX, end];
  return [negative ? (ULONG_MAX + 1n - magnitude) & ULONG_MAX : magnitude, end];
}

const LONG_MAX = 2n ** 63n - 1n;

/** C's strtol(text, &end, base) as [value, characters consumed]; ERANGE saturates at LONG_MIN or LONG_MAX. */
export function strtol(text: string, base: 0 | 10 | 16): [bigint, number] {
  const { negative, magnitude, end } = scanInteger(text, base, 0);
  if (negative) return [magnitude > LONG_MAX + 1n ? -(LONG_MAX + 1n) : -magnitude, end];
  return [magnitude > LONG_MAX ? LONG_MAX : magnitude, end];
}

/** strtol(text, &end, 0) when it reads the whole text (`*end == '\0'`, as environment numbers are checked), else null. */
export function strtolWhole(text: string): bigint | null {
  const [value, used] = strtol(text, 0);
  return used === text.length ? value : null;
}

/**
 * C's atoi(3) as glibc computes it (strtol truncated to an int): leading blanks, a sign,
 * decimal digits up to the first other character; 0 when there are none.
 */
export function atoi(text: string): number {
  // strtol saturates at the limits of a long before the cast to int keeps the low 32 bits.
  return Number(BigInt.asIntN(32, strtol(text, 10)[0]));
}

const TWO_63 = 2 ** 63;
const INDEFINITE = 1n << 63n;

/** cvttsd2si with a 64-bit destination: the double truncated, or the "integer indefinite" 2^63 outside long's range and for a NaN. */
const cvttsd2si64 = (value: number): bigint => (Number.isNaN(value) || value >= TWO_63 || value < -TWO_63 ? INDEFINITE : BigInt(Math.trunc(value)));

/**
 * C's conversion of a double (or a float) to unsigned long as x86-64 code does it: cvttsd2si
 * below 2^63, else of the value less 2^63 with the top bit flipped back, so that past 2^64 (and
 * for a NaN above it) the integer indefinite 2^63 comes out as 0. C leaves the out-of-range
 * cases undefined.
 */
export function doubleToUlong(value: number): bigint {
  if (!(value >= TWO_63)) return BigInt.asUintN(64, cvttsd2si64(value));
  return BigInt.asUintN(64, cvttsd2si64(value - TWO_63) ^ INDEFINITE);
}

/** C's conversion of a double to unsigned int on x86-64: cvttsd2si into a 64-bit register, its low 32 bits kept. */
export function doubleToUint(value: number): number {
  return Number(BigInt.asUintN(32, cvttsd2si64(value)));
}

/**
 * C's (int) of a double as x86-64 computes it (cvttsd2si): the value truncated toward zero, and
 * for a NaN or a value outside int's range the "integer indefinite" INT_MIN, where C leaves the
 * result undefined (procps' uptime lines cast /proc/uptime's seconds so).
 */
export function cInt(value: number): number {
  const whole = Math.trunc(value);
  return whole >= -2147483648 && whole <= 2147483647 ? whole : -2147483648;
}
