// The /proc/*/fd socket-inode scan behind `netstat -p` and psutil's net_connections(): for every
// process, readlink each /proc/PID/fd/N and keep the "socket:[INODE]" ones. With thousands of
// processes this walk is what makes `netstat -p` and `ss -p` slow, so it runs here on a small
// thread pool and off the JavaScript thread, while JavaScript parses /proc/net/* meanwhile.
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "addon.h"

namespace {

struct FdSocket {
  int32_t fd;
  double inode;  // inodes are unsigned long; a double holds every value the kernel hands out
};

struct PidResult {
  std::vector<FdSocket> sockets;
  bool denied = false;  // opening /proc/PID/fd answered EACCES
};

// "socket:[12345]" (net-tools' type 1) or "[0000]:12345" (type 2, old kernels). Returns 0 when the
// link names no socket.
double SocketInode(const char* link, size_t length) {
  const char* digits = nullptr;
  const char* end = link + length;
  if (length > 9 && std::memcmp(link, "socket:[", 8) == 0 && link[length - 1] == ']') {
    digits = link + 8;
    end = link + length - 1;
  } else if (length > 7 && std::memcmp(link, "[0000]:", 7) == 0) {
    digits = link + 7;
  } else {
    return 0;
  }
  double value = 0;
  for (const char* p = digits; p < end; p++) {
    if (*p < '0' || *p > '9') return 0;
    value = value * 10 + (*p - '0');
  }
  return digits == end ? 0 : value;
}

// atoi of a name made of digits (a pid or fd directory entry), without strtol's locale and sign handling.
int32_t DecimalName(const char* name) {
  int32_t value = 0;
  for (; *name >= '0' && *name <= '9'; name++) value = value * 10 + (*name - '0');
  return value;
}

// getdents64(2)'s record.
struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// procDir: the procfs root, open; "PID/fd" is looked up from it, not from / again for each process.
void ScanPid(int procDir, const std::string& pid, PidResult* out) {
  char path[32];
  std::snprintf(path, sizeof path, "%s/fd", pid.c_str());
  // open and getdents64 rather than opendir and readdir: opendir adds an fstat of every
  // directory, one system call per process that the scan does not need.
  int dfd = openat(procDir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    out->denied = errno == EACCES;
    return;
  }
  alignas(8) char entries[32768];
  // The largest record getdents64 can return: its header and a NAME_MAX name, 8-byte aligned.
  constexpr long kLargestRecord = (offsetof(LinuxDirent64, d_name) + 256 + 7) & ~7L;
  char link[64];
  for (;;) {
    long count = syscall(SYS_getdents64, dfd, entries, sizeof entries);
    if (count <= 0) break;  // the end, or the process exited meanwhile
    for (long at = 0; at < count;) {
      const auto* entry = reinterpret_cast<const LinuxDirent64*>(entries + at);
      at += entry->d_reclen;
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      ssize_t length = readlinkat(dfd, entry->d_name, link, sizeof(link) - 1);
      if (length <= 0) continue;  // the fd closed meanwhile, or EACCES (pid 1 in a sandbox)
      double inode = SocketInode(link, static_cast<size_t>(length));
      if (inode != 0) out->sockets.push_back({DecimalName(entry->d_name), inode});
    }
    // procfs lists fds until one does not fit in the buffer (proc_readfd_common stops only when
    // dir_emit fails), so a read that left room for another record reached the end: the call
    // that would return 0 is saved for every process.
    if (count + kLargestRecord <= static_cast<long>(sizeof entries)) break;
  }
  close(dfd);
}

// Which of the pids are kernel threads, whose fd table (kthreadd's, shared) is always empty.
// kthreadd (pid 2) starts every kernel thread, so they are its children, listed in one read of
// its task's children file. Usermode helpers (modprobe, a core dump pipe) are reparented to it
// too but are user processes: a child counts as a kernel thread only when it has no memory map,
// i.e. /proc/PID/exe does not resolve; one readlink instead of opening and reading its fd
// directory. Without that file (CONFIG_PROC_CHILDREN off) nothing is skipped. In a pid namespace
// pid 2 is an ordinary process, and the exe test keeps its children.
std::vector<bool> KernelThreads(const std::string& proc, const std::vector<std::string>& pids) {
  std::vector<bool> skip(pids.size(), false);
  std::vector<char> children(1 << 16);
  int fd = open((proc + "/2/task/2/children").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return skip;
  size_t size = 0;
  for (ssize_t count; size < children.size() && (count = read(fd, children.data() + size, children.size() - size)) > 0;) {
    size += static_cast<size_t>(count);
    if (size == children.size()) children.resize(size * 2);
  }
  close(fd);
  std::vector<std::string> kthreads{"2"};
  for (size_t at = 0; at < size;) {
    size_t end = at;
    while (end < size && children[end] != ' ') end++;
    if (end > at) kthreads.emplace_back(children.data() + at, end - at);
    at = end + 1;
  }
  std::sort(kthreads.begin(), kthreads.end());
  char link[64];
  for (size_t i = 0; i < pids.size(); i++) {
    if (!std::binary_search(kthreads.begin(), kthreads.end(), pids[i])) continue;
    std::string exe = proc + "/" + pids[i] + "/exe";
    skip[i] = readlink(exe.c_str(), link, sizeof link) < 0 && errno == ENOENT;
  }
  return skip;
}

// The scan itself: Run() may go on any thread, ToJs() on the JavaScript one.
class SocketScan {
 public:
  explicit SocketScan(std::string proc) : proc_(std::move(proc)) {}

  void Run() {
    DIR* dir = opendir(proc_.c_str());
    if (dir == nullptr) {
      procUnreadable_ = true;
      return;
    }
    while (dirent* entry = readdir(dir)) {
      const char* name = entry->d_name;
      if (*name == '\0' || std::strspn(name, "0123456789") != std::strlen(name)) continue;
      pids_.emplace_back(name);
    }
    // Kept open for the scan: each process's fd directory is opened relative to it.
    int procDir = dirfd(dir);
    std::vector<bool> skip = KernelThreads(proc_, pids_);
    results_.resize(pids_.size());
    std::atomic<size_t> next{0};
    auto work = [&]() {
      // Small batches keep the threads busy to the end without contending on every pid.
      constexpr size_t kBatch = 32;
      for (;;) {
        size_t start = next.fetch_add(kBatch);
        if (start >= pids_.size()) return;
        size_t stop = std::min(start + kBatch, pids_.size());
        for (size_t i = start; i < stop; i++)
          if (!skip[i]) ScanPid(procDir, pids_[i], &results_[i]);
      }
    };
    unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    // The walk is system-call bound; beyond a few threads the kernel's locks serialise it.
    size_t threads = std::min<size_t>({cpus, 4, pids_.size() / 64 + 1});
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; t++) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
    closedir(dir);
  }

  Napi::Object ToJs(Napi::Env env) const {
    size_t count = 0;
    bool denied = false;
    for (const auto& result : results_) {
      count += result.sockets.size();
      denied = denied || result.denied;
    }
    // Flat typed arrays in /proc order (ascending pid): the caller keeps the first pid per inode,
    // as netstat's cache does.
    Napi::Int32Array pids = Napi::Int32Array::New(env, count);
    Napi::Int32Array fds = Napi::Int32Array::New(env, count);
    Napi::Float64Array inodes = Napi::Float64Array::New(env, count);
    size_t at = 0;
    for (size_t i = 0; i < results_.size(); i++) {
      int32_t pid = DecimalName(pids_[i].c_str());
      for (const auto& socket : results_[i].sockets) {
        pids[at] = pid;
        fds[at] = socket.fd;
        inodes[at] = socket.inode;
        at++;
      }
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("pids", pids);
    out.Set("fds", fds);
    out.Set("inodes", inodes);
    out.Set("denied", Napi::Boolean::New(env, denied));
    out.Set("procUnreadable", Napi::Boolean::New(env, procUnreadable_));
    return out;
  }

 private:
  std::string proc_;
  std::vector<std::string> pids_;
  std::vector<PidResult> results_;
  bool procUnreadable_ = false;
};

void Settle(Napi::Env env, Napi::Function, Napi::Promise::Deferred* deferred, SocketScan* scan) {
  if (env != nullptr) deferred->Resolve(scan->ToJs(env));
  delete scan;
  delete deferred;
}

using Delivery = Napi::TypedThreadSafeFunction<Napi::Promise::Deferred, SocketScan, Settle>;

// The scan runs on a thread of its own, started at once, while JavaScript reads and parses the
// socket tables; the promise is settled on the JavaScript thread. A plain thread rather than
// libuv's pool: the first work queued there starts the pool's four threads and waits for each,
// several milliseconds of a short `netstat -antp`.
Napi::Value ScanSocketInodes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(env, "expected the procfs root");
  }
  auto* scan = new SocketScan(info[0].As<Napi::String>().Utf8Value());
  auto* deferred = new Napi::Promise::Deferred(Napi::Promise::Deferred::New(env));
  Napi::Promise promise = deferred->Promise();
  // Referenced: the pending scan keeps Node running until its result is in.
  Delivery delivery = Delivery::New(env, "ptools.scanSocketInodes", 0, 1, deferred);
  std::thread([delivery, scan]() mutable {
    scan->Run();
    delivery.BlockingCall(scan);
    delivery.Release();
  }).detach();
  return promise;
}

}  // namespace

void RegisterFdScan(Napi::Env env, Napi::Object exports) {
  exports.Set("scanSocketInodes", Napi::Function::New(env, ScanSocketInodes, "scanSocketInodes"));
}
