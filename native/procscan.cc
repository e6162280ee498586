// Reads the same few files of many /proc/PID directories in one call, on a small thread pool:
// `ps aux` with thousands of processes spends its time in open/read/close, and doing those from
// C++ threads instead of one JavaScript call per file removes the per-call and per-Buffer costs.
// The result is one buffer with every file's bytes and a table of offsets.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <atomic>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "addon.h"
#include "procread.h"

namespace {

// Where one file's bytes went: an offset into its thread's buffer and a length, or an errno.
struct FileSlot {
  size_t thread = 0;
  size_t start = 0;
  size_t length = 0;
  int error = 0;
};

// Reads PATH to the end of `out` and records where it went.
void ReadWhole(const char* path, bool endsAtShortRead, Bytes* out, FileSlot* slot) {
  slot->start = out->size();
  slot->error = ::ReadWhole(path, endsAtShortRead, out);
  slot->length = out->size() - slot->start;
}

// Everything read for one call: per-thread buffers and where each file landed.
struct Reading {
  std::vector<Bytes> buffers;
  std::vector<FileSlot> slots;
};

// Reads on up to `maxThreads` threads (the calling one included).
void ReadAll(const std::string& root, const std::vector<int32_t>& pids, const std::vector<std::string>& names,
             size_t maxThreads, Reading* reading) {
  // A thread per 64 processes, up to maxThreads and the CPUs (whose count glibc reads from
  // /sys, so it is asked only when more than one thread would do).
  size_t threads = std::min<size_t>(maxThreads, pids.size() / 64 + 1);
  if (threads > 1) threads = std::min<size_t>(threads, std::max(1u, std::thread::hardware_concurrency()));
  reading->buffers.clear();
  for (size_t t = 0; t < threads; t++) reading->buffers.emplace_back();
  reading->slots.assign(pids.size() * names.size(), {});
  std::vector<bool> shortReadEnds;
  for (const auto& name : names) shortReadEnds.push_back(EndsAtShortRead(name));
  std::atomic<size_t> next{0};
  auto work = [&](size_t thread) {
    Bytes& buffer = reading->buffers[thread];
    // Room for a page of each file a thread reads, up to 1 MiB (beyond, the buffer grows).
    buffer.Reserve(std::min<size_t>(1 << 20, (pids.size() / threads + 1) * names.size() * kReadSize));
    std::vector<char> path(root.size() + 64);
    constexpr size_t kBatch = 16;
    for (;;) {
      size_t start = next.fetch_add(kBatch);
      if (start >= pids.size()) return;
      size_t stop = std::min(start + kBatch, pids.size());
      for (size_t i = start; i < stop; i++) {
        for (size_t j = 0; j < names.size(); j++) {
          std::snprintf(path.data(), path.size(), "%s/%d/%s", root.c_str(), pids[i], names[j].c_str());
          FileSlot& slot = reading->slots[i * names.size() + j];
          slot.thread = thread;
          ReadWhole(path.data(), shortReadEnds[j], &buffer, &slot);
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; t++) pool.emplace_back(work, t);
  work(0);
  for (auto& thread : pool) thread.join();
}

// { data: Buffer, offsets: Float64Array }: for pid i and name j (k = i * names.length + j),
// offsets[2k] is the start in data and offsets[2k+1] the length, or minus the errno.
Napi::Object ToJs(Napi::Env env, const Reading& reading) {
  size_t threads = reading.buffers.size();
  std::vector<size_t> base(threads, 0);
  size_t bytes = 0;
  for (size_t t = 0; t < threads; t++) {
    base[t] = bytes;
    bytes += reading.buffers[t].size();
  }
  Napi::Buffer<char> data = Napi::Buffer<char>::New(env, bytes);
  for (size_t t = 0; t < threads; t++) {
    std::copy(reading.buffers[t].data(), reading.buffers[t].data() + reading.buffers[t].size(), data.Data() + base[t]);
  }
  Napi::Float64Array offsets = Napi::Float64Array::New(env, reading.slots.size() * 2);
  for (size_t k = 0; k < reading.slots.size(); k++) {
    const FileSlot& slot = reading.slots[k];
    offsets[2 * k] = static_cast<double>(base[slot.thread] + slot.start);
    offsets[2 * k + 1] = slot.error != 0 ? -slot.error : static_cast<double>(slot.length);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("data", data);
  out.Set("offsets", offsets);
  return out;
}

struct Request {
  std::string root;
  std::vector<int32_t> pids;
  std::vector<std::string> names;
};

Request Arguments(const Napi::CallbackInfo& info) {
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsTypedArray() || !info[2].IsArray()) {
    throw Napi::TypeError::New(info.Env(), "expected (root, Int32Array pids, string[] names)");
  }
  Request request;
  request.root = info[0].As<Napi::String>().Utf8Value();
  Napi::Int32Array pids = info[1].As<Napi::Int32Array>();
  request.pids.assign(pids.Data(), pids.Data() + pids.ElementLength());
  Napi::Array names = info[2].As<Napi::Array>();
  for (uint32_t j = 0; j < names.Length(); j++) request.names.push_back(names.Get(j).As<Napi::String>().Utf8Value());
  return request;
}

// readProcFiles(root, pids, names): reads ROOT/PID/NAME for every pid and name, blocking.
Napi::Value ReadProcFiles(const Napi::CallbackInfo& info) {
  Request request = Arguments(info);
  Reading reading;
  ReadAll(request.root, request.pids, request.names, 4, &reading);
  return ToJs(info.Env(), reading);
}

std::vector<std::string> PathsArgument(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsArray()) throw Napi::TypeError::New(info.Env(), "expected (string[] paths)");
  Napi::Array list = info[0].As<Napi::Array>();
  std::vector<std::string> paths;
  for (uint32_t i = 0; i < list.Length(); i++) paths.push_back(Latin1Value(info.Env(), list.Get(i)));
  return paths;
}

// Every path read whole, the paths shared out among up to `maxThreads` threads (the calling one
// included), each appending to a buffer of its own.
void ReadSpread(const std::vector<std::string>& paths, size_t maxThreads, Reading* reading) {
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  size_t threads = std::max<size_t>(1, std::min<size_t>({paths.size(), maxThreads, cpus}));
  reading->buffers.clear();
  for (size_t t = 0; t < threads; t++) reading->buffers.emplace_back();
  reading->slots.assign(paths.size(), {});
  std::atomic<size_t> next{0};
  auto work = [&](size_t thread) {
    for (size_t i = next.fetch_add(1); i < paths.size(); i = next.fetch_add(1)) {
      reading->slots[i].thread = thread;
      ReadWhole(paths[i].c_str(), false, &reading->buffers[thread], &reading->slots[i]);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; t++) pool.emplace_back(work, t);
  work(0);
  for (auto& thread : pool) thread.join();
}

// readFile(path) -> Buffer | errno: one file read whole on the calling thread, up to a read
// that returns 0 (a short read does not end seq_file files). The path is a JavaScript string, as
// node:fs takes it (UTF-8). One call instead of node:fs's open, read and close, each a JavaScript
// function with its own checks: a command reads tens of small kernel files, and the first call
// of each node:fs function costs more than the syscalls it makes.
Napi::Value ReadFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = PathArgument(info, 0);
  Bytes out;
  // 64 KiB a read, as the reads node:fs made: a socket table of thousands of lines in few calls.
  int error = ::ReadWhole(path.c_str(), false, &out, 64 * 1024);
  if (error != 0) return Napi::Number::New(env, error);
  return Napi::Buffer<char>::Copy(env, out.data(), out.size());
}

// readLinks(paths) -> { data, offsets }: readlink(2) of every path (a byte string), as
// readFilesAsync gives files: one call for the links of a process's fd directory instead of a
// JavaScript call (path checks, a Buffer) per descriptor. A link that fills the whole buffer is
// ENAMETOOLONG, as a path longer than the kernel prints.
Napi::Value ReadLinks(const Napi::CallbackInfo& info) {
  std::vector<std::string> paths = PathsArgument(info);
  Reading reading;
  reading.buffers.emplace_back();
  reading.slots.assign(paths.size(), {});
  Bytes& out = reading.buffers[0];
  constexpr size_t kLinkMax = 8192;
  for (size_t i = 0; i < paths.size(); i++) {
    FileSlot& slot = reading.slots[i];
    slot.start = out.size();
    ssize_t length = readlink(paths[i].c_str(), out.Reserve(kLinkMax), kLinkMax);
    if (length < 0) {
      slot.error = errno;
    } else if (static_cast<size_t>(length) == kLinkMax) {
      slot.error = ENAMETOOLONG;
    } else {
      out.Commit(static_cast<size_t>(length));
      slot.length = static_cast<size_t>(length);
    }
  }
  return ToJs(info.Env(), reading);
}

// fileModes(paths) -> Int32Array: stat(2)'s st_mode of every path (a byte string), or minus the
// errno: psutil's open_files() keeps the fd links that stat as regular files, and a process
// holds tens of them.
Napi::Value FileModes(const Napi::CallbackInfo& info) {
  std::vector<std::string> paths = PathsArgument(info);
  std::vector<int32_t> modes;
  modes.reserve(paths.size());
  for (const std::string& path : paths) {
    struct stat st {};
    modes.push_back(stat(path.c_str(), &st) == 0 ? static_cast<int32_t>(st.st_mode) : -errno);
  }
  return TypedArrayOf<Napi::Int32Array>(info.Env(), modes);
}

// readFilesAsync(paths) -> Promise<{ data, offsets }>: every path (a byte string) read whole, one after the
// other, on a worker thread; offsets as readProcFiles' (one file per entry). For the small
// kernel files a metrics scrape reads (sysfs attributes, /proc/net tables): one thread hop for
// all of them instead of four libuv round trips (open, stat, read, close) per file.
class ReadFilesWorker : public Napi::AsyncWorker {
 public:
  ReadFilesWorker(Napi::Env env, std::vector<std::string> paths)
      : Napi::AsyncWorker(env), paths_(std::move(paths)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { ReadSpread(paths_, 1, &reading_); }
  void OnOK() override { deferred_.Resolve(ToJs(Env(), reading_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  std::vector<std::string> paths_;
  Reading reading_;
  Napi::Promise::Deferred deferred_;
};

Napi::Value ReadFilesAsync(const Napi::CallbackInfo& info) {
  auto* worker = new ReadFilesWorker(info.Env(), PathsArgument(info));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// A reading begun on threads of its own and taken when it is needed, for a caller that has other
// work meanwhile (procinfo reads smaps and smaps_rollup, one process's costliest files, while
// JavaScript reads the rest; pmap the maps of each pid). The files are read side by side, up to
// four at once: the kernel walks a process's page tables for each of smaps and smaps_rollup, and
// the two walks of a large process take milliseconds each. The threads are joined when the
// reading is taken, or when the handle is collected untaken.
struct Ahead {
  std::vector<std::string> paths;
  Reading reading;
  std::thread thread;
  bool joined = false;
  void Join() {
    if (!joined) thread.join();
    joined = true;
  }
};

// readFilesAhead(paths) -> handle: the reading of readFilesAsync, begun now.
Napi::Value ReadFilesAhead(const Napi::CallbackInfo& info) {
  auto* ahead = new Ahead();
  ahead->paths = PathsArgument(info);
  ahead->thread = std::thread([ahead]() { ReadSpread(ahead->paths, 4, &ahead->reading); });
  return Napi::External<Ahead>::New(info.Env(), ahead, [](Napi::Env, Ahead* done) {
    done->Join();
    delete done;
  });
}

// readFilesTake(handle) -> { data, offsets }: waits for the reading, as readFilesAsync gives it.
Napi::Value ReadFilesTake(const Napi::CallbackInfo& info) {
  Ahead* ahead = info[0].As<Napi::External<Ahead>>().Data();
  ahead->Join();
  return ToJs(info.Env(), ahead->reading);
}

// listIds(path) -> Int32Array: the entries of a directory whose names are all digits (pids, or
// the thread ids of a task directory), in the directory's own order: Node's readdirSync sorts
// names, and procps lists /proc in this order. Throws with `code` set like Node's errors.
Napi::Value ListIds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = PathArgument(info, 0);
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    int error = errno;
    Napi::Error failure = Napi::Error::New(env, std::string(std::strerror(error)) + ", opendir '" + path + "'");
    const char* code = error == ENOENT ? "ENOENT" : error == EACCES ? "EACCES" : error == ESRCH ? "ESRCH" : error == ENOTDIR ? "ENOTDIR" : "EIO";
    failure.Set("code", Napi::String::New(env, code));
    throw failure;
  }
  std::vector<int32_t> ids;
  while (dirent* entry = readdir(dir)) {
    const char* name = entry->d_name;
    if (*name == '\0' || std::strspn(name, "0123456789") != std::strlen(name)) continue;
    ids.push_back(static_cast<int32_t>(std::strtol(name, nullptr, 10)));
  }
  closedir(dir);
  return TypedArrayOf<Napi::Int32Array>(env, ids);
}

}  // namespace

void RegisterProcScan(Napi::Env env, Napi::Object exports) {
  exports.Set("readProcFiles", Napi::Function::New(env, ReadProcFiles, "readProcFiles"));
  exports.Set("listIds", Napi::Function::New(env, ListIds, "listIds"));
  exports.Set("readFilesAsync", Napi::Function::New(env, ReadFilesAsync, "readFilesAsync"));
  exports.Set("readFilesAhead", Napi::Function::New(env, ReadFilesAhead, "readFilesAhead"));
  exports.Set("readLinks", Napi::Function::New(env, ReadLinks, "readLinks"));
  exports.Set("readFile", Napi::Function::New(env, ReadFile, "readFile"));
  exports.Set("fileModes", Napi::Function::New(env, FileModes, "fileModes"));
  exports.Set("readFilesTake", Napi::Function::New(env, ReadFilesTake, "readFilesTake"));
}
