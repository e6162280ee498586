// pt-iostat: sysstat 12.6.1's iostat over /proc/stat, /proc/uptime, /proc/diskstats and /sys/block.
import { rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { CommandFailed, strerror } from '../../core/errors.js';
import { sysstatCpuCount } from '../../core/cpu.js';
import { liveBlockFs, persistentTypeDir } from '../../core/disk.js';
import { sysstatCorpusFs } from './corpus.js';
import { jsonLine } from '../../format/json.js';
import { MAX_TIMER_MS } from '../../util/sleep.js';
import type { ToolContext } from '../../cli/context.js';
import { parseIostatCommand, type IostatOptions } from './command.js';
import { IostatState, type Report, type SampleSource } from './collect.js';
import { jcRows, SYSSTAT_JSON_END, sysstatJsonBanner, sysstatJsonReport } from './json.js';
import { Figures, renderBanner, renderReport, type Banner } from './render.js';

/** sysstat's print_version(), with ptools' own version on its first line. */
function versionText(ptoolsVersion: string): string {
  return `sysstat version 12.6.1 (ptools ${ptoolsVersion})\n(C) Sebastien Godard (sysstat <at> orange.fr)\n`;
}

// Intervals longer than MAX_TIMER_MS are slept in several steps.

/**
 * Where samples come from. Live: the procfs context, and /dev (PTOOLS_DEV). For tests,
 * PTOOLS_REPLAY lists roots (each with proc/, sys/ and dev/) in sysstat's tests/rootN layout: sample
 * N reads the Nth, and after the last one the command ends as on SIGINT, as sysstat's own test
 * build does.
 */
function sampleSources(tool: ToolContext): { sources: SampleSource[]; replay: boolean } {
  const replay = tool.env.PTOOLS_REPLAY;
  if (replay) {
    const roots = replay.split(':').filter((root) => root !== '');
    return {
      sources: roots.map((root) => ({ proc: join(root, 'proc'), sys: join(root, 'sys'), dev: join(root, 'dev'), fs: sysstatCorpusFs })),
      replay: true,
    };
  }
  const { proc, sys } = tool.procfs;
  return { sources: [{ proc, sys, dev: tool.env.PTOOLS_DEV || '/dev', fs: liveBlockFs }], replay: false };
}

/** uname(2)'s names, or PTOOLS_UNAME's "sysname nodename release machine" (uname -snrm order). */
function unameOf(env: NodeJS.ProcessEnv): Omit<Banner, 'cpus' | 'time'> {
  const fixed = env.PTOOLS_UNAME?.split(' ');
  if (fixed && fixed.length === 4) {
    const [sysname, nodename, release, machine] = fixed as [string, string, string, string];
    return { sysname, nodename, release, machine };
  }
  return { sysname: os.type(), nodename: os.hostname(), release: os.release(), machine: os.machine() };
}

/**
 * The clock: time(2), or with PTOOLS_CLOCK a fixed start (seconds since the epoch) that moves on by
 * the interval at each report instead of waiting for it.
 */
class Clock {
  private fixed: number | null;
  private readonly start = Date.now();
  private waits = 0;
  private interrupted = false;
  private wake: (() => void) | null = null;
  private readonly onSigint = () => {
    this.interrupted = true;
    this.wake?.();
  };

  constructor(env: NodeJS.ProcessEnv) {
    const value = env.PTOOLS_CLOCK;
    this.fixed = value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  }

  now(): number {
    return this.fixed ?? Math.floor(Date.now() / 1000);
  }

  /** iostat catches SIGINT while it reports at intervals: the next pause ends the output cleanly. */
  catchSigint(): void {
    process.on('SIGINT', this.onSigint);
  }

  release(): void {
    process.off('SIGINT', this.onSigint);
  }

  /** pause() until the next multiple of the interval from the start (alarm(2) re-armed each time). */
  async pause(interval: number): Promise<boolean> {
    this.waits++;
    if (this.fixed !== null) {
      this.fixed += interval;
      return this.interrupted;
    }
    const deadline = this.start + this.waits * interval * 1000;
    while (!this.interrupted && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(deadline - Date.now(), MAX_TIMER_MS));
      });
      this.wake = null;
    }
    return this.interrupted;
  }
}

function probeFor(source: SampleSource) {
  return {
    persistentTypeExists: (type: string) => persistentTypeDir(source.dev, type) !== null,
    isDirectory: (path: string) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

function cpusOf(source: SampleSource): number {
  try {
    return sysstatCpuCount({ proc: source.proc, sys: source.sys });
  } catch (error) {
    throw new CommandFailed(`Cannot open ${join(source.proc, 'stat')}: ${strerror(error)}\n`, 1, { cause: error });
  }
}

export async function runIostat(argv: readonly string[], tool: ToolContext): Promise<void> {
  const { sources, replay } = sampleSources(tool);
  const first = sources[0];
  if (!first) throw new CommandFailed('ptools iostat: PTOOLS_REPLAY names no root\n', 1);
  const command = parseIostatCommand(argv, tool.env, probeFor(first));
  if (command.kind === 'version') return tool.output.write(versionText(tool.version));
  const { options } = command;
  const clock = new Clock(tool.env);
  const banner: Banner = { ...unameOf(tool.env), cpus: cpusOf(first), time: clock.now() };
  const iso = tool.env.S_TIME_FORMAT === 'ISO';
  const fig = new Figures(options.decimals, options.human);
  const sysstatJson = options.sysstatJson && !options.json;
  if (sysstatJson) tool.output.write(sysstatJsonBanner(banner, iso));
  else if (!options.json) tool.output.write(`${renderBanner(banner, iso)}\n`);

  const state = new IostatState(options, first);
  const show = (report: Report) => {
    if (options.json) tool.output.write(jsonLine(jcRows(renderReport(report, options, fig, iso))));
    else if (sysstatJson) tool.output.write(sysstatJsonReport(report, options, iso));
    else tool.output.write(renderReport(report, options, fig, iso));
  };

  let count = options.count;
  let skip = options.omitSinceBoot && options.interval > 0;
  let sample = 0;
  clock.catchSigint();
  try {
    do {
      const source = sources[sample] ?? first;
      state.read(source);
      const report = state.report(clock.now(), skip, source);
      if (report) show(report);
      if (!skip && count > 0) count--;
      if (count !== 0) {
        // sysstat unbuffers stdout (setbuf(stdout, NULL)): a report is out before the pause.
        await tool.output.flush();
        if (tool.output.closed) return;
        state.advance();
        sample++;
        const interrupted = await pauseFor(clock, options, replay && sample >= sources.length);
        if (interrupted) count = 0;
        else {
          if (replay) followReplay(tool.env.PTOOLS_LINK, sources[sample]);
          if (sysstatJson && count !== 0 && !skip) tool.output.write(',');
        }
        skip = false;
      }
      if (!options.json) tool.output.write('\n');
      await tool.output.flush();
      if (tool.output.closed) return;
    } while (count !== 0);
    if (sysstatJson) tool.output.write(SYSSTAT_JSON_END);
  } finally {
    clock.release();
  }
}

/**
 * With PTOOLS_LINK in a replay, the link is re-pointed to the next root at each step, as sysstat's
 * test build re-points tests/root in next_time_step(): a -f/+f directory named through the link
 * (tests/root/my_stats) then follows the samples, as it does there.
 */
function followReplay(link: string | undefined, source: SampleSource | undefined): void {
  if (!link || source === undefined) return;
  rmSync(link, { force: true });
  symlinkSync(dirname(source.proc), link);
}

/** One pause; a replay that has run out of roots ends like SIGINT (sysstat's test build does so). */
async function pauseFor(clock: Clock, options: IostatOptions, exhausted: boolean): Promise<boolean> {
  const interrupted = await clock.pause(options.interval);
  return interrupted || exhausted;
}
