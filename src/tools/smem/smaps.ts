// smaps as smem 1.5 reads it (smem's own Python, quirks included): the per-mapping figures of
// its readsmap(), and the totals the addon sums the same way. The command's reading, not the
// library's: psutil's figures are in src/core/process/smaps.ts.
import { binding } from '../../core/native.js';
import { cDecimal } from '../../core/text.js';

/** One mapping as smem 1.5 sees it: the first word of the path (or `<anonymous>`), and every kB line. */
export interface SmemMapping {
  name: string;
  /** smem's keys: the kB line's key without its colon, lower-cased (rss, pss, private_clean, swap...). */
  kb: Map<string, number>;
}

export interface SmemMaps {
  mappings: SmemMapping[];
  /** False when the file has mappings but no Pss line (kernels before 2.6.25): smem warns. */
  hasPss: boolean;
}

const HEX = /^(0[xX])?[0-9a-fA-F]+$/;
const FAST_KB = /^([!-~]+) +(\d+) kB$/;
// A first word holding ':' (so not a mapping) on a line whose last word is not "kB".
const FAST_OTHER = /^[!-~]*:[!-~]*( [!-~]*)*(?<! kB)$/;
// Python's str.split() separators (str.isspace), which differ from JavaScript's \s.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** smem's sums over the mappings of one smaps file, in kB (see smemTotals). */
export interface SmemTotals {
  kb: Record<'size' | 'rss' | 'pss' | 'shared_clean' | 'shared_dirty' | 'private_clean' | 'private_dirty' | 'referenced' | 'swap', number>;
  mappings: number;
  hasPss: boolean;
  /** The file was empty (smem warns of missing Pss lines only in a file that has lines). */
  empty: boolean;
}

/**
 * The sums smem's process and user views need, summed in the addon, for a smaps file in the
 * kernel's own layout; null for anything else (invalid UTF-8, carriage returns, unknown lines, a
 * start address seen twice), which parseSmemMaps then reads as smem does.
 */
export function smemTotals(data: Buffer): SmemTotals | null {
  const totals = binding().smemTotals(data);
  return totals === null ? null : smemTotalsOf(totals, data.length);
}

/** The addon's smem sums (smemTotals' order, from `at` in `totals`) of a smaps file of `bytes` bytes. */
export function smemTotalsOf(totals: Float64Array, bytes: number, at = 0): SmemTotals {
  const figure = (k: number) => totals[at + k] ?? 0;
  return {
    kb: {
      size: figure(0),
      rss: figure(1),
      pss: figure(2),
      shared_clean: figure(3),
      shared_dirty: figure(4),
      private_clean: figure(5),
      private_dirty: figure(6),
      referenced: figure(7),
      swap: figure(8),
    },
    mappings: figure(9),
    hasPss: figure(10) === 1,
    empty: bytes === 0,
  };
}

/**
 * smaps read as smem's pidmaps() does: each line split on whitespace; a line whose last word is
 * `kB` is a figure of the current mapping; a first word with `-` and no `:` starts a mapping
 * named by its sixth word (so a path with spaces keeps only its first word, and ` (deleted)` is
 * dropped). Throws where smem's parse fails (a kB line before any mapping), so the caller can
 * skip the process as smem does.
 */
export function parseSmemMaps(text: string): SmemMaps {
  // Keyed by start address: smem keeps its mappings in a dict, so a repeated start replaces the
  // earlier mapping in place.
  const byStart = new Map<bigint, SmemMapping>();
  let current: SmemMapping | undefined;
  let hasPss = false;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    // Fast paths for the kernel's own layout, which is nearly every line: "Rss:   12 kB", and
    // "VmFlags: rd" style lines that are neither figures nor mappings.
    const figure = FAST_KB.exec(line);
    if (figure) {
      const first = figure[1] ?? '';
      if (!current) throw new Error('smaps: figure before any mapping');
      if (first.startsWith('Pss')) hasPss = true;
      current.kb.set(first.slice(0, -1).toLowerCase(), cDecimal(figure[2]));
      continue;
    }
    if (FAST_OTHER.test(line)) continue;
    const words = line.split(PY_SPACE).filter((word) => word !== '');
    const first = words[0];
    if (first === undefined) throw new Error('smaps: blank line');
    if (words[words.length - 1] === 'kB') {
      if (!current) throw new Error('smaps: figure before any mapping');
      if (first.startsWith('Pss')) hasPss = true;
      const value = Number(words[1]);
      if (!Number.isInteger(value)) throw new Error(`smaps: bad figure ${JSON.stringify(line)}`);
      current.kb.set(first.slice(0, -1).toLowerCase(), value);
    } else if (first.includes('-') && !first.includes(':')) {
      const range = first.split('-');
      if (range.length !== 2 || !range.every((part) => HEX.test(part))) throw new Error(`smaps: bad range ${first}`);
      current = { name: words[5] ?? '<anonymous>', kb: new Map() };
      byStart.set(BigInt(`0x${(range[0] ?? '').replace(/^0[xX]/, '')}`), current);
    }
  }
  return { mappings: [...byStart.values()], hasPss };
}
