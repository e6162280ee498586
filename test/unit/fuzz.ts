// Shared pieces of the property tests (test/unit/fuzz-*.test.ts): inputs shaped like kernel
// files (real fixture files, cut short or with a stretch replaced by random bytes), and the check
// that a parser's result holds no `undefined` or NaN anywhere.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Runs per property: enough to reach the odd corners, few enough to keep each file at a few seconds. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

// The same inputs on every run, so that CI is repeatable; FUZZ_SEED=N (and FUZZ_RUNS=N) explore
// further, and a failure prints the seed that reproduces it.
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261202) });

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** Every fixture file named `name` (e.g. 'stat'), as bytes, found under test/fixtures. */
export function fixtureFiles(name: string, limit = 64): Buffer[] {
  const found: Buffer[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (found.length >= limit) return;
      const path = join(dir, entry);
      const info = lstatSync(path); // fixtures hold dangling links (sysstat's /dev/block)
      if (info.isDirectory()) walk(path);
      else if (entry === name && info.size > 0) found.push(readFileSync(path));
    }
  };
  walk(FIXTURES);
  if (found.length === 0) throw new Error(`no fixture file named ${name}`);
  return found;
}

/** The bytes kernel files are made of, weighted toward the ones parsers split on. */
const token = fc.oneof(
  fc.constantFrom(' ', '\t', '\n', ':', '(', ')', '-', '0', '1', '9', 'f', 'kB', ' kB\n', '\0', '\xff', '\r', 'NaN', 'Infinity', '1e400', '0x1f', '-1', '18446744073709551615', '99999999999999999999999', '9'.repeat(400)),
  fc.string({ maxLength: 4 }),
);
const noise = fc.array(token, { maxLength: 12 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));

/**
 * Inputs for a parser of files like `samples`: a sample cut at any byte, a sample with a stretch
 * replaced by noise, or noise alone.
 */
export function kernelText(samples: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const sample = fc.constantFrom(...samples);
  const truncated = sample.chain((data) => fc.nat({ max: data.length }).map((cut) => data.subarray(0, cut)));
  const spliced = fc
    .tuple(sample, fc.nat(), fc.nat({ max: 40 }), noise)
    .map(([data, at, length, insert]) => {
      const start = at % (data.length + 1);
      return Buffer.concat([data.subarray(0, start), insert, data.subarray(Math.min(data.length, start + length))]);
    });
  return fc.oneof(truncated, spliced, noise, fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)));
}

/** Fails on the first `undefined`, NaN or infinite number in `value`, naming where it is. */
export function expectClean(value: unknown, where = 'result'): void {
  if (value === undefined) expect.fail(`${where} is undefined`);
  if (typeof value === 'number' && !Number.isFinite(value)) expect.fail(`${where} is ${value}`);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (value instanceof Map) {
    for (const [key, item] of value) expectClean(item, `${where}.get(${JSON.stringify(key)})`);
    return;
  }
  for (const [key, item] of Object.entries(value)) expectClean(item, `${where}.${key}`);
}

/** Runs `parse`; a throw passes only when `documented` accepts it. */
export function expectOnlyDocumentedThrow(parse: () => unknown, documented: (error: unknown) => boolean): void {
  let result: unknown;
  try {
    result = parse();
  } catch (error) {
    if (documented(error)) return;
    throw error;
  }
  expectClean(result);
}
