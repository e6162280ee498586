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
#include <string_view>
#include <unordered_map>
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

// The byte classes of JavaScript's \s within one line of ASCII text (a line holds no '\n').
inline bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

inline bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The mapping figures memory_maps() reads, in the order of smaps.ts's MAP_FIELDS.
constexpr const char* kMapKeys[] = {"Rss", "Size", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced", "Anonymous", "Swap"};
constexpr size_t kMapFigures = sizeof kMapKeys / sizeof kMapKeys[0];

// "KEY:<spaces>DIGITS kB" (/^(\w+):\s+(\d+) kB$/): the slot of KEY among kMapKeys and the
// figure (saturating at 2^64 - 1, as cDecimal), or -1.
int KbLine(const char* p, const char* end, double* value) {
  const char* key = p;
  while (p < end && IsWordByte(*p)) p++;
  if (p == key || p == end || *p != ':') return -1;
  size_t length = static_cast<size_t>(p - key);
  int slot = -1;
  for (size_t k = 0; k < kMapFigures; k++) {
    if (std::strlen(kMapKeys[k]) == length && std::memcmp(kMapKeys[k], key, length) == 0) slot = static_cast<int>(k);
  }
  if (slot < 0) return -1;
  const char* spaces = ++p;
  while (p < end && IsAsciiSpace(*p)) p++;
  if (p == spaces) return -1;
  const char* digits = p;
  uint64_t v = 0;
  bool saturated = false;
  for (; p < end && *p >= '0' && *p <= '9'; p++) {
    uint64_t digit = static_cast<uint64_t>(*p - '0');
    if (v > (UINT64_MAX - digit) / 10) saturated = true;
    else v = v * 10 + digit;
  }
  if (p == digits || end - p != 3 || std::memcmp(p, " kB", 3) != 0) return -1;
  *value = saturated ? static_cast<double>(UINT64_MAX) : static_cast<double>(v);
  return slot;
}

// A mapping header, /^([0-9a-f]+-[0-9a-f]+) +(\S+) +(\S+) +(\S+) +(\S+) *(.*)$/ in which '.'
// is no '\r': the address, permissions and path (untrimmed) as offsets from `base`.
bool HeaderLine(const char* p, const char* end, const char* base, uint32_t* spans) {
  if (std::memchr(p, '\r', static_cast<size_t>(end - p)) != nullptr) return false;
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  const char* start = p;
  const char* first = p;
  while (p < end && hex(*p)) p++;
  if (p == first || p == end || *p != '-') return false;
  const char* second = ++p;
  while (p < end && hex(*p)) p++;
  if (p == second) return false;
  const char* fieldEnd = p;
  spans[0] = static_cast<uint32_t>(start - base);
  spans[1] = static_cast<uint32_t>(fieldEnd - base);
  for (int field = 0; field < 4; field++) {
    const char* blanks = p;
    while (p < end && *p == ' ') p++;
    if (p == blanks) return false;
    const char* word = p;
    while (p < end && !IsAsciiSpace(*p)) p++;
    if (p == word) return false;
    if (field == 0) {
      spans[2] = static_cast<uint32_t>(word - base);
      spans[3] = static_cast<uint32_t>(p - base);
    }
  }
  while (p < end && *p == ' ') p++;
  spans[4] = static_cast<uint32_t>(p - base);
  spans[5] = static_cast<uint32_t>(end - base);
  return true;
}

// The bytes of the Buffer argument of the smaps readers, or false when one is above 0x7f. Eight
// bytes are tested at a time (a byte above 0x7f has its top bit set): a large process's smaps is
// hundreds of kilobytes.
bool AsciiArgument(const Napi::CallbackInfo& info, const char** base, const char** end) {
  Napi::Buffer<char> buffer = info[0].As<Napi::Buffer<char>>();
  *base = buffer.Data();
  *end = *base + buffer.Length();
  const char* p = *base;
  for (; *end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if ((word & 0x8080808080808080ULL) != 0) return false;
  }
  for (; p < *end; p++) {
    if (static_cast<unsigned char>(*p) > 0x7f) return false;
  }
  return true;
}

// memory_maps()'s reading of an ASCII smaps, line by line: onHeader(spans) at each mapping
// header (spans as HeaderLine gives them), onFigure(slot, value) at each figure line. Lines that
// are neither are passed over.
template <typename OnHeader, typename OnFigure>
void EachMappingLine(const char* base, const char* end, OnHeader onHeader, OnFigure onFigure) {
  for (const char* line = base; line < end;) {
    const char* eol = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (eol == nullptr) eol = end;
    double value = 0;
    int slot = KbLine(line, eol, &value);
    uint32_t header[6];
    if (slot >= 0) onFigure(static_cast<size_t>(slot), value);
    else if (HeaderLine(line, eol, base, header)) onHeader(header);
    line = eol + 1;
  }
}

// smapsMappings(buffer): memory_maps()'s reading of an ASCII smaps, one mapping per header line
// in file order: { figures: Float64Array (kMapFigures kB per mapping, a figure given twice keeping
// the last), spans: Uint32Array (address, permissions and path, start and end each, in bytes) }.
// Lines before the first header are passed over, as every line that is neither. Null when the
// text holds a byte above 0x7f: JavaScript reads it then (a decoded character may be a space or
// line separator to the regular expressions that define the reading).
Napi::Value SmapsMappings(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* base;
  const char* end;
  if (!AsciiArgument(info, &base, &end)) return env.Null();
  std::vector<double> figures;
  std::vector<uint32_t> spans;
  EachMappingLine(
      base, end,
      [&](const uint32_t* header) {
        figures.insert(figures.end(), kMapFigures, 0.0);
        spans.insert(spans.end(), header, header + 6);
      },
      [&](size_t slot, double value) {
        if (!figures.empty()) figures[figures.size() - kMapFigures + slot] = value;
      });
  Napi::Object out = Napi::Object::New(env);
  out.Set("figures", TypedArrayOf<Napi::Float64Array>(env, figures));
  out.Set("spans", TypedArrayOf<Napi::Uint32Array>(env, spans));
  return out;
}

// smapsGroups(buffer): smapsMappings' mappings summed by path (trimmed as JavaScript's trim()
// trims ASCII), in order of first appearance: { paths: string[], figures: Float64Array
// (kMapFigures kB sums per path) }, or null as smapsMappings. psutil's path rule, which asks the
// file system about " (deleted)" paths, is the caller's: memory_maps(grouped=True) without a row
// object, nor a string, per mapping.
Napi::Value SmapsGroups(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* base;
  const char* end;
  if (!AsciiArgument(info, &base, &end)) return env.Null();
  std::vector<std::string_view> paths;
  std::unordered_map<std::string_view, size_t> groupOf;
  std::vector<double> sums;
  double mapping[kMapFigures];
  size_t group = SIZE_MAX;
  // A mapping's figures join its group's sums when the next header, or the end, closes it.
  auto close = [&]() {
    if (group == SIZE_MAX) return;
    for (size_t k = 0; k < kMapFigures; k++) sums[group * kMapFigures + k] += mapping[k];
  };
  auto isTrimmed = [](char c) { return IsAsciiSpace(c) || c == '\n'; };
  EachMappingLine(
      base, end,
      [&](const uint32_t* header) {
        close();
        const char* from = base + header[4];
        const char* to = base + header[5];
        while (from < to && isTrimmed(*from)) from++;
        while (to > from && isTrimmed(to[-1])) to--;
        std::string_view path(from, static_cast<size_t>(to - from));
        auto [found, added] = groupOf.try_emplace(path, paths.size());
        if (added) {
          paths.push_back(path);
          sums.insert(sums.end(), kMapFigures, 0.0);
        }
        group = found->second;
        std::fill(mapping, mapping + kMapFigures, 0.0);
      },
      [&](size_t slot, double value) {
        if (group != SIZE_MAX) mapping[slot] = value;
      });
  close();
  Napi::Array pathArray = Napi::Array::New(env, paths.size());
  for (size_t g = 0; g < paths.size(); g++) pathArray.Set(static_cast<uint32_t>(g), Napi::String::New(env, paths[g].data(), paths[g].size()));
  Napi::Object out = Napi::Object::New(env);
  out.Set("paths", pathArray);
  out.Set("figures", TypedArrayOf<Napi::Float64Array>(env, sums));
  return out;
}

}  // namespace

void RegisterProcInfo(Napi::Env env, Napi::Object exports) {
  exports.Set("ioprioGet", Napi::Function::New(env, IoprioGet, "ioprioGet"));
  exports.Set("schedGetaffinity", Napi::Function::New(env, SchedGetaffinity, "schedGetaffinity"));
  exports.Set("prlimit", Napi::Function::New(env, Prlimit, "prlimit"));
  exports.Set("sumSmaps", Napi::Function::New(env, SumSmaps, "sumSmaps"));
  exports.Set("smemTotals", Napi::Function::New(env, SmemTotals, "smemTotals"));
  exports.Set("smapsMappings", Napi::Function::New(env, SmapsMappings, "smapsMappings"));
  exports.Set("smapsGroups", Napi::Function::New(env, SmapsGroups, "smapsGroups"));
}
