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
import { USAGE as EXPORTER_USAGE } from '../../src/tools/exporter/command.js';
import { USAGE as PSTREE_USAGE } from '../../src/tools/pstree/command.js';
import { USAGE as PMAP_USAGE } from '../../src/tools/pmap/command.js';
import { USAGE as PGREP_USAGE } from '../../src/tools/pgrep/command.js';
import { USAGE as PIDOF_USAGE } from '../../src/tools/pidof/command.js';
import { USAGE as PWDX_USAGE } from '../../src/tools/pwdx/command.js';
import { USAGE as UPTIME_USAGE } from '../../src/tools/uptime/command.js';
import { USAGE as W_USAGE } from '../../src/tools/w/command.js';
import { USAGE as VMSTAT_USAGE } from '../../src/tools/vmstat/command.js';
import { USAGE as TOP_USAGE } from '../../src/tools/top/command.js';
import { REPO } from '../conformance/harness.js';

const USAGES: Readonly<Record<string, string>> = {
  free: FREE_USAGE,
  ps: psHelp('all'),
  netstat: NETSTAT_USAGE,
  ifconfig: IFCONFIG_USAGE,
  smem: SMEM_USAGE,
  procsmem: PROCSMEM_USAGE,
  procinfo: PROCINFO_USAGE,
  iostat: IOSTAT_USAGE,
  exporter: EXPORTER_USAGE,
  pstree: PSTREE_USAGE,
  pmap: PMAP_USAGE,
  pgrep: PGREP_USAGE,
  pidof: PIDOF_USAGE,
  pwdx: PWDX_USAGE,
  uptime: UPTIME_USAGE,
  w: W_USAGE,
  vmstat: VMSTAT_USAGE,
  top: TOP_USAGE,
};
// Commands whose output is a format of their own (Prometheus' exposition), with no JSON form.
const NO_JSON = new Set(TOOLS.filter((tool) => tool.own).map((tool) => tool.name));
const manual = (name: string) => readFileSync(join(REPO, 'man', `${name}.1`), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { man: string[]; bin: Record<string, string> };
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

// An option as a word of its own: -x, --long-name, or iostat's +f; not inside a longer word.
const OPTION = /(?<![\w+-])(?:--?|\+)[a-zA-Z][\w-]*/g;

/**
 * The options a usage text names. A single-dash word of several letters is a cluster of short
 * options in a synopsis (netstat's [-vWeenNcCF]): each letter is an option of its own.
 */
function usageOptions(usage: string): Set<string> {
  return new Set((usage.match(OPTION) ?? []).flatMap((word) => (/^-[a-zA-Z]{2,}$/.test(word) ? [...new Set(word.slice(1))].map((letter) => `-${letter}`) : [word])));
}

/**
 * The options a man page names, as words of its text: font changes (\fB, \f(CW, \f[B]) dropped,
 * \- read as a minus, other escapes (\(em, \e, "\ ") as spaces. "\-b" is the option -b; the "-b"
 * inside "\-\-bytes" is not.
 */
function pageOptions(roff: string): Set<string> {
  const text = roff
    .replace(/\\f(?:\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\&/g, '')
    .replace(/\\(?:\(..|.)/g, ' ');
  return new Set(text.match(OPTION));
}

describe('man pages', () => {
  it.each(['ptools', ...TOOLS.map((tool) => `pt-${tool.name}`)])('%s.1 formats without roff warnings', (name) => {
    const groff = spawnSync('groff', ['-man', '-ww', '-z', join(REPO, 'man', `${name}.1`)], { encoding: 'utf8' });
    expect(groff.error).toBeUndefined();
    expect(groff.stderr).toBe('');
    expect(groff.status).toBe(0);
    expect(pkg.man).toContain(`man/${name}.1`);
  });

  it.each(TOOLS.map((tool) => tool.name))('pt-%s.1 documents every option of its usage, and --json where it has one', (name) => {
    const usage = USAGES[name];
    expect(usage).toBeDefined();
    const documented = pageOptions(manual(`pt-${name}`));
    const missing = [...usageOptions(usage ?? '')].filter((option) => !documented.has(option));
    expect(missing).toEqual([]);
    if (!NO_JSON.has(name)) expect(documented).toContain('--json');
  });

  it('reads options as whole words of the page, not as parts of longer ones', () => {
    const page = '.BR \\-\\-bytes ", " \\-\\-kibi\n.RB ( \\fB\\-\\-sort=\\-rss\\fR )\n.BR \\-p ", " p\n.B +f\n';
    expect([...pageOptions(page)]).toEqual(['--bytes', '--kibi', '--sort', '-rss', '-p', '+f']);
    expect([...usageOptions(' -b, --bytes\n [-vWn] {-t|--tcp} [ { -f | +f } <dir> ]')]).toEqual(['-b', '--bytes', '-v', '-W', '-n', '-t', '--tcp', '-f', '+f']);
  });
});

describe('package and README', () => {
  it.each(TOOLS.map((tool) => tool.name))('pt-%s has a bin and a README section', (name) => {
    expect(pkg.bin[`pt-${name}`]).toBe(`bin/pt-${name}.js`);
    expect(readme).toContain(`pt-${name}`);
  });
});
