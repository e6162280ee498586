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
#include <cstdint>
#include <cstdlib>
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

// getdents64(2)'s record.
struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

void ScanPid(const std::string& proc, const std::string& pid, PidResult* out) {
  std::string path = proc + "/" + pid + "/fd";
  // open and getdents64 rather than opendir and readdir: opendir adds an fstat of every
  // directory, one system call per process that the scan does not need.
  int dfd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    out->denied = errno == EACCES;
    return;
  }
  alignas(8) char entries[32768];
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
      if (inode != 0) out->sockets.push_back({std::atoi(entry->d_name), inode});
    }
  }
  close(dfd);
}

class ScanWorker : public Napi::AsyncWorker {
 public:
  ScanWorker(Napi::Env env, std::string proc)
      : Napi::AsyncWorker(env), proc_(std::move(proc)), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
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
    closedir(dir);
    results_.resize(pids_.size());
    std::atomic<size_t> next{0};
    auto work = [&]() {
      // Small batches keep the threads busy to the end without contending on every pid.
      constexpr size_t kBatch = 32;
      for (;;) {
        size_t start = next.fetch_add(kBatch);
        if (start >= pids_.size()) return;
        size_t stop = std::min(start + kBatch, pids_.size());
        for (size_t i = start; i < stop; i++) ScanPid(proc_, pids_[i], &results_[i]);
      }
    };
    unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    // The walk is system-call bound; beyond a few threads the kernel's locks serialise it.
    size_t threads = std::min<size_t>({cpus, 4, pids_.size() / 64 + 1});
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; t++) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
  }

  void OnOK() override {
    Napi::Env env = Env();
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
      int32_t pid = std::atoi(pids_[i].c_str());
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
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  std::string proc_;
  Napi::Promise::Deferred deferred_;
  std::vector<std::string> pids_;
  std::vector<PidResult> results_;
  bool procUnreadable_ = false;
};

Napi::Value ScanSocketInodes(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(info.Env(), "expected the procfs root");
  }
  auto* worker = new ScanWorker(info.Env(), info[0].As<Napi::String>().Utf8Value());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

void RegisterFdScan(Napi::Env env, Napi::Object exports) {
  exports.Set("scanSocketInodes", Napi::Function::New(env, ScanSocketInodes, "scanSocketInodes"));
}
