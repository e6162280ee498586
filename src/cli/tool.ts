// What a command receives, and the table of commands. Each command's module is loaded only when
// that command runs, so one command's start-up never pays for another's code.
import type { ProcfsContext } from '../core/procfs.js';
import type { Output } from '../format/writer.js';

export interface ToolContext {
  readonly output: Output;
  readonly procfs: ProcfsContext;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
}

export type ToolMain = (argv: readonly string[], tool: ToolContext) => Promise<void>;

export interface ToolEntry {
  /** The classic tool's name: `ptools NAME`, `pt-NAME` and a symlink named NAME all run it. */
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<ToolMain>;
  /**
   * What the classic tool does when its reader goes away: most die of SIGPIPE, but procps' ps
   * catches it and exits 0 ("ps | head").
   */
  readonly brokenPipe?: 'exit0';
}

export const TOOLS: readonly ToolEntry[] = [
  {
    name: 'free',
    summary: 'amount of free and used memory (procps-ng free)',
    load: async () => (await import('../tools/free/index.js')).runFree,
  },
  {
    name: 'netstat',
    summary: 'network connections, interfaces (net-tools netstat)',
    load: async () => (await import('../tools/netstat/index.js')).runNetstat,
  },
  {
    name: 'ifconfig',
    summary: 'network interfaces, read only (net-tools ifconfig)',
    load: async () => (await import('../tools/ifconfig/index.js')).runIfconfig,
  },
  {
    name: 'ps',
    summary: 'report a snapshot of the current processes (procps-ng ps)',
    load: async () => (await import('../tools/ps/index.js')).runPs,
    brokenPipe: 'exit0',
  },
  {
    name: 'smem',
    summary: 'memory usage with shared memory divided proportionally (smem)',
    load: async () => (await import('../tools/smem/index.js')).runSmem,
  },
  {
    name: 'iostat',
    summary: 'CPU and block device I/O statistics (sysstat iostat)',
    load: async () => (await import('../tools/iostat/index.js')).runIostat,
  },
  {
    name: 'procsmem',
    summary: 'USS, PSS and swap of every process (psutil procsmem.py)',
    load: async () => (await import('../tools/procsmem/index.js')).runProcsmem,
  },
  {
    name: 'procinfo',
    summary: 'everything about one process (psutil procinfo.py)',
    load: async () => (await import('../tools/procinfo/index.js')).runProcinfo,
  },
];

export function findTool(name: string): ToolEntry | undefined {
  return TOOLS.find((tool) => tool.name === name);
}
