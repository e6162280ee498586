// top --json: jc's `top` shape, one object per frame: the summary figures (memory in the summary's
// unit, as printed) and `processes`, each with jc's keys; memory of processes in KiB. Names and
// commands are byte strings until here: decoded as UTF-8 (with U+FFFD for stray bytes) for JSON.
import { jsonText } from '../../format/bytes.js';
import type { CpuStates, Frame, TaskRow } from './collect.js';

const STATUS: Readonly<Record<string, string>> = { R: 'running', S: 'sleeping', D: 'uninterruptible', T: 'stopped', t: 'traced', Z: 'zombie', I: 'idle' };

export interface FrameText {
  readonly time: string;
  readonly memory: readonly number[];
  readonly percentCpu: (task: TaskRow) => number;
  readonly percentMem: (task: TaskRow) => number;
  readonly time100: (task: TaskRow) => string;
}

const one = (v: number) => Math.round(v * 10) / 10;

export function frameJson(frame: Frame, text: FrameText): Record<string, unknown> {
  const cpu = frame.cpus[0] as CpuStates;
  const [memTotal, memFree, memUsed, memCache, swapTotal, swapFree, swapUsed, memAvail] = text.memory;
  return {
    time: text.time,
    uptime: Math.trunc(frame.uptimeSeconds / 60),
    users: frame.users,
    load_1m: frame.load.one,
    load_5m: frame.load.five,
    load_15m: frame.load.fifteen,
    tasks_total: frame.counts.total,
    tasks_running: frame.counts.running,
    tasks_sleeping: frame.counts.sleeping,
    tasks_stopped: frame.counts.stopped,
    tasks_zombie: frame.counts.zombie,
    cpu_user: one(cpu.us),
    cpu_sys: one(cpu.sy),
    cpu_nice: one(cpu.ni),
    cpu_idle: one(cpu.id),
    cpu_wait: one(cpu.wa),
    cpu_hardware: one(cpu.hi),
    cpu_software: one(cpu.si),
    cpu_steal: frame.steal ? one(cpu.st) : null,
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
      percent_cpu: one(text.percentCpu(task)),
      percent_mem: one(text.percentMem(task)),
      time_hundredths: text.time100(task),
      command: jsonText(task.command),
    })),
  };
}
