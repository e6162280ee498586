// The API reference (npm run docs) is generated from the doc comments of what src/index.ts
// exports: TypeDoc must find every type the public API refers to, and every exported member must
// have a doc comment (validation.notDocumented, asked for here as well as in typedoc.json so that
// the check stays whatever the config says), with no warning.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../conformance/harness.js';

it('generates without a warning', () => {
  const run = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none', '--validation.notDocumented', '--treatWarningsAsErrors'], { cwd: REPO, encoding: 'utf8' });
  expect(run.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toBe('');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});
