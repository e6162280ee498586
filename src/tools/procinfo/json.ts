// procinfo --json: one object with every field psutil's as_dict() gives procinfo.py, in the
// order of the text, under psutil's names; sizes in bytes, times in seconds. A field that could
// not be read is null and named in "unavailable" with the reason ("access denied", "zombie
// process", "not available").
import { ioclassName } from '../../core/process/details.js';
import type { Field, NamedPid, ProcinfoReport } from './collect.js';

const ids = (value: { real: number; effective: number; saved: number }) => ({ real: value.real, effective: value.effective, saved: value.saved });

export function procinfoJson(report: ProcinfoReport) {
  const unavailable: Record<string, string> = {};
  const take = <T, U>(name: string, value: Field<T>, convert: (value: T) => U): U | null => {
    if (value.ok) return convert(value.value);
    unavailable[name] = value.failure;
    return null;
  };
  const same = <T>(value: T) => value;
  const named = (child: NamedPid) => ({ pid: child.pid, name: child.name.ok ? child.name.value : null });
  const out = {
    pid: report.pid,
    name: take('name', report.name, same),
    ppid: take('ppid', report.ppid, same),
    parent: take('parent', report.parent, (parent) => (parent === null ? null : named(parent))),
    exe: take('exe', report.exe, same),
    cwd: take('cwd', report.cwd, same),
    cmdline: take('cmdline', report.cmdline, same),
    create_time: take('create_time', report.createTime, same),
    cpu_times: take('cpu_times', report.cpuTimes, (t) => ({ user: t.user, system: t.system, children_user: t.childrenUser, children_system: t.childrenSystem, iowait: t.iowait })),
    cpu_percent: take('cpu_percent', report.cpuPercent, same),
    cpu_affinity: take('cpu_affinity', report.cpuAffinity, same),
    cpu_num: take('cpu_num', report.cpuNum, same),
    memory_info: take('memory_info', report.memoryInfo, (m) => ({ rss: m.rss, vms: m.vms, shared: m.shared, text: m.text, data: m.data })),
    memory_footprint: take('memory_footprint', report.footprint, (f) => ({ uss: f.uss, pss: f.pss, swap: f.swap })),
    memory_percent: take('memory_percent', report.memoryPercent, same),
    username: take('username', report.username, same),
    uids: take('uids', report.uids, ids),
    gids: take('gids', report.gids, ids),
    terminal: take('terminal', report.terminal, same),
    status: take('status', report.status, same),
    nice: take('nice', report.nice, same),
    ionice: take('ionice', report.ionice, (io) => ({ ioclass: ioclassName(io.ioclass), value: io.value })),
    num_threads: take('num_threads', report.numThreads, same),
    num_fds: take('num_fds', report.numFds, same),
    io_counters: take('io_counters', report.ioCounters, (io) => ({
      read_count: io.readCount,
      write_count: io.writeCount,
      read_bytes: io.readBytes,
      write_bytes: io.writeBytes,
      read_chars: io.readChars,
      write_chars: io.writeChars,
    })),
    num_ctx_switches: take('num_ctx_switches', report.numCtxSwitches, same),
    children: take('children', report.children, (list) => list.map(named)),
    open_files: take('open_files', report.openFiles, (list) => list.map((f) => ({ path: f.path, fd: f.fd, position: f.position, mode: f.mode, flags: f.flags }))),
    connections: take('connections', report.connections, (list) =>
      list.map((c) => ({
        fd: c.fd,
        family: c.family,
        type: c.type,
        laddr: { ip: c.localAddress, port: c.localPort },
        raddr: c.remoteAddress === null ? null : { ip: c.remoteAddress, port: c.remotePort },
        status: c.status,
      })),
    ),
    threads: take('threads', report.threads, (list) => list.map((t) => ({ id: t.id, user_time: t.userTime, system_time: t.systemTime }))),
    rlimits: take('rlimits', report.rlimits, (limits) => Object.fromEntries(Object.entries(limits).map(([name, l]) => [name, { soft: l.soft, hard: l.hard }]))),
    environ: take('environ', report.environ, same),
    memory_maps: take('memory_maps', report.memoryMaps, (rows) =>
      rows.map((m) => ({
        path: m.path,
        rss: m.rss,
        size: m.size,
        pss: m.pss,
        shared_clean: m.sharedClean,
        shared_dirty: m.sharedDirty,
        private_clean: m.privateClean,
        private_dirty: m.privateDirty,
        referenced: m.referenced,
        anonymous: m.anonymous,
        swap: m.swap,
      })),
    ),
  };
  return { ...out, unavailable };
}
