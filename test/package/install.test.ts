// The package as a user gets it: `npm pack`, then the tarball installed into an empty project by a
// machine with no compiler (cc, gcc, g++, make and python3 are not on PATH) and an empty HOME:
// with the install script, with --ignore-scripts, with the script denied by npm's allowScripts
// policy, and through npx. Every command the package declares must run, and the library must load
// by import and by require, which works only if the prebuilt addon was found. Nothing is fetched:
// the runtime dependencies are packed from node_modules too, and npm runs offline.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI, REPO } from '../conformance/harness.js';

interface Ran {
  stdout: string;
  stderr: string;
  status: number | null;
}

const scratch = mkdtempSync(join(tmpdir(), 'ptools-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A PATH with node, npm, npx and a shell, and no compiler, make or python. */
const bareBin = join(scratch, 'bin');
const HIDDEN = ['cc', 'gcc', 'g++', 'c++', 'make', 'python3', 'python'];

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Ran {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** The user's environment: no compiler on PATH, an empty HOME and npm cache, no network. */
function userEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: bareBin,
    HOME: home,
    LC_ALL: 'C',
    npm_config_cache: join(home, '.npm'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Ran {
  return run(process.execPath, [join(npmDir(), 'bin', 'npm-cli.js'), ...args], cwd, env);
}

/** npm's own directory, beside the node that runs the tests. */
function npmDir(): string {
  const candidates = [join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm'), join(process.execPath, '..', 'node_modules', 'npm')];
  const found = candidates.find((dir) => existsSync(join(dir, 'bin', 'npm-cli.js')));
  if (!found) throw new Error(`cannot find npm beside ${process.execPath}`);
  return found;
}

let tarball = '';
let tarballFiles: string[] = [];
const depTarballs: string[] = [];
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};

beforeAll(() => {
  // The prebuilt addon must be in the tarball; prebuild.mjs leaves an up-to-date one alone.
  const prebuilt = run(process.execPath, ['scripts/prebuild.mjs'], REPO, process.env);
  expect(prebuilt.status, prebuilt.stderr).toBe(0);
  // --ignore-scripts: `prepare` would rebuild dist/ under the other tests' feet.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error('npm pack printed no result');
  tarball = join(scratch, info.filename);
  tarballFiles = info.files.map((file) => file.path).sort();
  for (const name of Object.keys(manifest.dependencies)) {
    const dep = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch, join(REPO, 'node_modules', name)], REPO);
    expect(dep.status, dep.stderr).toBe(0);
    depTarballs.push(join(scratch, (JSON.parse(dep.stdout) as Array<{ filename: string }>)[0]?.filename ?? ''));
  }
  mkdirSync(bareBin);
  symlinkSync(process.execPath, join(bareBin, 'node'));
  symlinkSync(join(npmDir(), 'bin', 'npm-cli.js'), join(bareBin, 'npm'));
  symlinkSync(join(npmDir(), 'bin', 'npx-cli.js'), join(bareBin, 'npx'));
  symlinkSync('/bin/sh', join(bareBin, 'sh'));
});

describe('npm pack', () => {
  it('ships the built code, the prebuilt addon, its sources and the docs, and nothing else', () => {
    const kinds = new Set(tarballFiles.map((file) => file.split('/').slice(0, file.startsWith('dist/lib/') ? 3 : 1).join('/')));
    expect([...kinds].sort()).toEqual(
      ['LICENSE', 'README.md', 'bin', 'binding.gyp', 'dist', 'dist/lib/core', 'dist/lib/format', 'dist/lib/index.d.ts', 'dist/lib/index.js', 'dist/lib/util', 'man', 'native', 'package.json', 'prebuilds', 'schemas', 'scripts'].sort(),
    );
    expect(tarballFiles).toContain(`prebuilds/linux-${process.arch}/ptools.napi.glibc.node`);
    // CI has the arm64 cross compiler (.ci/run), so the tarball must have both.
    if (IN_CI) expect(tarballFiles.filter((file) => file.startsWith('prebuilds/'))).toEqual(['prebuilds/linux-arm64/ptools.napi.glibc.node', 'prebuilds/linux-x64/ptools.napi.glibc.node']);
  });

  it('has prebuilt addons for the machine their directory names (the ELF header\'s e_machine)', () => {
    const machines: Readonly<Record<string, number>> = { x64: 62, arm64: 183 };
    for (const file of tarballFiles.filter((path) => path.startsWith('prebuilds/'))) {
      const arch = file.split('/')[1]?.replace('linux-', '') ?? '';
      const header = readFileSync(join(REPO, file));
      expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(header.readUInt16LE(18), file).toBe(machines[arch]);
    }
    expect(tarballFiles.filter((file) => file.startsWith('scripts/'))).toEqual(['scripts/build-addon.mjs']);
    for (const bin of Object.values(manifest.bin)) expect(tarballFiles).toContain(bin);
  });
});

// npm's script policy: a project that denies ptools' install script (allowScripts, keyed by what
// was installed: here the tarball) under --strict-allow-scripts gets what --ignore-scripts gets.
describe.each([
  ['with its install script', 'script', []],
  ['with --ignore-scripts', 'ignored', ['--ignore-scripts']],
  ['with its script denied by allowScripts, --strict-allow-scripts', 'denied', ['--strict-allow-scripts']],
] as const)('installed %s, no compiler, empty HOME', (_name, label, flags) => {
  const project = join(scratch, `consumer-${label}`);
  const home = join(scratch, `home-${label}`);
  let installed: Ran;

  beforeAll(() => {
    mkdirSync(project);
    mkdirSync(home);
    const policy = label === 'denied' ? { allowScripts: { [`file:${tarball}`]: false } } : {};
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, ...policy })}\n`);
    installed = npm(['install', ...flags, tarball, ...depTarballs], project, userEnv(home));
  });

  it('installs without a compiler', () => {
    for (const tool of HIDDEN) expect(run('/bin/sh', ['-c', `command -v ${tool}`], project, userEnv(home)).status).not.toBe(0);
    expect(installed.status, installed.stderr).toBe(0);
    expect(existsSync(join(project, 'node_modules', 'ptools', 'build'))).toBe(false);
  });

  // Without arguments pt-exporter serves until stopped, pt-top wants a terminal, and pgrep, pidof,
  // pmap and pwdx have no process to show.
  const self = String(process.pid);
  const ARGS: Readonly<Record<string, readonly string[]>> = {
    'pt-exporter': ['--once', '--no-processes'],
    'pt-top': ['-b', '-n', '1'],
    'pt-pgrep': ['-l', '.'],
    'pt-pidof': ['node'],
    'pt-pmap': [self],
    'pt-pwdx': [self],
  };
  it.each(Object.keys(manifest.bin))('runs %s', (bin) => {
    const result = run(join(project, 'node_modules', '.bin', bin), ARGS[bin] ?? [], project, userEnv(home));
    expect(result.stderr).not.toMatch(/addon|Error/);
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
  });

  it('prints its completions and JSON that its shipped schema accepts', () => {
    const bin = (name: string, ...args: string[]) => run(join(project, 'node_modules', '.bin', name), args, project, userEnv(home));
    expect(bin('ptools', '--completion', 'bash').stdout).toMatch(/^complete -o default -F _ptools ptools pt-free /m);
    const schema = JSON.parse(readFileSync(join(project, 'node_modules', 'ptools', 'schemas', 'free.json'), 'utf8')) as object;
    const validate = new Ajv({ allowMatchingProperties: true, allowUnionTypes: true }).compile(schema);
    expect(validate(JSON.parse(bin('pt-free', '--json').stdout))).toBe(true);
  });

  it('runs a command through npx', () => {
    const result = run(join(bareBin, 'npx'), ['pt-free', '-V'], project, userEnv(home));
    expect(result).toEqual({ stdout: expect.stringMatching(/^free from procps-ng .* \(ptools /), stderr: '', status: 0 });
  });

  it('says in one line that the addon is missing when no prebuilt one is there', () => {
    const prebuilds = join(project, 'node_modules', 'ptools', 'prebuilds');
    renameSync(prebuilds, `${prebuilds}.away`);
    try {
      const result = run(join(project, 'node_modules', '.bin', 'pt-free'), [], project, userEnv(home));
      expect(result).toEqual({ stdout: '', stderr: expect.stringMatching(/^ptools: the native addon does not load \(.*\); rebuild it with `npm rebuild ptools` \(needs python3, make and g\+\+\)\n$/), status: 1 });
    } finally {
      renameSync(`${prebuilds}.away`, prebuilds);
    }
  });

  it('loads the library by import and by require, addon included', () => {
    const script = (load: string) =>
      `${load}.then(async (p) => { const list = await p.processes({ attrs: ['name'] }); if (!list.some((x) => x.pid === process.pid)) throw new Error('no self'); console.log(p.virtualMemory().total > 0, list.length > 1); })`;
    for (const load of ["import('ptools')", "Promise.resolve(require('ptools'))"]) {
      const result = run(join(bareBin, 'node'), ['-e', script(load)], project, userEnv(home));
      expect(result).toEqual({ stdout: 'true true\n', stderr: '', status: 0 });
    }
  });
});

describe('npx --package TARBALL in an empty directory, no compiler, empty HOME', () => {
  it('installs into npx\'s cache and runs a command', () => {
    const dir = join(scratch, 'npx');
    const home = join(scratch, 'home-npx');
    mkdirSync(dir);
    mkdirSync(home);
    const packages = [tarball, ...depTarballs].map((file) => `--package=${file}`);
    const result = run(join(bareBin, 'npx'), ['--yes', ...packages, 'pt-free', '-V'], dir, userEnv(home));
    expect(result.stdout).toMatch(/^free from procps-ng .* \(ptools /);
    expect(result.status).toBe(0);
  });
});
