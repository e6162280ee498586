// `npm run prebuilds` (not "prebuild": npm would run that before every `npm run build`): the N-API
// addon, built once per architecture into prebuilds/linux-ARCH/ptools.napi.glibc.node, where
// node-gyp-build finds it at load time, so that an install needs no compiler. N-API keeps one binary good for every Node version.
//
// Each architecture is built in its own staging directory (.prebuild/ARCH) so that a source
// checkout's build/Release, which src/core/native.ts loads first, is never overwritten by a
// binary for another machine. linux-arm64 is cross-compiled with Debian's aarch64-linux-gnu
// toolchain when it is installed, and left out (with a note) when it is not. An architecture whose
// binary is newer than every source file is not built again.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'ptools.napi.glibc.node';

/** Node's architecture name -> the GNU triplet prefix of its cross compilers. */
const TARGETS = { x64: 'x86_64-linux-gnu-', arm64: 'aarch64-linux-gnu-' };

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function newestSource() {
  const files = ['binding.gyp', ...readdirSync(join(root, 'native')).map((file) => join('native', file))];
  return Math.max(...files.map((file) => statSync(join(root, file)).mtimeMs));
}

function nodeGyp(args, cwd, env) {
  const prefix = dirname(dirname(process.execPath));
  // Node's headers beside a packaged Node spare node-gyp a download (as scripts/build-addon.mjs).
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const gyp = process.env.npm_config_node_gyp;
  const [cmd, cmdArgs] = gyp ? [process.execPath, [gyp, ...args]] : ['node-gyp', args];
  return spawnSync(cmd, cmdArgs, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
}

function build(arch, triplet) {
  const out = join(root, 'prebuilds', `linux-${arch}`, NAME);
  if (existsSync(out) && statSync(out).mtimeMs > newestSource()) {
    console.log(`prebuilds/linux-${arch}/${NAME} is up to date`);
    return true;
  }
  const host = process.arch === arch;
  const tools = host ? { cc: 'cc', cxx: 'c++', strip: 'strip' } : { cc: `${triplet}gcc`, cxx: `${triplet}g++`, strip: `${triplet}strip` };
  if (!host && !onPath(tools.cxx)) {
    console.log(`linux-${arch}: ${tools.cxx} is not installed (Debian: g++-${triplet.slice(0, -1)}); no prebuild`);
    return true;
  }
  // Staged under the package root so that binding.gyp's require('node-addon-api') resolves.
  const stage = join(root, '.prebuild', arch);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'binding.gyp'), join(stage, 'binding.gyp'));
  cpSync(join(root, 'native'), join(stage, 'native'), { recursive: true });
  const env = host ? process.env : { ...process.env, CC: tools.cc, CXX: tools.cxx, LINK: tools.cxx, AR: `${triplet}ar` };
  if (!nodeGyp(['rebuild', `--arch=${arch}`, '--loglevel=warn'], stage, env)) {
    console.error(`linux-${arch}: node-gyp failed`);
    return false;
  }
  mkdirSync(dirname(out), { recursive: true });
  cpSync(join(stage, 'build', 'Release', 'ptools.node'), out);
  // Symbols are of no use to a user and are most of the file.
  if (onPath(tools.strip)) spawnSync(tools.strip, ['--strip-unneeded', out], { stdio: 'inherit' });
  rmSync(stage, { recursive: true, force: true });
  console.log(`prebuilds/linux-${arch}/${NAME}: ${statSync(out).size} bytes`);
  return true;
}

let ok = true;
for (const [arch, triplet] of Object.entries(TARGETS)) ok = build(arch, triplet) && ok;
rmSync(join(root, '.prebuild'), { recursive: true, force: true });
process.exit(ok ? 0 : 1);
