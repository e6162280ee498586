// What psutil says about one pid, under the names of our JSON; AccessDenied as "denied". Shared by
// the procinfo comparisons as root and as nobody.
export const PSUTIL_DUMP = `
import json, sys, psutil
p = psutil.Process(int(sys.argv[1]))
def get(name, fn):
    try:
        return fn()
    except psutil.AccessDenied:
        return "denied"
    except psutil.ZombieProcess:
        return "zombie"
    except psutil.NoSuchProcess:
        return "gone"
out = {}
out["name"] = get("name", p.name)
out["ppid"] = get("ppid", p.ppid)
out["exe"] = get("exe", p._proc.exe)
out["cwd"] = get("cwd", p.cwd)
out["cmdline"] = get("cmdline", p.cmdline)
out["create_time"] = get("create_time", p.create_time)
out["cpu_times"] = get("cpu_times", lambda: p.cpu_times()._asdict())
out["cpu_affinity"] = get("cpu_affinity", p.cpu_affinity)
out["memory_info"] = get("memory_info", lambda: {k: v for k, v in p.memory_info()._asdict().items() if k not in ("lib", "dirty")})
out["memory_footprint"] = get("memory_full_info", lambda: {k: getattr(p.memory_full_info(), k) for k in ("uss", "pss", "swap")})
out["username"] = get("username", p.username)
out["uids"] = get("uids", lambda: p.uids()._asdict())
out["gids"] = get("gids", lambda: p.gids()._asdict())
out["terminal"] = get("terminal", p.terminal)
out["status"] = get("status", p.status)
out["nice"] = get("nice", p.nice)
out["ionice"] = get("ionice", lambda: {"ioclass": p.ionice().ioclass.name, "value": p.ionice().value})
out["num_threads"] = get("num_threads", p.num_threads)
out["num_fds"] = get("num_fds", p.num_fds)
out["io_counters"] = get("io_counters", lambda: p.io_counters()._asdict())
out["num_ctx_switches"] = get("num_ctx_switches", lambda: p.num_ctx_switches()._asdict())
out["children"] = get("children", lambda: [c.pid for c in p.children()])
out["open_files"] = get("open_files", lambda: sorted([f.path, f.fd, f.position, f.mode, f.flags] for f in p.open_files()))
out["connections"] = get("connections", lambda: sorted([c.fd, c.family.name, c.type.name, list(c.laddr), list(c.raddr) if c.raddr else None, c.status] for c in p.connections("inet")))
out["threads"] = get("threads", lambda: [list(t) for t in p.threads()])
out["rlimits"] = get("rlimits", lambda: {n: list(p.rlimit(getattr(psutil, n))) for n in dir(psutil) if n.startswith("RLIMIT")})
out["environ"] = get("environ", p.environ)
out["memory_maps"] = get("memory_maps", lambda: {m.path: m.rss for m in p.memory_maps(grouped=True)})
# Our command, when given, runs while this process still maps the same libraries, so that both
# PSS figures divide the shared pages by the same number of processes.
if len(sys.argv) > 2:
    import subprocess
    out["ours"] = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, check=True).stdout.decode()
print(json.dumps(out))
`;
