// The bundles and the V8 code cache the build writes beside each (scripts/bundle.mjs,
// scripts/code-cache.cjs, src/cli/load-bundle.ts): this Node accepts the cache, the cache holds
// more than the bundle's top level, and a bundle whose cache V8 rejects loads all the same.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle, wrapBundle } from '../../src/cli/load-bundle.js';
import { REPO } from '../conformance/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'ptools-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tools = join(REPO, 'dist', 'tools');
const compile = (file: string, cachedData?: Buffer) => new Script(wrapBundle(readFileSync(file, 'utf8')), { filename: file, cachedData });

describe('code cache', () => {
  it('is written for the dispatcher and every command bundle, and accepted by this Node', () => {
    const bundles = readdirSync(tools)
      .filter((name) => name.endsWith('.cjs'))
      .map((name) => join(tools, name));
    expect(bundles.length).toBeGreaterThan(0);
    for (const file of [join(REPO, 'dist', 'main.cjs'), join(REPO, 'dist', 'ptools-command.cjs'), ...bundles]) {
      expect([file, compile(file, readFileSync(`${file}.cache`)).cachedDataRejected]).toEqual([file, false]);
    }
  });

  it('is made after a run: it holds the functions the command called, not only the top level', () => {
    const file = join(tools, 'iostat.cjs');
    const script = compile(file);
    const module = { exports: {} };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, tools);
    expect(readFileSync(`${file}.cache`).length).toBeGreaterThan(script.createCachedData().length * 1.5);
  });

  it('is ignored when V8 rejects it, and when it is missing', () => {
    const file = join(scratch, 'free.cjs');
    copyFileSync(join(tools, 'free.cjs'), file);
    writeFileSync(`${file}.cache`, Buffer.from('not a code cache'));
    expect(typeof (loadBundle(file, createRequire(file)) as { runFree?: unknown }).runFree).toBe('function');
    rmSync(`${file}.cache`);
    expect(typeof (loadBundle(file, createRequire(file)) as { runFree?: unknown }).runFree).toBe('function');
  });
});
