// Reads the same few files of many /proc/PID directories in one call, on a small thread pool:
// `ps aux` with thousands of processes spends its time in open/read/close, and doing those from
// C++ threads instead of one JavaScript call per file removes the per-call and per-Buffer costs.
// The result is one buffer with every file's bytes and a table of offsets.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "addon.h"

namespace {

struct FileResult {
  std::string bytes;
  int error = 0;  // errno of the failed open or read, 0 on success
};

void ReadWhole(const std::string& path, FileResult* out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out->error = errno;
    return;
  }
  char buffer[16384];
  for (;;) {
    ssize_t count = read(fd, buffer, sizeof(buffer));
    if (count < 0) {
      if (errno == EINTR) continue;
      out->error = errno;
      break;
    }
    if (count == 0) break;
    out->bytes.append(buffer, static_cast<size_t>(count));
  }
  close(fd);
}

// readProcFiles(root, pids, names) -> { data: Buffer, offsets: Float64Array }
// For pid i and name j (k = i * names.length + j): offsets[2k] is the start in data and
// offsets[2k+1] the length, or minus the errno when the file could not be read.
Napi::Value ReadProcFiles(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsTypedArray() || !info[2].IsArray()) {
    throw Napi::TypeError::New(env, "expected (root, Int32Array pids, string[] names)");
  }
  std::string root = info[0].As<Napi::String>().Utf8Value();
  Napi::Int32Array pidArray = info[1].As<Napi::Int32Array>();
  Napi::Array nameArray = info[2].As<Napi::Array>();
  std::vector<int32_t> pids(pidArray.Data(), pidArray.Data() + pidArray.ElementLength());
  std::vector<std::string> names;
  for (uint32_t j = 0; j < nameArray.Length(); j++) names.push_back(nameArray.Get(j).As<Napi::String>().Utf8Value());

  size_t total = pids.size() * names.size();
  std::vector<FileResult> results(total);
  std::atomic<size_t> next{0};
  auto work = [&]() {
    constexpr size_t kBatch = 16;
    for (;;) {
      size_t start = next.fetch_add(kBatch);
      if (start >= pids.size()) return;
      size_t stop = std::min(start + kBatch, pids.size());
      for (size_t i = start; i < stop; i++) {
        std::string dir = root + "/" + std::to_string(pids[i]) + "/";
        for (size_t j = 0; j < names.size(); j++) ReadWhole(dir + names[j], &results[i * names.size() + j]);
      }
    }
  };
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  size_t threads = std::min<size_t>({cpus, 4, pids.size() / 64 + 1});
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; t++) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();

  size_t bytes = 0;
  for (const auto& result : results) bytes += result.bytes.size();
  Napi::Buffer<char> data = Napi::Buffer<char>::New(env, bytes);
  Napi::Float64Array offsets = Napi::Float64Array::New(env, total * 2);
  size_t at = 0;
  for (size_t k = 0; k < total; k++) {
    const FileResult& result = results[k];
    offsets[2 * k] = static_cast<double>(at);
    if (result.error != 0) {
      offsets[2 * k + 1] = -result.error;
      continue;
    }
    std::copy(result.bytes.begin(), result.bytes.end(), data.Data() + at);
    offsets[2 * k + 1] = static_cast<double>(result.bytes.size());
    at += result.bytes.size();
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("data", data);
  out.Set("offsets", offsets);
  return out;
}

}  // namespace

void RegisterProcScan(Napi::Env env, Napi::Object exports) {
  exports.Set("readProcFiles", Napi::Function::New(env, ReadProcFiles, "readProcFiles"));
}
