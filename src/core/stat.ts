// /proc/stat as a whole: every per-CPU line and the system-wide counters after them (proc(5)),
// the figures node_exporter's cpu and stat collectors export.

/** One `cpuN` line's ten counters in clock ticks (absent trailing fields of older kernels are 0). */
export interface CpuLine {
  readonly cpu: number;
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  readonly steal: number;
  readonly guest: number;
  readonly guestNice: number;
}

export interface ProcStatFile {
  /** The `cpuN` lines in file order (the aggregate `cpu` line is left out). */
  readonly cpus: CpuLine[];
  /** The first number of the `intr` line: interrupts serviced since boot. */
  readonly intr: number | null;
  readonly ctxt: number | null;
  /** Boot time, seconds since the epoch. */
  readonly btime: number | null;
  /** Forks since boot. */
  readonly processes: number | null;
  readonly procsRunning: number | null;
  readonly procsBlocked: number | null;
}

const CPU_KEYS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

export function parseProcStat(text: string): ProcStatFile {
  const cpus: CpuLine[] = [];
  const single = new Map<string, number>();
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    const key = words[0] ?? '';
    if (/^cpu\d+$/.test(key)) {
      const cpu: Record<string, number> = { cpu: Number(key.slice(3)) };
      CPU_KEYS.forEach((name, i) => {
        const value = Number(words[i + 1] ?? 0);
        cpu[name] = Number.isFinite(value) ? value : 0;
      });
      cpus.push(cpu as unknown as CpuLine);
    } else if (key !== '' && words.length > 1) {
      const value = Number(words[1]);
      if (Number.isFinite(value)) single.set(key, value);
    }
  }
  const get = (key: string) => single.get(key) ?? null;
  return {
    cpus,
    intr: get('intr'),
    ctxt: get('ctxt'),
    btime: get('btime'),
    processes: get('processes'),
    procsRunning: get('procs_running'),
    procsBlocked: get('procs_blocked'),
  };
}

