// Unit rules of the classic tools. Each function reproduces one tool's arithmetic exactly,
// including its float and truncation quirks, because the digits are the product.
import { printfFixed } from './number.js';

/** How free (procps-ng 4.0.2) scales a value: an exponent of 1024 or 1000, or human-readable. */
export interface ProcpsScale {
  /** 0 = default (KiB, or kB with --si), 1 = bytes, 2..6 = kilo..peta of the base. */
  readonly exponent: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Powers of 1000 instead of 1024. */
  readonly si: boolean;
  readonly human: boolean;
}

const HUMAN_UNITS = ['K', 'M', 'G', 'T', 'P'];

/**
 * procps' scale_size() (src/free.c) of a KiB figure held as C's unsigned long: `bytes` is that
 * times 1024 in 64 bits, kept in a long long (so past 2^53 KiB it wraps negative, as there).
 * Human output tries "<n>B", then for each unit "%.1f" of the quotient cast to a C float and then
 * its truncated integer, keeping the first that fits in 5 characters (4 with --si, which also
 * drops the "i"). When nothing fits, the last attempt is printed anyway, as procps does.
 */
export function procpsScaleSize(kib: bigint, scale: ProcpsScale): string {
  const base = scale.si ? 1000 : 1024;
  const bytes = BigInt.asIntN(64, kib * 1024n);
  // (long) of a double: its integer part, printed exactly.
  const truncated = (value: number) => BigInt(Math.trunc(value)).toString();
  if (!scale.human) {
    switch (scale.exponent) {
      case 0:
        // C integer division (bytes / (long long)base), toward zero.
        return (bytes / BigInt(base)).toString();
      case 1:
        return bytes.toString();
      default:
        // (long)(bytes / power(base, exponent - 1)) in doubles, then truncated.
        return truncated(Number(bytes) / base ** (scale.exponent - 1));
    }
  }
  const limit = scale.si ? 4 : 5;
  const suffix = scale.si ? '' : 'i';
  let text = `${bytes}B`;
  if (text.length <= 4) return text; // bytes get 4 characters with or without --si
  for (let i = 0; i < HUMAN_UNITS.length; i++) {
    const quotient = Number(bytes) / base ** (i + 1);
    const unit = `${HUMAN_UNITS[i]}${suffix}`;
    text = `${printfFixed(Math.fround(quotient), 1)}${unit}`;
    if (text.length <= limit) return text;
    text = `${truncated(quotient)}${unit}`;
    if (text.length <= limit) return text;
  }
  return text;
}
