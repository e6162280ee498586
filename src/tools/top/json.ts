// top --json: jc's `top` shape, one object per frame: the summary figures (memory in the summary's
// unit, as printed) and `processes`, each with jc's keys; memory of processes in KiB. Names and
// commands are byte strings until here: decoded as UTF-8 (with U+FFFD for stray bytes) for JSON.
// jc reads neither top -H's "Threads:" line nor -1's per-CPU lines: their figures take the same
// names with "threads_" for "tasks_", and `cpus` holds one object per CPU with the cpu_* keys.
import { jsonText } from '../../format/bytes.js';
import type { CpuStates, Frame, TaskRow } from './collect.js';

const STATUS: Readonly<Record<string, string>> = { R: 'running', S: 'sleeping', D: 'uninterruptible', T: 'stopped', t: 'traced', Z: 'zombie', I: 'idle' };

export interface FrameMode {
  /** -H: the counts are of threads. */
  readonly threads: boolean;
  /** -1: each CPU's states too. */
  readonly perCpu: boolean;
}

/** The figures as the text shows them; null where a restricted top shows none (the summary, %CPU, %MEM). */
export interface FrameText {
  readonly time: string;
  readonly memory: readonly number[] | null;
  readonly percentCpu: (task: TaskRow) => number | null;
  readonly percentMem: (task: TaskRow) => number | null;
  readonly time100: (task: TaskRow) => string;
}

const one = (v: number) => Math.round(v * 10) / 10;
const oneOrNull = (v: number | null) => (v === null ? null : one(v));

function cpuJson(cpu: CpuStates | null, steal: boolean): Record<string, number | null> {
  const state = (value: (cpu: CpuStates) => number) => (cpu === null ? null : one(value(cpu)));
  return {
    cpu_user: state((c) => c.us),
    cpu_sys: state((c) => c.sy),
    cpu_nice: state((c) => c.ni),
    cpu_idle: state((c) => c.id),
    cpu_wait: state((c) => c.wa),
    cpu_hardware: state((c) => c.hi),
    cpu_software: state((c) => c.si),
    cpu_steal: steal ? state((c) => c.st) : null,
  };
}

export function frameJson(frame: Frame & { readonly tasks: readonly TaskRow[] }, text: FrameText, mode: FrameMode): Record<string, unknown> {
  const counted = mode.threads ? 'threads' : 'tasks';
  const [memTotal, memFree, memUsed, memCache, swapTotal, swapFree, swapUsed, memAvail] = text.memory ?? Array<null>(8).fill(null);
  return {
    time: text.time,
    uptime: frame.uptimeSeconds === null ? null : Math.trunc(frame.uptimeSeconds / 60),
    users: frame.users,
    load_1m: frame.load.one,
    load_5m: frame.load.five,
    load_15m: frame.load.fifteen,
    [`${counted}_total`]: frame.counts.total,
    [`${counted}_running`]: frame.counts.running,
    [`${counted}_sleeping`]: frame.counts.sleeping,
    [`${counted}_stopped`]: frame.counts.stopped,
    [`${counted}_zombie`]: frame.counts.zombie,
    ...cpuJson(frame.summary?.cpu ?? null, frame.steal),
    ...(mode.perCpu ? { cpus: (frame.summary?.eachCpu ?? []).map((cpu) => ({ cpu: cpu.number, ...cpuJson(cpu, frame.steal) })) } : {}),
    mem_total: memTotal,
    mem_free: memFree,
    mem_used: memUsed,
    mem_buff_cache: memCache,
    swap_total: swapTotal,
    swap_free: swapFree,
    swap_used: swapUsed,
    mem_available: memAvail,
    processes: frame.tasks.map((task) => ({
      pid: task.pid,
      user: jsonText(task.user),
      priority: task.priority < -99 || task.priority > 999 ? null : task.priority,
      nice: task.nice,
      virtual_mem: task.virt,
      resident_mem: task.res,
      shared_mem: task.shr,
      status: STATUS[task.state] ?? task.state,
      percent_cpu: oneOrNull(text.percentCpu(task)),
      percent_mem: oneOrNull(text.percentMem(task)),
      time_hundredths: text.time100(task),
      command: jsonText(task.command),
    })),
  };
}
