// Per-process syscalls that /proc does not answer (or answers only in text): the I/O priority
// (ioprio_get), the CPU affinity mask (sched_getaffinity) and the resource limits (prlimit64),
// plus a summer of /proc/PID/smaps figures. Failures are returned as a negative errno so that the
// TypeScript side maps them to NoSuchProcess / AccessDenied with its own rules.
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "addon.h"

namespace {

constexpr int kIoprioWhoProcess = 1;

int32_t PidArg(const Napi::CallbackInfo& info) {
  return info[0].As<Napi::Number>().Int32Value();
}

// ioprio_get(IOPRIO_WHO_PROCESS, pid): the raw priority (class << 13 | data), or -errno.
Napi::Value IoprioGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  long value = syscall(SYS_ioprio_get, kIoprioWhoProcess, PidArg(info));
  if (value < 0) return Napi::Number::New(env, -errno);
  return Napi::Number::New(env, static_cast<double>(value));
}

// sched_getaffinity(pid): the CPUs of the mask in ascending order, or -errno. The mask grows
// until the kernel accepts its size (machines with more CPUs than CPU_SETSIZE).
Napi::Value SchedGetaffinity(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pid_t pid = PidArg(info);
  for (int cpus = CPU_SETSIZE; cpus <= (1 << 20); cpus *= 2) {
    cpu_set_t* mask = CPU_ALLOC(cpus);
    if (mask == nullptr) return Napi::Number::New(env, -ENOMEM);
    size_t size = CPU_ALLOC_SIZE(cpus);
    CPU_ZERO_S(size, mask);
    if (sched_getaffinity(pid, size, mask) != 0) {
      int error = errno;
      CPU_FREE(mask);
      if (error == EINVAL) continue;
      return Napi::Number::New(env, -error);
    }
    Napi::Array out = Napi::Array::New(env);
    uint32_t n = 0;
    for (int cpu = 0; cpu < cpus; cpu++) {
      if (CPU_ISSET_S(cpu, size, mask)) out.Set(n++, Napi::Number::New(env, cpu));
    }
    CPU_FREE(mask);
    return out;
  }
  return Napi::Number::New(env, -EINVAL);
}

double LimitValue(rlim_t value) {
  return value == RLIM_INFINITY ? -1.0 : static_cast<double>(value);
}

// prlimit(pid, resource, NULL, &old): [soft, hard] with RLIM_INFINITY as -1, or -errno.
Napi::Value Prlimit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pid_t pid = PidArg(info);
  int resource = info[1].As<Napi::Number>().Int32Value();
  struct rlimit limit;
  if (prlimit(pid, static_cast<__rlimit_resource>(resource), nullptr, &limit) != 0) {
    return Napi::Number::New(env, -errno);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, LimitValue(limit.rlim_cur)));
  out.Set(1u, Napi::Number::New(env, LimitValue(limit.rlim_max)));
  return out;
}

// The value of "Key:   N kB" after the colon at `p`; advances past the digits.
uint64_t ReadKb(const char*& p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  uint64_t value = 0;
  while (p < end && *p >= '0' && *p <= '9') value = value * 10 + static_cast<uint64_t>(*p++ - '0');
  return value;
}

bool StartsWith(const char* p, const char* end, const char* prefix, size_t length) {
  return static_cast<size_t>(end - p) >= length && std::memcmp(p, prefix, length) == 0;
}

// The smaps fallback of memory_full_info(): [uss, pss, swap] in kB over every mapping, where USS
// is every "Private*:" line, PSS the "Pss:" lines and swap the "Swap:" lines.
Napi::Value SumSmaps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Buffer<char> buffer = info[0].As<Napi::Buffer<char>>();
  const char* p = buffer.Data();
  const char* end = p + buffer.Length();
  uint64_t uss = 0, pss = 0, swap = 0;
  while (p < end) {
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    if (*p == 'P') {
      if (StartsWith(p, line_end, "Pss:", 4)) {
        p += 4;
        pss += ReadKb(p, line_end);
      } else if (StartsWith(p, line_end, "Private", 7)) {
        const char* colon = static_cast<const char*>(std::memchr(p, ':', static_cast<size_t>(line_end - p)));
        if (colon != nullptr) {
          p = colon + 1;
          uss += ReadKb(p, line_end);
        }
      }
    } else if (*p == 'S' && StartsWith(p, line_end, "Swap:", 5)) {
      p += 5;
      swap += ReadKb(p, line_end);
    }
    p = line_end + 1;
  }
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(uss)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(pss)));
  out.Set(2u, Napi::Number::New(env, static_cast<double>(swap)));
  return out;
}

// smemTotals(buffer) -> Float64Array | null: smem's sums over one smaps file, for its process and
// user views: size, rss, pss, shared_clean, shared_dirty, private_clean, private_dirty,
// referenced, swap (kB), the number of mappings, and 1 when a Pss line was seen. Only the
// kernel's own layout is taken; anything else (or a start address seen twice, which smem's
// dict would fold) answers null, and the caller parses the file the long way.
Napi::Value SmemTotals(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Buffer<char> buffer = info[0].As<Napi::Buffer<char>>();
  const char* p = buffer.Data();
  const char* end = p + buffer.Length();
  static const char* const kKeys[] = {"Size", "Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
                                      "Private_Dirty", "Referenced", "Swap"};
  constexpr size_t kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);
  double sums[kKeyCount] = {0};
  double mappings = 0;
  bool hasPss = false;
  bool inMapping = false;
  std::vector<std::string> starts;
  while (p < end) {
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    const char* colon = static_cast<const char*>(std::memchr(p, ':', static_cast<size_t>(line_end - p)));
    const char* dash = static_cast<const char*>(std::memchr(p, '-', static_cast<size_t>(line_end - p)));
    const char* space = static_cast<const char*>(std::memchr(p, ' ', static_cast<size_t>(line_end - p)));
    if (dash != nullptr && space != nullptr && dash < space && (colon == nullptr || colon > space)) {
      // "start-end perms offset dev inode [path]": a new mapping.
      for (const char* q = p; q < space; q++) {
        if (q != dash && !std::isxdigit(static_cast<unsigned char>(*q))) return env.Null();
      }
      starts.emplace_back(p, dash);
      mappings++;
      inMapping = true;
    } else if (colon != nullptr && colon > p && (space == nullptr || colon < space)) {
      const size_t length = static_cast<size_t>(line_end - p);
      if (length >= 3 && std::memcmp(line_end - 3, " kB", 3) == 0) {
        if (!inMapping) return env.Null();
        const char* q = colon + 1;
        while (q < line_end && *q == ' ') q++;
        double value = 0;
        const char* digits = q;
        while (q < line_end && *q >= '0' && *q <= '9') value = value * 10 + (*q++ - '0');
        if (q == digits || q + 3 != line_end) return env.Null();
        const size_t keyLength = static_cast<size_t>(colon - p);
        if (keyLength >= 3 && std::memcmp(p, "Pss", 3) == 0) hasPss = true;
        for (size_t k = 0; k < kKeyCount; k++) {
          if (std::strlen(kKeys[k]) == keyLength && std::memcmp(kKeys[k], p, keyLength) == 0) sums[k] += value;
        }
      }
      // Other "Key: words" lines (VmFlags, THPeligible) are neither figures nor mappings.
    } else {
      return env.Null();
    }
    p = line_end + 1;
  }
  std::sort(starts.begin(), starts.end());
  if (std::adjacent_find(starts.begin(), starts.end()) != starts.end()) return env.Null();
  Napi::Float64Array out = Napi::Float64Array::New(env, kKeyCount + 2);
  for (size_t k = 0; k < kKeyCount; k++) out[k] = sums[k];
  out[kKeyCount] = mappings;
  out[kKeyCount + 1] = hasPss ? 1 : 0;
  return out;
}

}  // namespace

void RegisterProcInfo(Napi::Env env, Napi::Object exports) {
  exports.Set("ioprioGet", Napi::Function::New(env, IoprioGet, "ioprioGet"));
  exports.Set("schedGetaffinity", Napi::Function::New(env, SchedGetaffinity, "schedGetaffinity"));
  exports.Set("prlimit", Napi::Function::New(env, Prlimit, "prlimit"));
  exports.Set("sumSmaps", Napi::Function::New(env, SumSmaps, "sumSmaps"));
  exports.Set("smemTotals", Napi::Function::New(env, SmemTotals, "smemTotals"));
}
