// The install script: makes sure the native addon loads, building it only when it has to.
//
// An installed package carries prebuilds/linux-ARCH/*.node (scripts/prebuild.mjs); when one of
// them loads, nothing is built and no compiler is needed. A source checkout (it has src/), or
// `npm install --build-from-source`, wants build/Release, which src/core/native.ts loads first:
// it is built unless it already loads.
//
// node-gyp downloads Node's headers unless it is told where they are. A Node installed from a
// distribution package keeps them beside itself (<prefix>/include/node), so we point node-gyp
// there instead of relying on a home-directory .npmrc.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function loads(fromSource) {
  try {
    if (fromSource) require(join(root, 'build', 'Release', 'ptools.node'));
    else require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  }
}

const fromSource = existsSync(join(root, 'src')) || process.env.npm_config_build_from_source === 'true';
if (!loads(fromSource)) {
  const args = ['rebuild'];
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  // npm exports the path of the node-gyp it bundles; fall back to one on PATH.
  const gyp = process.env.npm_config_node_gyp;
  const [cmd, cmdArgs] = gyp ? [process.execPath, [gyp, ...args]] : ['node-gyp', args];
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('ptools: building the native addon failed and no prebuilt one fits; install python3, make and g++, then run `npm rebuild ptools`');
    process.exit(result.status ?? 1);
  }
}
