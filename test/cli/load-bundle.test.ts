// The command bundles and the V8 code cache the build writes beside each (scripts/bundle.mjs,
// src/cli/load-bundle.ts): this Node accepts the cache, and a bundle whose cache V8 rejects loads all the same.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/cli/load-bundle.js';
import { REPO } from '../conformance/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'ptools-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tools = join(REPO, 'dist', 'tools');

describe('code cache', () => {
  it('is written for every command bundle and accepted by this Node', () => {
    const bundles = readdirSync(tools).filter((name) => name.endsWith('.cjs'));
    expect(bundles.length).toBeGreaterThan(0);
    for (const name of bundles) {
      const file = join(tools, name);
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(`${file}.cache`) });
      expect([name, script.cachedDataRejected]).toEqual([name, false]);
    }
  });

  it('is ignored when V8 rejects it, and when it is missing', () => {
    const file = join(scratch, 'free.cjs');
    copyFileSync(join(tools, 'free.cjs'), file);
    writeFileSync(`${file}.cache`, Buffer.from('not a code cache'));
    expect(typeof (loadBundle(file) as { runFree?: unknown }).runFree).toBe('function');
    rmSync(`${file}.cache`);
    expect(typeof (loadBundle(file) as { runFree?: unknown }).runFree).toBe('function');
  });
});
