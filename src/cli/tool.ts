// The table of commands. Each command's module is loaded only when that command runs, so one
// command's start-up never pays for another's code.
import type { ToolMain } from './context.js';

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
  /**
   * What the classic tool does when stdout cannot be written (a full disk, EIO):
   * procps' ps `ps: write error: STRERROR` and free a bare `free: write error`, both status 1;
   * sysstat `stdout: STRERROR` and status 6; net-tools nothing, status 0; psutil's scripts end
   * on Python's OSError, status 1. smem's Python keeps up to st_blksize bytes of output (4 KiB
   * for /dev/full or a pipe) and writes them at exit, where a failure prints `Exception ignored in: <_io.TextIOWrapper ...>` and the OSError,
   * status 120; a longer output fails while smem prints, which smem takes quietly (status 0), and
   * a closed stdout is no stdout at all to Python (sys.stdout is None), so nothing fails. Python
   * ignores SIGPIPE, so a closed pipe is one more such error (BrokenPipeError).
   */
  readonly writeError: 'procps' | 'procps-bare' | 'sysstat' | 'quiet' | 'python' | 'python-exit';
  /**
   * 'stdio': the output leaves in pieces of stdout's st_blksize (4 KiB on a pipe), as C stdio
   * sends it, instead of 64 KiB at a time. For a command whose classic tool writes a long output
   * while it still reads /proc, so that a reader gone after its first piece (`pmap -XX PID | head
   * -1`) kills it with SIGPIPE as it kills the classic tool.
   */
  readonly gather?: 'stdio';
  /**
   * The arguments that make the command print every option it has (default `--help`): the
   * shell completions (scripts/bundle.mjs) are made from that text.
   */
  readonly helpArgs?: readonly string[];
  /**
   * A command of ptools' own, with no classic tool to match (pt-exporter): its output is a format
   * of its own with no JSON form, and `-V` names ptools alone.
   */
  readonly own?: true;
  /**
   * procps' library ends the command before it reads its options when /proc/self/stat cannot be
   * read (fatal_proc_unmounted: "Error, do this: mount -t proc proc /proc", status 47): ps, top.
   */
  readonly needsProcSelf?: true;
}

export const TOOLS: readonly ToolEntry[] = [
  {
    name: 'free',
    summary: 'amount of free and used memory (procps-ng free)',
    load: async () => (await import('../tools/free/index.js')).runFree,
    writeError: 'procps-bare',
  },
  {
    name: 'netstat',
    summary: 'network connections, interfaces (net-tools netstat)',
    load: async () => (await import('../tools/netstat/index.js')).runNetstat,
    writeError: 'quiet',
  },
  {
    name: 'ifconfig',
    summary: 'network interfaces, read only (net-tools ifconfig)',
    load: async () => (await import('../tools/ifconfig/index.js')).runIfconfig,
    writeError: 'quiet',
  },
  {
    name: 'ps',
    summary: 'report a snapshot of the current processes (procps-ng ps)',
    load: async () => (await import('../tools/ps/index.js')).runPs,
    needsProcSelf: true,
    brokenPipe: 'exit0',
    writeError: 'procps',
    // procps' plain --help lists only the common options.
    helpArgs: ['--help', 'all'],
  },
  {
    name: 'smem',
    summary: 'memory usage with shared memory divided proportionally (smem)',
    load: async () => (await import('../tools/smem/index.js')).runSmem,
    writeError: 'python-exit',
  },
  {
    name: 'iostat',
    summary: 'CPU and block device I/O statistics (sysstat iostat)',
    load: async () => (await import('../tools/iostat/index.js')).runIostat,
    writeError: 'sysstat',
  },
  {
    name: 'procsmem',
    summary: 'USS, PSS and swap of every process (psutil procsmem.py)',
    load: async () => (await import('../tools/procsmem/index.js')).runProcsmem,
    // psutil's scripts write their whole, small output before a reader like `head -1` can go
    // away, so a pipeline sees them end with status 0.
    brokenPipe: 'exit0',
    writeError: 'python',
  },
  {
    name: 'procinfo',
    summary: 'everything about one process (psutil procinfo.py)',
    load: async () => (await import('../tools/procinfo/index.js')).runProcinfo,
    brokenPipe: 'exit0',
    writeError: 'python',
  },
  {
    name: 'exporter',
    summary: 'host and process-group metrics for Prometheus (node_exporter names)',
    load: async () => (await import('../tools/exporter/index.js')).runExporter,
    brokenPipe: 'exit0',
    writeError: 'procps',
    own: true,
  },
  {
    name: 'pstree',
    summary: 'display a tree of processes (psmisc pstree)',
    load: async () => (await import('../tools/pstree/index.js')).runPstree,
    // psmisc writes with stdio and never checks: a full disk or a closed pipe passes unnoticed
    // except for SIGPIPE.
    writeError: 'quiet',
  },
  {
    name: 'pmap',
    summary: 'report memory map of a process (procps-ng pmap)',
    load: async () => (await import('../tools/pmap/index.js')).runPmap,
    writeError: 'procps',
    gather: 'stdio',
  },
  {
    name: 'pgrep',
    summary: 'look up processes by name and other attributes (procps-ng pgrep)',
    load: async () => (await import('../tools/pgrep/index.js')).runPgrep,
    writeError: 'procps',
  },
  {
    name: 'pidof',
    summary: 'find the process ids of running programs (sysvinit pidof)',
    load: async () => (await import('../tools/pidof/index.js')).runPidof,
    writeError: 'quiet',
  },
  {
    name: 'pwdx',
    summary: 'current working directory of processes (procps-ng pwdx)',
    load: async () => (await import('../tools/pwdx/index.js')).runPwdx,
    writeError: 'procps',
  },
  {
    name: 'uptime',
    summary: 'how long the system has been running (procps-ng uptime)',
    load: async () => (await import('../tools/uptime/index.js')).runUptime,
    writeError: 'procps',
  },
  {
    name: 'w',
    summary: 'who is logged on and what they are doing (procps-ng w)',
    load: async () => (await import('../tools/w/index.js')).runW,
    writeError: 'procps',
  },
  {
    name: 'vmstat',
    summary: 'virtual memory, CPU and disk statistics (procps-ng vmstat)',
    load: async () => (await import('../tools/vmstat/index.js')).runVmstat,
    writeError: 'procps-bare',
  },
  {
    name: 'top',
    summary: 'tasks and system summary in batch mode (procps-ng top -b)',
    load: async () => (await import('../tools/top/index.js')).runTop,
    needsProcSelf: true,
    // top catches SIGPIPE and ends through bye_bye with status 0.
    brokenPipe: 'exit0',
    writeError: 'procps-bare',
  },
];

export function findTool(name: string): ToolEntry | undefined {
  return TOOLS.find((tool) => tool.name === name);
}
