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
#include "smaps.h"

namespace {

constexpr int kIoprioWhoProcess = 1;

int32_t PidArg(const Napi::CallbackInfo& info) {
  return Int32Arg(info, 0, "pid");
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
  int resource = Int32Arg(info, 1, "resource");
  struct rlimit limit;
  if (prlimit(pid, static_cast<__rlimit_resource>(resource), nullptr, &limit) != 0) {
    return Napi::Number::New(env, -errno);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, LimitValue(limit.rlim_cur)));
  out.Set(1u, Napi::Number::New(env, LimitValue(limit.rlim_max)));
  return out;
}

// The smaps fallback of memory_full_info(): [uss, pss, swap] in kB over every mapping.
Napi::Value SumSmaps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Buffer<char> buffer = info[0].As<Napi::Buffer<char>>();
  SmapsFootprint sums = SumSmapsFootprint(buffer.Data(), buffer.Data() + buffer.Length());
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(sums.uss)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(sums.pss)));
  out.Set(2u, Napi::Number::New(env, static_cast<double>(sums.swap)));
  return out;
}

// smemTotals(buffer) -> Float64Array | null: smem's sums over one smaps file (see
// SumSmemTotals); null when the file is not in the kernel's own layout.
Napi::Value SmemTotals(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Buffer<char> buffer = info[0].As<Napi::Buffer<char>>();
  double sums[kSmemTotalsWidth];
  if (!SumSmemTotals(buffer.Data(), buffer.Data() + buffer.Length(), sums)) return env.Null();
  Napi::Float64Array out = Napi::Float64Array::New(env, kSmemTotalsWidth);
  std::copy(sums, sums + kSmemTotalsWidth, out.Data());
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
