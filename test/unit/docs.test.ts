// The documentation is part of each command: a man page without roff warnings that names every
// option the command's --help names, listed in package.json and mentioned in the README.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/cli/tool.js';
import { USAGE as FREE_USAGE } from '../../src/tools/free/command.js';
import { helpText as psHelp } from '../../src/tools/ps/help.js';
import { USAGE as SMEM_USAGE } from '../../src/tools/smem/command.js';
import { USAGE as PROCSMEM_USAGE } from '../../src/tools/procsmem/command.js';
import { USAGE as PROCINFO_USAGE } from '../../src/tools/procinfo/command.js';
import { USAGE as NETSTAT_USAGE } from '../../src/tools/netstat/command.js';
import { USAGE as IFCONFIG_USAGE } from '../../src/tools/ifconfig/command.js';
import { USAGE as IOSTAT_USAGE } from '../../src/tools/iostat/command.js';
import { REPO } from '../conformance/harness.js';

const USAGES: Readonly<Record<string, string>> = { free: FREE_USAGE, ps: psHelp('all'), netstat: NETSTAT_USAGE, ifconfig: IFCONFIG_USAGE, smem: SMEM_USAGE, procsmem: PROCSMEM_USAGE, procinfo: PROCINFO_USAGE, iostat: IOSTAT_USAGE };
const manual = (name: string) => readFileSync(join(REPO, 'man', `${name}.1`), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { man: string[]; bin: Record<string, string> };
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('man pages', () => {
  it.each(['ptools', ...TOOLS.map((tool) => `pt-${tool.name}`)])('%s.1 formats without roff warnings', (name) => {
    const groff = spawnSync('groff', ['-man', '-ww', '-z', join(REPO, 'man', `${name}.1`)], { encoding: 'utf8' });
    expect(groff.error).toBeUndefined();
    expect(groff.stderr).toBe('');
    expect(groff.status).toBe(0);
    expect(pkg.man).toContain(`man/${name}.1`);
  });

  it.each(TOOLS.map((tool) => tool.name))('pt-%s.1 documents every option of its usage, and --json', (name) => {
    const usage = USAGES[name];
    expect(usage).toBeDefined();
    const page = manual(`pt-${name}`).replace(/\\-/g, '-');
    for (const option of new Set(usage?.match(/(?<=\s)--?[a-zA-Z][\w-]*/g))) expect(page).toContain(option);
    expect(page).toContain('--json');
  });
});

describe('package and README', () => {
  it.each(TOOLS.map((tool) => tool.name))('pt-%s has a bin and a README section', (name) => {
    expect(pkg.bin[`pt-${name}`]).toBe(`bin/pt-${name}.js`);
    expect(readme).toContain(`pt-${name}`);
  });
});
