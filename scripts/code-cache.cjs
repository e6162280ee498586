// Writes V8 code caches after running a command once (scripts/bundle.mjs runs this in a process
// of its own for each command, its output going nowhere): a cache made after a run holds every
// function the run compiled, where one made after loading a bundle holds only its top level, and
// the functions it lacks are parsed and compiled again on every run. The bundles are loaded by the
// built dist/ptools.cjs itself (src/cli/load-bundle.ts), whose vm.Script is watched here.
//
// node scripts/code-cache.cjs '{"name":"iostat","runs":[["-x"]],"caches":["/abs/dist/tools/iostat.cjs"]}'
'use strict';
const vm = require('node:vm');
const { writeFileSync } = require('node:fs');
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

async function warm() {
  const { main } = require(join(__dirname, '..', 'dist', 'ptools.cjs'));
  for (const args of job.runs) {
    process.argv = [process.argv[0], job.name, ...args.map((arg) => arg.replace('{pid}', String(process.pid)))];
    await main(job.name === 'ptools' ? undefined : job.name);
  }
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
