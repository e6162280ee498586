// Writes V8 code caches after running a command once (scripts/bundle.mjs runs this in a process
// of its own for each command, its output going nowhere): a cache made after a run holds every
// function the run compiled, where one made after loading a bundle holds only its top level, and
// the functions it lacks are parsed and compiled again on every run. The bundles are loaded by the
// built dist/ptools.cjs itself (src/cli/load-bundle.ts), whose vm.Script is watched here.
//
// node scripts/code-cache.cjs '{"name":"iostat","runs":[["-x"]],"caches":["/abs/dist/tools/iostat.cjs"]}'
'use strict';
const vm = require('node:vm');
const { spawn } = require('node:child_process');
const { closeSync, openSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');

const job = JSON.parse(process.argv[2]);
const scripts = new Map();
const { Script } = vm;
// A cache left from an earlier build is not used: the functions are compiled here, by the run.
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, { ...options, cachedData: undefined });
    scripts.set(options.filename, this);
  }
};

/**
 * Makes this process, the `{pid}` of the runs, hold what a usual target of a per-process command
 * holds: a child (whose pipes are unix sockets), a listening TCP socket and an open file. A run on
 * a bare process would leave out the functions that report them, and each command that meets
 * them would compile them again (0.5 ms of procinfo on a process with children and sockets).
 * Returns what ends them; anything this machine refuses is left out.
 */
async function holdUsualResources() {
  const child = spawn('sleep', ['600'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.on('error', () => {});
  const fd = openSync(__filename, 'r');
  const server = createServer();
  await new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(0, '127.0.0.1', resolve);
  });
  return () => {
    child.kill();
    closeSync(fd);
    server.close();
  };
}

async function warm() {
  const { main } = require(join(__dirname, '..', 'dist', 'ptools.cjs'));
  const release = await holdUsualResources();
  for (const args of job.runs) {
    process.argv = [process.argv[0], job.name, ...args.map((arg) => arg.replace('{pid}', String(process.pid)))];
    await main(job.name === 'ptools' ? undefined : job.name);
  }
  release();
  for (const file of job.caches) {
    const script = scripts.get(file);
    if (script) writeFileSync(`${file}.cache`, script.createCachedData());
  }
  // A command that failed (no such pid on this machine...) still leaves its cache; the run's status is not the build's.
  process.exitCode = 0;
}

warm().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
