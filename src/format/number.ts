// The formatters' printf("%.Nf"): the layer-neutral implementation in src/util.
export { printfFixed } from '../util/number.js';

/**
 * C's atoi(3) as glibc computes it (strtol truncated to an int): leading blanks, a sign,
 * decimal digits up to the first other character; 0 when there are none.
 */
export function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!match) return 0;
  const value = BigInt(match[1] as string);
  // strtol saturates at the limits of a long before the cast to int keeps the low 32 bits.
  const long = value > 0x7fffffffffffffffn ? 0x7fffffffffffffffn : value < -0x8000000000000000n ? -0x8000000000000000n : value;
  return Number(BigInt.asIntN(32, long));
}
