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
 * procps' scale_size() (src/free.c): `bytes` is the meminfo value times 1024. Human output tries
 * "<n>B", then for each unit "%.1f" of the quotient cast to a C float and then its truncated
 * integer, keeping the first that fits in 5 characters (4 with --si, which also drops the "i").
 * When nothing fits, the last attempt is printed anyway, as procps does.
 */
export function procpsScaleSize(bytes: number, scale: ProcpsScale): string {
  const base = scale.si ? 1000 : 1024;
  if (!scale.human) {
    switch (scale.exponent) {
      case 0:
        // C integer division (bytes / (long long)base): exact, so BigInt.
        return (BigInt(bytes) / BigInt(base)).toString();
      case 1:
        return String(bytes);
      default:
        // (long)(bytes / power(base, exponent - 1)) in doubles, then truncated.
        return String(Math.trunc(bytes / base ** (scale.exponent - 1)));
    }
  }
  const limit = scale.si ? 4 : 5;
  const suffix = scale.si ? '' : 'i';
  let text = `${bytes}B`;
  if (text.length <= 4) return text; // bytes get 4 characters with or without --si
  for (let i = 0; i < HUMAN_UNITS.length; i++) {
    const quotient = bytes / base ** (i + 1);
    const unit = `${HUMAN_UNITS[i]}${suffix}`;
    text = `${printfFixed(Math.fround(quotient), 1)}${unit}`;
    if (text.length <= limit) return text;
    text = `${Math.trunc(quotient)}${unit}`;
    if (text.length <= limit) return text;
  }
  return text;
}
