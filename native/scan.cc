// The process scan: one call lists /proc (or takes the pids it is given), reads on worker
// threads only the files the caller asks for, parses stat, status and statm there, sums smaps
// there, and hands JavaScript columns: typed arrays of numbers, and byte buffers with offsets for
// names, command lines and other text (kept as the kernel's bytes, never decoded). Building one
// object and one Buffer per file in JavaScript is what made ps and smem slow and large at
// thousands of processes.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "addon.h"
#include "procread.h"
#include "smaps.h"

namespace {

// The field mask (ScanField in native/index.d.ts): which files to read, and how.
enum Field : uint32_t {
  kStat = 1,          // parsed: the stat columns, state and comm
  kStatus = 2,        // parsed: ids and Vm* figures
  kStatusText = 4,    // raw bytes, for the keys the parsed columns leave out
  kStatm = 8,         // parsed
  kCmdline = 16,      // raw bytes
  kIo = 32,           // raw bytes
  kSmapsRollup = 64,  // raw bytes
  kSmaps = 128,       // summed: footprint and smem totals, the file itself dropped
  kEnviron = 256,     // raw bytes
  kCmdlineJoined = 512,  // cmdline on one line, as procps shows it (in place of the raw bytes)
  kStatText = 1024,      // stat's bytes too
  kOwner = 2048,         // the owner of /proc/PID (smem's user)
  kRollup = 4096,        // smaps_rollup's uss, pss and swap (the text itself dropped)
  kFds = 8192,           // the number of entries of /proc/PID/fd (-1 when it cannot be listed)
  kCgroup = 16384,       // raw bytes
  // status read in place of stat: the state from its State line, the stat columns left 0 and the
  // comm empty. For callers that need status and nothing of stat (procsmem): one file fewer.
  kStatusOnly = 32768,
};

// The raw-bytes files, in the order of their columns.
struct TextFile {
  Field field;
  const char* name;
  // The property of the result (status is also a parsed column).
  const char* key;
};
constexpr TextFile kTextFiles[] = {
    {kStatusText, "status", "statusText"}, {kCmdline, "cmdline", "cmdline"}, {kIo, "io", "io"},
    {kSmapsRollup, "smaps_rollup", "smapsRollup"}, {kEnviron, "environ", "environ"}, {kCgroup, "cgroup", "cgroup"},
    // stat's bytes stay last: ScanOne copies them from the parse buffer by this index.
    {kStatText, "stat", "statText"},
};
constexpr size_t kTextCount = sizeof(kTextFiles) / sizeof(kTextFiles[0]);

// The errno columns: one per file read (stat, status, statm, smaps, then the text files).
enum ErrorSlot : size_t { kStatError, kStatusError, kStatmError, kSmapsError, kTextError0 };
constexpr size_t kErrorWidth = kTextError0 + kTextCount;

// stat fields kept, by proc(5) number (field 2, comm, and 3, state, have their own columns).
constexpr int kStatFields[] = {1,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17,
                               18, 19, 20, 22, 23, 24, 26, 27, 28, 29, 30, 39, 40, 41, 42};
constexpr size_t kStatWidth = sizeof(kStatFields) / sizeof(kStatFields[0]);

// status: Uid and Gid (real, effective, saved, fs), then kB lines; NaN where a line is absent.
constexpr const char* kStatusKb[] = {"VmSize", "VmLck", "VmRSS", "VmData", "VmStk", "VmSwap"};
constexpr size_t kStatusKbCount = sizeof(kStatusKb) / sizeof(kStatusKb[0]);
constexpr size_t kStatusKbLength[kStatusKbCount] = {6, 5, 5, 6, 5, 6};
constexpr size_t kStatusWidth = 8 + kStatusKbCount;

constexpr size_t kStatmWidth = 7;
// smaps: uss, pss, swap (psutil's sums), smem's totals, 1 when those are valid, the file's size.
constexpr size_t kSmapsWidth = 3 + kSmemTotalsWidth + 2;

// Per-process flags.
enum Flag : uint8_t {
  kCommPrintable = 1,     // every comm byte is printable ASCII
  kCmdlinePrintable = 2,  // so is the command line once NULs and newlines are spaces
};

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A decimal as JavaScript's Number() reads the kernel's words: digits with an optional sign;
// an empty word is 0, anything else NaN.
double ParseNumber(const char* p, const char* end) {
  if (p == end) return 0;
  bool negative = false;
  if (*p == '-' || *p == '+') negative = *p++ == '-';
  if (p == end) return kNaN;
  double value = 0;
  if (end - p <= 15) {
    // Exact in an integer, and the same double as the loop below gives: most words are short.
    uint64_t digits = 0;
    for (; p < end; p++) {
      if (*p < '0' || *p > '9') return kNaN;
      digits = digits * 10 + static_cast<uint64_t>(*p - '0');
    }
    value = static_cast<double>(digits);
  } else {
    for (; p < end; p++) {
      if (*p < '0' || *p > '9') return kNaN;
      value = value * 10 + (*p - '0');
    }
  }
  return negative ? -value : value;
}

// One process's results while the threads work; the columns are filled from these in order.
struct Slot {
  bool dropped = false;
  uint8_t state = '?';
  uint8_t flags = 0;
  size_t thread = 0;
  // Where comm and the text files went in the thread's buffer.
  size_t commStart = 0, commLength = 0;
  size_t textStart[kTextCount] = {}, textLength[kTextCount] = {};
};

struct Scan {
  std::string root;
  std::vector<int32_t> pids;
  uint32_t fields = 0;
  // Filled by the threads, one row per pid.
  std::vector<Slot> slots;
  std::vector<double> stat, status, statm, smaps, owners, rollup, fds;
  std::vector<int32_t> errors;
  std::vector<Bytes> buffers;
};

// Splits stat after the LAST ')': the comm may hold ')', spaces and newlines.
bool ParseStat(const char* data, size_t length, double* out, Slot* slot, Bytes* names) {
  const char* end = data + length;
  const char* open = static_cast<const char*>(std::memchr(data, '(', length));
  const char* close = nullptr;
  for (const char* p = end; p > data;) {
    if (*--p == ')') {
      close = p;
      break;
    }
  }
  if (open == nullptr || close == nullptr || close < open) return false;
  slot->commStart = names->size();
  slot->commLength = static_cast<size_t>(close - open - 1);
  names->Append(open + 1, slot->commLength);
  bool printable = true;
  for (const char* p = open + 1; p < close; p++) printable &= *p >= 0x20 && *p <= 0x7e;
  if (printable) slot->flags |= kCommPrintable;
  // Field 1 is what precedes the '(' (blanks trimmed).
  const char* a = data;
  const char* b = open;
  while (a < b && std::isspace(static_cast<unsigned char>(*a))) a++;
  while (b > a && std::isspace(static_cast<unsigned char>(b[-1]))) b--;
  out[0] = ParseNumber(a, b);
  // The words from field 3 on: the text after ") ", trailing blanks dropped, split on single spaces.
  const char* p = std::min(close + 2, end);
  while (end > p && std::isspace(static_cast<unsigned char>(end[-1]))) end--;
  // Where each word starts and stops; only the kept ones are parsed.
  const char* starts[48];
  const char* stops[48];
  size_t count = 0;
  while (p <= end && count < 48) {
    const char* stop = static_cast<const char*>(std::memchr(p, ' ', static_cast<size_t>(end - p)));
    if (stop == nullptr) stop = end;
    starts[count] = p;
    stops[count++] = stop;
    p = stop + 1;
  }
  slot->state = count > 0 && starts[0] < stops[0] ? static_cast<uint8_t>(*starts[0]) : '?';
  // A field past the end of an older kernel's line reads as 0.
  for (size_t k = 1; k < kStatWidth; k++) {
    size_t index = static_cast<size_t>(kStatFields[k] - 3);
    out[k] = index < count ? ParseNumber(starts[index], stops[index]) : 0;
  }
  return true;
}

// The value of a status line after its key and colon: the blanks skipped, up to the newline.
void ParseStatus(const char* data, size_t length, double* out) {
  std::fill(out, out + kStatusWidth, kNaN);
  const char* end = data + length;
  // The kernel writes each key once: once every key wanted has been seen, the rest (half the
  // file, after VmSwap) is skipped.
  constexpr uint32_t kAll = (1u << (2 + kStatusKbCount)) - 1;
  uint32_t seen = 0;
  for (const char* line = data; line < end && seen != kAll;) {
    const char* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (newline == nullptr) newline = end;
    // Only "Uid", "Gid" and "Vm..." lines are wanted.
    const char first = *line;
    const char* colon = first == 'U' || first == 'G' || first == 'V'
                            ? static_cast<const char*>(std::memchr(line, ':', static_cast<size_t>(newline - line)))
                            : nullptr;
    if (colon != nullptr) {
      size_t keyLength = static_cast<size_t>(colon - line);
      const char* value = colon + 1;
      auto is = [&](const char* key, size_t length) { return length == keyLength && std::memcmp(key, line, keyLength) == 0; };
      if (is("Uid", 3) || is("Gid", 3)) {
        seen |= first == 'U' ? 1 : 2;
        double* ids = out + (first == 'U' ? 0 : 4);
        const char* p = value;
        for (int k = 0; k < 4; k++) {
          while (p < newline && (*p == ' ' || *p == '\t')) p++;
          const char* word = p;
          while (p < newline && *p != ' ' && *p != '\t') p++;
          ids[k] = word < p ? ParseNumber(word, p) : kNaN;
        }
      } else if (first == 'V') {
        for (size_t k = 0; k < kStatusKbCount; k++) {
          if (!is(kStatusKb[k], kStatusKbLength[k])) continue;
          seen |= 4u << k;
          // parseInt of "  1234 kB": the leading digits.
          const char* p = value;
          while (p < newline && (*p == ' ' || *p == '\t')) p++;
          const char* digits = p;
          double figure = 0;
          while (p < newline && *p >= '0' && *p <= '9') figure = figure * 10 + (*p++ - '0');
          out[8 + k] = p > digits ? figure : kNaN;
        }
      }
    }
    line = newline + 1;
  }
}

// The state letter of status's "State:\tS (sleeping)" line, '?' without one.
uint8_t StatusState(const char* data, size_t length) {
  const char* end = data + length;
  for (const char* line = data; line < end;) {
    const char* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (newline == nullptr) newline = end;
    if (newline - line > 6 && std::memcmp(line, "State:", 6) == 0) {
      const char* p = line + 6;
      while (p < newline && (*p == ' ' || *p == '\t')) p++;
      return p < newline ? static_cast<uint8_t>(*p) : '?';
    }
    line = newline + 1;
  }
  return '?';
}

void ParseStatm(const char* data, size_t length, double* out) {
  const char* end = data + length;
  const char* p = data;
  for (size_t k = 0; k < kStatmWidth; k++) {
    while (p < end && (*p == ' ' || *p == '\n')) p++;
    const char* word = p;
    while (p < end && *p != ' ' && *p != '\n') p++;
    out[k] = word < p ? ParseNumber(word, p) : kNaN;
  }
}

// psutil's figures of smaps_rollup, in bytes: [uss, pss, swap] from the "Key:<blanks>N kB" lines
// (parseSmapsRollup's /^(\w+):\s+(\d+) kB$/ on latin1 text): every Private* key adds to USS, the
// last Pss and Swap lines stand.
void ParseRollup(const char* data, size_t length, double* out) {
  const char* end = data + length;
  out[0] = out[1] = out[2] = 0;
  auto word = [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  // JavaScript's \s within latin1: tab, vertical tab, form feed, carriage return, space, NBSP.
  auto blank = [](unsigned char c) { return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' ' || c == 0xa0; };
  for (const char* line = data; line < end;) {
    const char* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (newline == nullptr) newline = end;
    const char* p = line;
    while (p < newline && word(static_cast<unsigned char>(*p))) p++;
    const char* colon = p;
    bool match = colon > line && colon < newline && *colon == ':';
    if (match) {
      p = colon + 1;
      const char* blanks = p;
      // \s+ backtracks: the blanks end where the digits before " kB" begin.
      while (p < newline && blank(static_cast<unsigned char>(*p))) p++;
      const char* digits = p;
      while (p < newline && *p >= '0' && *p <= '9') p++;
      match = digits > blanks && p > digits && newline - p == 3 && std::memcmp(p, " kB", 3) == 0;
      if (match) {
        const double bytes = ParseNumber(digits, p) * 1024;
        const size_t keyLength = static_cast<size_t>(colon - line);
        if (keyLength >= 7 && std::memcmp(line, "Private", 7) == 0) {
          out[0] += bytes;
        } else if (keyLength == 3 && std::memcmp(line, "Pss", 3) == 0) {
          out[1] = bytes;
        } else if (keyLength == 4 && std::memcmp(line, "Swap", 4) == 0) {
          out[2] = bytes;
        }
      }
    }
    line = newline + 1;
  }
}

// True when the command line, with NULs and newlines as spaces (ps's view), is printable ASCII.
bool CmdlinePrintable(const char* p, size_t length) {
  for (size_t i = 0; i < length; i++) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c != 0 && c != '\n' && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
}

// procps' read_unvectored on a command line: trailing NULs dropped, inner NULs and newlines made
// spaces, and one trailing space of the original text dropped (not one made from a NUL).
size_t JoinArguments(char* p, size_t length) {
  const bool trailingSpace = length > 0 && p[length - 1] == ' ';
  size_t end = length;
  while (end > 0 && p[end - 1] == '\0') end--;
  for (size_t i = 0; i < end; i++) {
    if (p[i] == '\0' || p[i] == '\n') p[i] = ' ';
  }
  return trailingSpace ? length - 1 : end;
}

// The directory /proc/PID is gone (stat no longer opens): the process exited mid-scan.
bool Gone(const std::string& path) {
  return access(path.c_str(), F_OK) != 0 && (errno == ENOENT || errno == ESRCH);
}

// The open descriptors of a process: the entries of /proc/PID/fd other than . and .. (what
// psutil's num_fds and process-exporter's open_filedesc count); -1 when it cannot be listed
// (another user's process without CAP_SYS_PTRACE, or gone).
double CountEntries(const char* path) {
  DIR* dir = opendir(path);
  if (dir == nullptr) return -1;
  double count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') count++;
  }
  closedir(dir);
  return count;
}

void ScanOne(Scan* scan, size_t i, size_t thread, Bytes* scratch, std::string* path) {
  Slot& slot = scan->slots[i];
  slot.thread = thread;
  Bytes& out = scan->buffers[thread];
  int32_t* errors = &scan->errors[i * kErrorWidth];
  const size_t base = path->size();
  auto at = [&](const char* name) {
    path->resize(base);
    path->append(name);
    return path->c_str();
  };
  auto vanished = [&](int error) {
    return (error == ENOENT || error == ESRCH) && Gone(at("stat"));
  };
  int error = 0;
  if (scan->fields & kStatusOnly) {
    // status tells a live process from one that exited as well as stat does.
    scratch->Truncate(0);
    error = ReadWhole(at("status"), true, scratch);
    if (error == 0) {
      ParseStatus(scratch->data(), scratch->size(), &scan->status[i * kStatusWidth]);
      slot.state = StatusState(scratch->data(), scratch->size());
    }
    errors[kStatusError] = error;
  } else {
    // stat always: it tells a live process from one that exited after the listing.
    scratch->Truncate(0);
    error = ReadWhole(at("stat"), true, scratch);
    if (error == 0 && !ParseStat(scratch->data(), scratch->size(), &scan->stat[i * kStatWidth], &slot, &out)) error = EINVAL;
  }
  errors[kStatError] = error;
  if (error != 0) {
    slot.dropped = true;
    return;
  }
  if (scan->fields & kStatText) {
    constexpr size_t t = kTextCount - 1;
    slot.textStart[t] = out.size();
    out.Append(scratch->data(), scratch->size());
    slot.textLength[t] = scratch->size();
  }
  if (scan->fields & kOwner) {
    struct stat owner;
    scan->owners[i] = stat(at(""), &owner) == 0 ? static_cast<double>(owner.st_uid) : -1;
  }
  if (scan->fields & kFds) scan->fds[i] = CountEntries(at("fd"));
  // A single_open file read whole and parsed into its row; its errno is kept either way.
  auto readParsed = [&](const char* name, void (*parse)(const char*, size_t, double*), double* row, int errorIndex) {
    scratch->Truncate(0);
    int failure = ReadWhole(at(name), true, scratch);
    if (failure == 0) parse(scratch->data(), scratch->size(), row);
    errors[errorIndex] = failure;
    if (failure != 0 && vanished(failure)) slot.dropped = true;
  };
  if ((scan->fields & kStatus) && !(scan->fields & kStatusOnly)) readParsed("status", ParseStatus, &scan->status[i * kStatusWidth], kStatusError);
  if (scan->fields & kStatm) readParsed("statm", ParseStatm, &scan->statm[i * kStatmWidth], kStatmError);
  if (scan->fields & kSmaps) {
    scratch->Truncate(0);
    error = ReadWhole(at("smaps"), false, scratch);
    double* sums = &scan->smaps[i * kSmapsWidth];
    if (error == 0) {
      SmapsFootprint footprint;
      sums[3 + kSmemTotalsWidth] = SumSmapsFile(scratch->data(), scratch->data() + scratch->size(), &footprint, sums + 3) ? 1 : 0;
      sums[0] = static_cast<double>(footprint.uss);
      sums[1] = static_cast<double>(footprint.pss);
      sums[2] = static_cast<double>(footprint.swap);
      sums[4 + kSmemTotalsWidth] = static_cast<double>(scratch->size());
    }
    errors[kSmapsError] = error;
    if (error != 0 && vanished(error)) slot.dropped = true;
  }
  for (size_t t = 0; t < kTextCount; t++) {
    const bool rollup = kTextFiles[t].field == kSmapsRollup && (scan->fields & kRollup);
    if (!(scan->fields & kTextFiles[t].field) && !rollup) continue;
    if (kTextFiles[t].field == kStatText) continue;
    slot.textStart[t] = out.size();
    error = ReadWhole(at(kTextFiles[t].name), EndsAtShortRead(kTextFiles[t].name), &out);
    if (error != 0) out.Truncate(slot.textStart[t]);
    slot.textLength[t] = out.size() - slot.textStart[t];
    errors[kTextError0 + t] = error;
    if (error != 0 && vanished(error)) slot.dropped = true;
    if (rollup) {
      if (error == 0) ParseRollup(out.data() + slot.textStart[t], slot.textLength[t], &scan->rollup[i * 3]);
      if (!(scan->fields & kSmapsRollup)) {
        out.Truncate(slot.textStart[t]);
        slot.textLength[t] = 0;
      }
    }
    if (kTextFiles[t].field == kCmdline && error == 0) {
      char* text = out.data() + slot.textStart[t];
      if (CmdlinePrintable(text, slot.textLength[t])) slot.flags |= kCmdlinePrintable;
      if (scan->fields & kCmdlineJoined) {
        slot.textLength[t] = JoinArguments(text, slot.textLength[t]);
        out.Truncate(slot.textStart[t] + slot.textLength[t]);
      }
    }
  }
  // A zombie's stat still reads (state Z) while its other files fail: it stays, marked by its state.
}

// Runs on up to `maxThreads` threads (the calling one included), and 4 at most: more only
// contend in the kernel.
void RunScan(Scan* scan, size_t maxThreads) {
  const size_t n = scan->pids.size();
  size_t threads = std::min<size_t>({maxThreads, 4, n / 64 + 1});
  scan->slots.assign(n, {});
  scan->stat.assign(n * kStatWidth, 0);
  if (scan->fields & kStatus) scan->status.assign(n * kStatusWidth, kNaN);
  if (scan->fields & kStatm) scan->statm.assign(n * kStatmWidth, kNaN);
  if (scan->fields & kSmaps) scan->smaps.assign(n * kSmapsWidth, 0);
  if (scan->fields & kOwner) scan->owners.assign(n, -1);
  if (scan->fields & kRollup) scan->rollup.assign(n * 3, kNaN);
  if (scan->fields & kFds) scan->fds.assign(n, -1);
  scan->errors.assign(n * kErrorWidth, 0);
  scan->buffers.clear();
  for (size_t t = 0; t < threads; t++) scan->buffers.emplace_back();
  std::atomic<size_t> next{0};
  // Pids are handed out a few at a time, fewer when there are few: a machine at rest has a
  // handful of processes whose smaps cost milliseconds (the Node and Python ones, this one
  // last), and a fixed 16 would leave them to one thread.
  const size_t batch = std::clamp<size_t>(n / (threads * 16), 1, 16);
  auto work = [&](size_t thread) {
    Bytes scratch;
    scratch.Reserve(1 << 16);
    std::string path;
    for (;;) {
      size_t start = next.fetch_add(batch);
      if (start >= n) return;
      size_t stop = std::min(start + batch, n);
      for (size_t i = start; i < stop; i++) {
        path = scan->root;
        path += '/';
        path += std::to_string(scan->pids[i]);
        path += '/';
        ScanOne(scan, i, thread, &scratch, &path);
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; t++) pool.emplace_back(work, t);
  work(0);
  for (auto& thread : pool) thread.join();
}

// The all-digit entries of a directory, in its own order (as procps lists /proc).
int ListPids(const std::string& root, std::vector<int32_t>* pids) {
  DIR* dir = opendir(root.c_str());
  if (dir == nullptr) return errno;
  while (dirent* entry = readdir(dir)) {
    const char* name = entry->d_name;
    if (*name == '\0' || std::strspn(name, "0123456789") != std::strlen(name)) continue;
    pids->push_back(static_cast<int32_t>(std::strtol(name, nullptr, 10)));
  }
  closedir(dir);
  return 0;
}

template <typename T, typename Array>
Array Rows(Napi::Env env, const std::vector<T>& values, const std::vector<size_t>& kept, size_t width) {
  Array out = Array::New(env, kept.size() * width);
  T* data = out.Data();
  for (size_t r = 0; r < kept.size(); r++) std::copy_n(&values[kept[r] * width], width, data + r * width);
  return out;
}

// Concatenates one byte column in row order: { data, offsets } with offsets[r]..offsets[r+1].
Napi::Object ByteColumn(Napi::Env env, const Scan& scan, const std::vector<size_t>& kept,
                        size_t Slot::*start, size_t Slot::*length, size_t textIndex) {
  auto startOf = [&](const Slot& s) { return textIndex == SIZE_MAX ? s.*start : s.textStart[textIndex]; };
  auto lengthOf = [&](const Slot& s) { return textIndex == SIZE_MAX ? s.*length : s.textLength[textIndex]; };
  size_t total = 0;
  for (size_t i : kept) total += lengthOf(scan.slots[i]);
  if (total > UINT32_MAX) throw Napi::RangeError::New(env, "process scan: more than 4 GiB of text in one column");
  Napi::Buffer<char> data = Napi::Buffer<char>::New(env, total);
  Napi::Uint32Array offsets = Napi::Uint32Array::New(env, kept.size() + 1);
  size_t at = 0;
  for (size_t r = 0; r < kept.size(); r++) {
    const Slot& s = scan.slots[kept[r]];
    offsets[r] = static_cast<uint32_t>(at);
    std::memcpy(data.Data() + at, scan.buffers[s.thread].data() + startOf(s), lengthOf(s));
    at += lengthOf(s);
  }
  offsets[kept.size()] = static_cast<uint32_t>(at);
  Napi::Object column = Napi::Object::New(env);
  column.Set("data", data);
  column.Set("offsets", offsets);
  return column;
}

Napi::Object ToJs(Napi::Env env, const Scan& scan) {
  std::vector<size_t> kept;
  for (size_t i = 0; i < scan.slots.size(); i++) {
    if (!scan.slots[i].dropped) kept.push_back(i);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("count", Napi::Number::New(env, static_cast<double>(kept.size())));
  Napi::Int32Array pids = Napi::Int32Array::New(env, kept.size());
  Napi::Uint8Array state = Napi::Uint8Array::New(env, kept.size());
  Napi::Uint8Array flags = Napi::Uint8Array::New(env, kept.size());
  for (size_t r = 0; r < kept.size(); r++) {
    pids[r] = scan.pids[kept[r]];
    state[r] = scan.slots[kept[r]].state;
    flags[r] = scan.slots[kept[r]].flags;
  }
  out.Set("pids", pids);
  out.Set("state", state);
  out.Set("flags", flags);
  out.Set("stat", Rows<double, Napi::Float64Array>(env, scan.stat, kept, kStatWidth));
  out.Set("comm", ByteColumn(env, scan, kept, &Slot::commStart, &Slot::commLength, SIZE_MAX));
  out.Set("errors", Rows<int32_t, Napi::Int32Array>(env, scan.errors, kept, kErrorWidth));
  if (scan.fields & kStatus) out.Set("status", Rows<double, Napi::Float64Array>(env, scan.status, kept, kStatusWidth));
  if (scan.fields & kStatm) out.Set("statm", Rows<double, Napi::Float64Array>(env, scan.statm, kept, kStatmWidth));
  if (scan.fields & kSmaps) out.Set("smaps", Rows<double, Napi::Float64Array>(env, scan.smaps, kept, kSmapsWidth));
  if (scan.fields & kOwner) out.Set("owners", Rows<double, Napi::Float64Array>(env, scan.owners, kept, 1));
  if (scan.fields & kRollup) out.Set("rollup", Rows<double, Napi::Float64Array>(env, scan.rollup, kept, 3));
  if (scan.fields & kFds) out.Set("fds", Rows<double, Napi::Float64Array>(env, scan.fds, kept, 1));
  for (size_t t = 0; t < kTextCount; t++) {
    if (!(scan.fields & kTextFiles[t].field)) continue;
    out.Set(kTextFiles[t].key, ByteColumn(env, scan, kept, nullptr, nullptr, t));
  }
  return out;
}

// (root, pids | null, fields): with null, the pids are listed from ROOT here.
Scan Arguments(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !(info[1].IsTypedArray() || info[1].IsNull()) || !info[2].IsNumber()) {
    throw Napi::TypeError::New(env, "expected (root, Int32Array pids | null, fields)");
  }
  Scan scan;
  scan.root = info[0].As<Napi::String>().Utf8Value();
  scan.fields = info[2].As<Napi::Number>().Uint32Value() | kStat;
  if (scan.fields & kCmdlineJoined) scan.fields |= kCmdline;
  // status stands in for stat: its columns are kept, stat's bytes are not read.
  if (scan.fields & kStatusOnly) scan.fields = (scan.fields | kStatus) & ~kStatText;
  if (info[1].IsTypedArray()) {
    Napi::Int32Array pids = info[1].As<Napi::Int32Array>();
    scan.pids.assign(pids.Data(), pids.Data() + pids.ElementLength());
  } else if (int error = ListPids(scan.root, &scan.pids); error != 0) {
    Napi::Error failure = Napi::Error::New(env, std::string(std::strerror(error)) + ", opendir '" + scan.root + "'");
    failure.Set("code", Napi::String::New(env, error == ENOENT ? "ENOENT" : error == EACCES ? "EACCES" : "EIO"));
    throw failure;
  }
  return scan;
}

size_t Cpus() { return std::max(1u, std::thread::hardware_concurrency()); }

// The caller waits: every CPU reads.
Napi::Value ScanProcesses(const Napi::CallbackInfo& info) {
  Scan scan = Arguments(info);
  RunScan(&scan, Cpus());
  return ToJs(info.Env(), scan);
}

// The same off the JavaScript thread: the event loop keeps running meanwhile, by default with a
// CPU of its own (on two CPUs, one reader beside JavaScript working on the previous batch).
class ScanWorker : public Napi::AsyncWorker {
 public:
  ScanWorker(Napi::Env env, Scan scan, size_t threads)
      : Napi::AsyncWorker(env), scan_(std::move(scan)), threads_(threads), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { RunScan(&scan_, threads_); }
  void OnOK() override { deferred_.Resolve(ToJs(Env(), scan_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Scan scan_;
  size_t threads_;
  Napi::Promise::Deferred deferred_;
};

// (root, pids | null, fields, threads?): by default one CPU is left to JavaScript; a caller
// with little to do meanwhile asks for every CPU.
Napi::Value ScanProcessesAsync(const Napi::CallbackInfo& info) {
  size_t threads = std::max<size_t>(1, Cpus() - 1);
  if (info.Length() > 3 && info[3].IsNumber()) threads = std::max<int64_t>(1, info[3].As<Napi::Number>().Int64Value());
  auto* worker = new ScanWorker(info.Env(), Arguments(info), threads);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}


// ---- ps lines from the scan's columns ----
// ps aux at thousands of processes spent most of its time in JavaScript: an object per row, a
// string per cell, and the optimising compiler working on all of it. The common columns are
// printed here instead, straight from the columns into one buffer, with show_one_proc's layout
// (procps-ng 4.0.2 src/ps/output.c, mirrored by src/tools/ps/render.ts). A row this code cannot
// print exactly as the JavaScript printers do (a name that needs escaping, a tty found only
// through the process's own descriptors, a number that is not one) is left to JavaScript: its
// index and where its line goes come back with the bytes.

// The cells printed here (PsCell in src/tools/ps/lines.ts).
enum PsCell : int32_t {
  kCellPid, kCellPpid, kCellPgid, kCellSid, kCellTpgid, kCellNlwp, kCellEuid, kCellPcpu, kCellPmem,
  kCellVsz, kCellRss, kCellStat, kCellBsdtime, kCellTime, kCellC, kCellCmdline, kCellComm,
  // Looked up in the column's table: by effective uid, by tty_nr, by the start's minute.
  kCellEuidTable, kCellTtyTable, kCellStartTable,
};
enum PsJustify : int32_t { kJustifyRight, kJustifyLeft, kJustifyUser, kJustifyUnlimited };

// procps' OUTBUF_SIZE (src/tools/ps/command.ts) and SPACE_AMOUNT.
constexpr int kOutbufSize = 2 * 64 * 1024;
constexpr int kSpaceAmount = 144;

struct PsTableEntry {
  std::string text;
  int cells;
};

struct PsColumn {
  int32_t cell, width, justify;
  std::unordered_map<double, PsTableEntry> table;
};

// Appends a number as JavaScript's String() prints it; false when it is not an integer that
// prints as plain digits (NaN from a hostile stat line: the row goes to JavaScript).
// `value` in decimal, `fill` in front up to `width` characters.
void AppendPadded(std::string* out, long long value, int width, char fill) {
  char digits[24];
  char* p = digits + sizeof digits;
  unsigned long long magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) *--p = '-';
  const int length = static_cast<int>(digits + sizeof digits - p);
  if (length < width) out->append(static_cast<size_t>(width - length), fill);
  out->append(p, static_cast<size_t>(length));
}

bool AppendInteger(std::string* out, double value) {
  if (!(value > -1e15 && value < 1e15) || value != std::trunc(value)) return false;
  AppendPadded(out, static_cast<long long>(value), 0, ' ');
  return true;
}

struct PsFacts {
  double hertz, bootTicks, memTotalKiB, bootTime;
  bool cumulative;
  int32_t activeCols;
};

// One row's scan columns as the printers see them.
struct PsSource {
  const int32_t* pids;
  const uint8_t* state;
  const uint8_t* flags;
  const double* stat;
  const double* status;  // null when status was not read
  const int32_t* errors;
  const uint8_t* comm;
  const uint32_t* commOffsets;
  const uint8_t* cmdline;  // null when the command line was not read
  const uint32_t* cmdlineOffsets;
};

constexpr size_t kErrorStatus = 1, kErrorCmdline = 5;  // SCAN_ERROR in src/core/process/scan.ts
constexpr size_t kStatPpid = 1, kStatPgrp = 2, kStatSession = 3, kStatTtyNr = 4, kStatTpgid = 5, kStatUtime = 11,
                 kStatStime = 12, kStatCutime = 13, kStatCstime = 14, kStatNice = 16, kStatThreads = 17, kStatStart = 18;
constexpr size_t kStatusEuid = 1, kStatusVmSize = 8, kStatusVmLck = 9, kStatusVmRss = 10;

// PsRow.kib: a status figure in KiB, 0 when the line is absent or status unreadable.
double Kib(const PsSource& s, size_t row, size_t figure) {
  if (s.errors[row * kErrorWidth + kErrorStatus] != 0) return 0;
  double value = s.status[row * kStatusWidth + figure];
  return std::isnan(value) ? 0 : value;
}

double Euid(const PsSource& s, size_t row) {
  if (s.errors[row * kErrorWidth + kErrorStatus] != 0) return 0;
  return s.status[row * kStatusWidth + kStatusEuid];
}

// cpuShare in src/tools/ps/formats.ts, in the same double arithmetic.
double CpuShare(const PsSource& s, const PsFacts& f, size_t row, double scale, bool cumulative) {
  const double* st = &s.stat[row * kStatWidth];
  double t = f.bootTicks - st[kStatStart];
  double elapsed = t > 0 ? t / f.hertz : 0;
  double jiffies = std::trunc(elapsed * f.hertz);
  double ticks = st[kStatUtime] + st[kStatStime];
  if (cumulative) ticks += st[kStatCutime] + st[kStatCstime];
  return jiffies > 0 ? std::floor((ticks * scale) / jiffies) : 0;
}

// The text of one cell; false sends the row to JavaScript.
bool PsCellText(const PsColumn& column, const PsSource& s, const PsFacts& f, size_t row, int maxRightward,
                std::string* out, int* cells) {
  const double* st = &s.stat[row * kStatWidth];
  out->clear();
  auto lookup = [&](double key) {
    auto found = column.table.find(key);
    if (found == column.table.end()) return false;
    out->append(found->second.text);
    *cells = found->second.cells;
    return true;
  };
  // A command: printable ASCII bytes, cut to the room.
  auto command = [&](const uint8_t* data, size_t start, size_t end) {
    out->append(reinterpret_cast<const char*>(data) + start, end - start);
    if (out->size() > static_cast<size_t>(std::max(0, maxRightward))) out->resize(static_cast<size_t>(std::max(0, maxRightward)));
    *cells = static_cast<int>(out->size());
    return true;
  };
  bool ok = true;
  switch (column.cell) {
    case kCellPid: ok = AppendInteger(out, s.pids[row]); break;
    case kCellPpid: ok = AppendInteger(out, st[kStatPpid]); break;
    case kCellPgid: ok = AppendInteger(out, st[kStatPgrp]); break;
    case kCellSid: ok = AppendInteger(out, st[kStatSession]); break;
    case kCellTpgid: ok = AppendInteger(out, st[kStatTpgid]); break;
    case kCellNlwp: ok = AppendInteger(out, st[kStatThreads]); break;
    case kCellEuid: ok = AppendInteger(out, Euid(s, row)); break;
    case kCellVsz: ok = AppendInteger(out, Kib(s, row, kStatusVmSize)); break;
    case kCellRss: ok = AppendInteger(out, Kib(s, row, kStatusVmRss)); break;
    case kCellPcpu: {
      double permille = CpuShare(s, f, row, 1000, f.cumulative);
      if (!(permille >= 0 && permille < 1e15)) return false;
      long long p = static_cast<long long>(permille);
      if (p > 999) {
        AppendPadded(out, p / 10, 0, ' ');
      } else {
        AppendPadded(out, p / 10, 0, ' ');
        out->push_back('.');
        out->push_back(static_cast<char>('0' + p % 10));
      }
      break;
    }
    case kCellPmem: {
      double kib = Kib(s, row, kStatusVmRss);
      double permille = std::min(999.0, f.memTotalKiB > 0 ? std::floor((kib * 1000) / f.memTotalKiB) : 0);
      if (!(permille >= 0)) return false;
      long long p = static_cast<long long>(permille);
      AppendPadded(out, p / 10, 2, ' ');
      out->push_back('.');
      out->push_back(static_cast<char>('0' + p % 10));
      break;
    }
    case kCellC: {
      double share = std::min(99.0, CpuShare(s, f, row, 100, f.cumulative));
      if (!(share >= 0)) return false;
      AppendPadded(out, static_cast<long long>(share), 2, ' ');
      break;
    }
    case kCellStat: {
      uint8_t state = s.state[row];
      if (state < 0x20 || state > 0x7e) return false;
      out->push_back(static_cast<char>(state));
      if (st[kStatNice] < 0) out->push_back('<');
      if (st[kStatNice] > 0) out->push_back('N');
      if (Kib(s, row, kStatusVmLck) > 0) out->push_back('L');
      if (st[kStatSession] == s.pids[row]) out->push_back('s');
      if (st[kStatThreads] > 1) out->push_back('l');
      if (st[kStatPgrp] == st[kStatTpgid]) out->push_back('+');
      break;
    }
    case kCellBsdtime: {
      double ticks = st[kStatUtime] + st[kStatStime];
      if (f.cumulative) ticks += st[kStatCutime] + st[kStatCstime];
      double u = std::trunc(ticks / f.hertz);
      if (!(u >= 0 && u < 1e15)) return false;
      long long seconds = static_cast<long long>(u);
      AppendPadded(out, seconds / 60, 3, ' ');
      out->push_back(':');
      AppendPadded(out, seconds % 60, 2, '0');
      break;
    }
    case kCellTime: {
      double u = std::trunc((st[kStatUtime] + st[kStatStime]) / f.hertz);
      if (!(u >= 0 && u < 1e15)) return false;
      long long seconds = static_cast<long long>(u);
      long long days = seconds / 86400;
      if (days != 0) {
        AppendPadded(out, days, 0, ' ');
        out->push_back('-');
      }
      AppendPadded(out, (seconds / 3600) % 24, 2, '0');
      out->push_back(':');
      AppendPadded(out, (seconds / 60) % 60, 2, '0');
      out->push_back(':');
      AppendPadded(out, seconds % 60, 2, '0');
      break;
    }
    case kCellComm:
    case kCellCmdline: {
      // PsRow.asciiRange and procpsCommand: a printable command line as it is; without one,
      // "[comm]" (and " <defunct>" for a zombie) when the comm is printable.
      const uint8_t flags = s.flags[row];
      if (!(flags & kCommPrintable)) return false;
      const size_t commStart = s.commOffsets[row], commEnd = s.commOffsets[row + 1];
      if (column.cell == kCellComm) return command(s.comm, commStart, commEnd);
      const size_t start = s.cmdlineOffsets[row], end = s.cmdlineOffsets[row + 1];
      if (s.errors[row * kErrorWidth + kErrorCmdline] == 0 && end > start) {
        if (!(flags & kCmdlinePrintable)) return false;
        return command(s.cmdline, start, end);
      }
      std::string text = "[";
      text.append(reinterpret_cast<const char*>(s.comm) + commStart, commEnd - commStart);
      text.append(s.state[row] == 'Z' ? "] <defunct>" : "]");
      return command(reinterpret_cast<const uint8_t*>(text.data()), 0, text.size());
    }
    case kCellEuidTable: return lookup(Euid(s, row));
    case kCellTtyTable: return lookup(st[kStatTtyNr]);
    case kCellStartTable: {
      double start = f.bootTime + std::trunc(st[kStatStart] / f.hertz);
      return lookup(std::floor(start / 60));
    }
    default: return false;
  }
  *cells = static_cast<int>(out->size());
  return ok;
}

// renderLine in src/tools/ps/render.ts for one row whose every column has a format keyword.
bool PsLine(const std::vector<PsColumn>& columns, const PsSource& s, const PsFacts& f, size_t row, std::string* cell,
            std::string* line) {
  int correct = 0, actual = 0, dospace = 0;
  for (size_t i = 0; i < columns.size(); i++) {
    const PsColumn& column = columns[i];
    const bool last = i == columns.size() - 1;
    int tmpspace = 0, maxRightward;
    if (!last) {
      maxRightward = column.width;
    } else {
      tmpspace = correct - actual;
      if (tmpspace < 1) {
        tmpspace = dospace;
        maxRightward = f.activeCols - actual - tmpspace;
      } else {
        maxRightward = f.activeCols - std::max(correct, actual);
      }
    }
    maxRightward = std::min(std::max(maxRightward, 0), kOutbufSize - 1);
    int cells = 0;
    if (!PsCellText(column, s, f, row, maxRightward, cell, &cells)) return false;
    int leftpad = 0;
    const int roomLeft = f.activeCols - actual - tmpspace;
    if (column.justify == kJustifyRight) {
      leftpad = column.width - cells;
    } else if (column.justify == kJustifyUnlimited && roomLeft < 1) {
      // No room left at all: procps keeps just the first character (ASCII here).
      if (cell->size() > 1) cell->resize(1);
      cells = std::min(1, cells);
    }
    leftpad = std::max(leftpad, 0);
    int space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    space = std::min(space, kSpaceAmount);
    line->append(static_cast<size_t>(space), ' ');
    line->append(*cell);
    if (last) break;
    actual += space + cells;
    correct += column.width + 1;
    dospace = 1;
  }
  line->push_back('\n');
  return true;
}

template <typename Array>
Array Typed(const Napi::Object& object, const char* key) {
  Napi::Value value = object.Get(key);
  if (!value.IsTypedArray()) throw Napi::TypeError::New(object.Env(), std::string("psLines: ") + key + " is not a typed array");
  return value.As<Array>();
}

// The lines of psLines, topLines and procsmemLines: `print(row, &line)` writes the line of one of
// `rows` (rows of a scan of `count` processes), or returns false to leave the row to JavaScript,
// as a negative entry is. Returns { data, fallback, at }: the lines, the rows left, and the byte
// of data where each one's line goes.
template <typename Print>
Napi::Object PrintRows(Napi::Env env, const Napi::Int32Array& rows, size_t count, Print print) {
  std::string data, line;
  data.reserve(rows.ElementLength() * 100);
  std::vector<int32_t> fallback;
  std::vector<uint32_t> at;
  for (size_t k = 0; k < rows.ElementLength(); k++) {
    const int32_t row = rows[k];
    if (row >= 0 && static_cast<size_t>(row) >= count) throw Napi::RangeError::New(env, "a row out of range");
    line.clear();
    if (row >= 0 && print(static_cast<size_t>(row), &line)) {
      data.append(line);
    } else {
      fallback.push_back(row);
      at.push_back(static_cast<uint32_t>(data.size()));
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("data", Napi::Buffer<char>::Copy(env, data.data(), data.size()));
  out.Set("fallback", TypedArrayOf<Napi::Int32Array>(env, fallback));
  out.Set("at", TypedArrayOf<Napi::Uint32Array>(env, at));
  return out;
}

// The (scan, Int32Array rows, plan) arguments of psLines and topLines.
std::tuple<Napi::Object, Napi::Int32Array, Napi::Object> LinesArguments(const Napi::CallbackInfo& info) {
  if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsTypedArray() || !info[2].IsObject()) {
    throw Napi::TypeError::New(info.Env(), "expected (scan, Int32Array rows, plan)");
  }
  return {info[0].As<Napi::Object>(), info[1].As<Napi::Int32Array>(), info[2].As<Napi::Object>()};
}

// The scan's columns that the line printers read: status and the command lines when it has them.
PsSource SourceOf(const Napi::Object& scan) {
  PsSource s{};
  s.pids = Typed<Napi::Int32Array>(scan, "pids").Data();
  s.state = Typed<Napi::Uint8Array>(scan, "state").Data();
  s.flags = Typed<Napi::Uint8Array>(scan, "flags").Data();
  s.stat = Typed<Napi::Float64Array>(scan, "stat").Data();
  s.errors = Typed<Napi::Int32Array>(scan, "errors").Data();
  if (scan.Get("status").IsTypedArray()) s.status = scan.Get("status").As<Napi::Float64Array>().Data();
  Napi::Object comm = scan.Get("comm").As<Napi::Object>();
  s.comm = Typed<Napi::Uint8Array>(comm, "data").Data();
  s.commOffsets = Typed<Napi::Uint32Array>(comm, "offsets").Data();
  if (scan.Get("cmdline").IsObject()) {
    Napi::Object cmdline = scan.Get("cmdline").As<Napi::Object>();
    s.cmdline = Typed<Napi::Uint8Array>(cmdline, "data").Data();
    s.cmdlineOffsets = Typed<Napi::Uint32Array>(cmdline, "offsets").Data();
  }
  return s;
}


// psLines(scan, rows, plan) -> { data, fallback, at }: the lines of the scan's rows `rows` (in
// that order). `plan`: { cells, widths, justify: Int32Array per column, facts: Float64Array
// [hertz, bootTicks, memTotalKiB, bootTime, cumulative, activeCols], tables: per column null or
// [keys Float64Array, texts string[], cells Int32Array] }. Rows left to JavaScript are listed in
// `fallback`, their lines to be inserted at byte `at[k]` of data.
Napi::Value PsLines(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [scan, rows, plan] = LinesArguments(info);
  const PsSource s = SourceOf(scan);
  Napi::Int32Array cells = Typed<Napi::Int32Array>(plan, "cells");
  Napi::Int32Array widths = Typed<Napi::Int32Array>(plan, "widths");
  Napi::Int32Array justify = Typed<Napi::Int32Array>(plan, "justify");
  Napi::Float64Array facts = Typed<Napi::Float64Array>(plan, "facts");
  Napi::Array tables = plan.Get("tables").As<Napi::Array>();
  if (facts.ElementLength() < 6 || widths.ElementLength() != cells.ElementLength() || justify.ElementLength() != cells.ElementLength()) {
    throw Napi::TypeError::New(env, "psLines: a malformed plan");
  }
  PsFacts f{facts[0], facts[1], facts[2], facts[3], facts[4] != 0, static_cast<int32_t>(facts[5])};
  std::vector<PsColumn> columns(cells.ElementLength());
  for (size_t i = 0; i < columns.size(); i++) {
    columns[i].cell = cells[i];
    columns[i].width = widths[i];
    columns[i].justify = justify[i];
    const bool needsStatus = columns[i].cell == kCellEuid || columns[i].cell == kCellEuidTable || columns[i].cell == kCellVsz ||
                             columns[i].cell == kCellRss || columns[i].cell == kCellPmem || columns[i].cell == kCellStat;
    if ((needsStatus && s.status == nullptr) || (columns[i].cell == kCellCmdline && s.cmdline == nullptr)) {
      throw Napi::TypeError::New(env, "psLines: the scan lacks a file a column needs");
    }
    Napi::Value table = tables.Get(static_cast<uint32_t>(i));
    if (!table.IsArray()) continue;
    Napi::Array parts = table.As<Napi::Array>();
    Napi::Float64Array keys = parts.Get(0u).As<Napi::Float64Array>();
    Napi::Array texts = parts.Get(1u).As<Napi::Array>();
    Napi::Int32Array widthsOf = parts.Get(2u).As<Napi::Int32Array>();
    for (size_t k = 0; k < keys.ElementLength(); k++) {
      columns[i].table[keys[k]] = {texts.Get(static_cast<uint32_t>(k)).As<Napi::String>().Utf8Value(), widthsOf[k]};
    }
  }
  const size_t count = static_cast<size_t>(Typed<Napi::Int32Array>(scan, "pids").ElementLength());
  std::string cell;
  return PrintRows(env, rows, count, [&](size_t row, std::string* line) { return PsLine(columns, s, f, row, &cell, line); });
}


// ---- top rows from a task refresh's columns ----
// top -b at thousands of processes spent more in JavaScript (an object per task, a string per
// cell) than in reading /proc. The default window's rows are printed here as task_show prints
// them (procps-ng 4.0.2 src/top/top.c, mirrored by src/tools/top/render.ts): each cell padded and
// followed by a blank, a value too wide ending in '+', the row's trailing blanks removed. A row
// whose command needs escaping or display widths, or whose user has no text, goes to JavaScript.

// The cells printed here (TopCell in src/tools/top/lines.ts), one per field of the window.
enum TopCell : int32_t { kTopPid, kTopUser, kTopPr, kTopNi, kTopVirt, kTopRes, kTopShr, kTopState, kTopCpu, kTopMem, kTopTime, kTopCommand };

constexpr size_t kStatPriority = 15;

struct TopFacts {
  double etScale, cpuMax, memTotal, hertz, pageKib;
  int taskScale, varWidth;
  bool cmdline;
};

// A shown column: its cell kind and width, the USER cell of each uid, and the cells made so far
// of the kinds that many rows share (by the one figure they depend on, as render.ts's sharedCells).
struct TopColumn {
  int32_t cell, width;
  std::unordered_map<double, std::string> users, made;
};

// One refresh's columns: the scan's, and what the refresh derived per row.
struct TopSource {
  PsSource scan;
  const double* statm;
  const double* pcpu;
  const double* tics;
  const double* euid;
};

// justify_pad: the text cut to the width, padded on its left (right-justified) or right, and a blank.
void Justify(std::string* out, const char* text, size_t length, int width, bool right) {
  const size_t room = static_cast<size_t>(std::max(width, 0));
  length = std::min(length, room);
  if (right) out->append(room - length, ' ');
  out->append(text, length);
  if (!right) out->append(room - length, ' ');
  out->push_back(' ');
}

// make_str/make_num: a value too long for its width is cut to width - 1 and ends in '+'.
void Fit(std::string* out, std::string text, int width, bool right) {
  if (width >= 1 && text.size() > static_cast<size_t>(width)) {
    text.resize(static_cast<size_t>(width - 1));
    text.push_back('+');
  }
  Justify(out, text.data(), text.size(), width, right);
}

std::string Printf(const char* format, double value) {
  char buffer[512];
  const int length = std::snprintf(buffer, sizeof buffer, format, value);
  return std::string(buffer, static_cast<size_t>(std::max(0, std::min<int>(length, sizeof buffer - 1))));
}

// scale_mem: KiB shown in the smallest unit from `target` up that fits the width, '?' when none does.
std::string ScaleMem(int target, double kib, int width) {
  static const char kSuffixes[] = "kmgtpe";
  float num = static_cast<float>(kib);
  for (int i = 0; i < 5; i++) {
    if (i >= target) {
      std::string text = i == 0 ? Printf("%.0f", num) : Printf("%.1f", num) + kSuffixes[i];
      if (text.size() <= static_cast<size_t>(width)) return text;
    }
    num = static_cast<float>(static_cast<double>(num) / 1024);
  }
  return "?";
}

// scale_pcnt: "%#.1f", else "%*.0f", else '?'.
std::string ScalePercent(float value, int width) {
  std::string one = Printf("%#.1f", value);
  if (one.size() <= static_cast<size_t>(width)) return one;
  std::string whole = Printf("%.0f", value);
  if (whole.size() < static_cast<size_t>(width)) whole.insert(0, static_cast<size_t>(width) - whole.size(), ' ');
  return whole.size() <= static_cast<size_t>(width) ? whole : "?";
}

// scale_tics for TIME+: minutes:seconds.hundredths, then coarser forms until one fits.
std::string ScaleTics(double tics, double hertz, int width) {
  const long long nt = static_cast<long long>(std::floor((tics * 100) / hertz));
  const long long cent = nt % 100, secs = nt / 100, mins = secs / 60, hour = mins / 60, days = hour / 24, week = days / 7;
  const size_t room = static_cast<size_t>(std::max(width, 0));
  char buffer[96];
  auto fits = [&](auto... values) {
    const int length = std::snprintf(buffer, sizeof buffer, values...);
    return length >= 0 && static_cast<size_t>(length) <= room;
  };
  if (mins < 361) {
    if (fits("%lld:%02lld.%02lld", mins, secs % 60, cent)) return buffer;
    if (fits("%lld:%02lld", mins, secs % 60)) return buffer;
  }
  if (hour < 97 && fits("%lld,%02lld", hour, mins % 60)) return buffer;
  if (days < 15) {
    if (fits("%lldd+%lldh", days, hour % 24)) return buffer;
    if (fits("%lldd", days)) return buffer;
  }
  if (fits("%lldw+%lldd", week, days % 7)) return buffer;
  if (fits("%lldw", week)) return buffer;
  return "?";
}

// A column the library leaves 0 when its file was not read (NaN here).
double Known(double value) { return std::isnan(value) ? 0 : value; }

// Appends one cell; false sends the row to JavaScript.
bool TopCellText(TopColumn& column, const TopSource& t, const TopFacts& f, size_t row, std::string* out) {
  const PsSource& s = t.scan;
  const double* st = &s.stat[row * kStatWidth];
  const int w = column.width;
  auto integer = [&](double value, std::string* text) {
    text->clear();
    return AppendInteger(text, value);
  };
  auto shared = [&](double key, auto make) {
    auto found = column.made.find(key);
    if (found == column.made.end()) {
      std::string cell;
      make(&cell);
      found = column.made.emplace(key, std::move(cell)).first;
    }
    out->append(found->second);
  };
  std::string text;
  switch (column.cell) {
    case kTopPid:
      if (!integer(s.pids[row], &text)) return false;
      Fit(out, text, w, true);
      return true;
    case kTopUser: {
      auto found = column.users.find(t.euid[row]);
      if (found == column.users.end()) return false;
      out->append(found->second);
      return true;
    }
    case kTopPr: {
      const double priority = Known(st[kStatPriority]);
      if (priority < -99 || priority > 999) text = "rt";
      else if (!integer(priority, &text)) return false;
      Fit(out, text, w, true);
      return true;
    }
    case kTopNi:
      if (!integer(Known(st[kStatNice]), &text)) return false;
      Fit(out, text, w, true);
      return true;
    case kTopVirt:
    case kTopRes:
    case kTopShr: {
      const double kib = Known(t.statm[row * kStatmWidth + static_cast<size_t>(column.cell - kTopVirt)]) * f.pageKib;
      if (f.taskScale == 0 && kib < 16777216 && kib == std::trunc(kib) && integer(kib, &text) && text.size() <= static_cast<size_t>(w)) {
        Justify(out, text.data(), text.size(), w, true);
        return true;
      }
      text = ScaleMem(f.taskScale, kib, w);
      Justify(out, text.data(), text.size(), w, true);
      return true;
    }
    case kTopState: {
      const char state = static_cast<char>(s.state[row]);
      if (state < 0x20 || state > 0x7e) return false;
      Justify(out, &state, 1, w, false);
      return true;
    }
    case kTopCpu: {
      // %CPU: ticks times Frame_etscale, no more than 100 per thread nor Cpu_pmax.
      float u = static_cast<float>(static_cast<double>(static_cast<float>(t.pcpu[row])) * f.etScale);
      const double threads = Known(st[kStatThreads]);
      if (u > 100 * threads) u = static_cast<float>(100 * threads);
      if (u > f.cpuMax) u = static_cast<float>(f.cpuMax);
      shared(u, [&](std::string* cell) {
        text = ScalePercent(u, w);
        Justify(cell, text.data(), text.size(), w, true);
      });
      return true;
    }
    case kTopMem: {
      const double res = Known(t.statm[row * kStatmWidth + 1]) * f.pageKib;
      shared(res, [&](std::string* cell) {
        const float hundred = static_cast<float>(static_cast<double>(static_cast<float>(res)) * 100);
        text = ScalePercent(static_cast<float>(static_cast<double>(hundred) / static_cast<double>(static_cast<float>(f.memTotal))), w);
        Justify(cell, text.data(), text.size(), w, true);
      });
      return true;
    }
    case kTopTime:
      if (!(t.tics[row] >= 0 && t.tics[row] < 1e15)) return false;
      shared(t.tics[row], [&](std::string* cell) {
        text = ScaleTics(t.tics[row], f.hertz, w);
        Justify(cell, text.data(), text.size(), w, true);
      });
      return true;
    case kTopCommand: {
      // Printable ASCII only: a byte is a column. Without -c, or with an empty command line, the
      // name ("[name]" with -c, and " <defunct>" for a zombie: escape_command).
      const uint8_t flags = s.flags[row];
      if (!(flags & kCommPrintable)) return false;
      const char* comm = reinterpret_cast<const char*>(s.comm) + s.commOffsets[row];
      const size_t commLength = s.commOffsets[row + 1] - s.commOffsets[row];
      if (!f.cmdline) {
        text.assign(comm, commLength);
      } else {
        const size_t start = s.cmdlineOffsets[row], end = s.cmdlineOffsets[row + 1];
        if (s.errors[row * kErrorWidth + kErrorCmdline] == 0 && end > start) {
          if (!(flags & kCmdlinePrintable)) return false;
          text.assign(reinterpret_cast<const char*>(s.cmdline) + start, end - start);
        } else {
          text = "[" + std::string(comm, commLength) + (s.state[row] == 'Z' ? "] <defunct>" : "]");
        }
      }
      Fit(out, std::move(text), f.varWidth, false);
      return true;
    }
    default:
      return false;
  }
}

// topLines(scan, rows, plan) -> { data, fallback, at }: a newline and the row of each of the
// scan's rows `rows`, in that order. `plan`: { cells, widths: Int32Array per column, pcpu, tics,
// euid: Float64Array per scan row, facts: Float64Array [etScale, cpuMax, memTotal, hertz, pageKib,
// taskScale, varWidth, cmdline (0/1)], users: [euids Float64Array, cells string[] (latin1)] }.
// Rows left to JavaScript are listed in `fallback`, their lines to be inserted at byte `at[k]`.
Napi::Value TopLines(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [scan, rows, plan] = LinesArguments(info);
  const size_t count = static_cast<size_t>(Typed<Napi::Int32Array>(scan, "pids").ElementLength());
  TopSource t{};
  t.scan = SourceOf(scan);
  t.statm = Typed<Napi::Float64Array>(scan, "statm").Data();
  Napi::Float64Array facts = Typed<Napi::Float64Array>(plan, "facts");
  if (facts.ElementLength() < 8) throw Napi::TypeError::New(env, "topLines: a malformed plan");
  TopFacts f{facts[0], facts[1], facts[2], facts[3], facts[4], static_cast<int>(facts[5]), static_cast<int>(facts[6]), facts[7] != 0};
  if (f.cmdline && t.scan.cmdline == nullptr) throw Napi::TypeError::New(env, "topLines: the scan lacks the command lines");
  Napi::Float64Array pcpu = Typed<Napi::Float64Array>(plan, "pcpu");
  Napi::Float64Array tics = Typed<Napi::Float64Array>(plan, "tics");
  Napi::Float64Array euid = Typed<Napi::Float64Array>(plan, "euid");
  if (pcpu.ElementLength() != count || tics.ElementLength() != count || euid.ElementLength() != count) {
    throw Napi::TypeError::New(env, "topLines: a column is not one per scan row");
  }
  t.pcpu = pcpu.Data();
  t.tics = tics.Data();
  t.euid = euid.Data();
  Napi::Int32Array cells = Typed<Napi::Int32Array>(plan, "cells");
  Napi::Int32Array widths = Typed<Napi::Int32Array>(plan, "widths");
  if (widths.ElementLength() != cells.ElementLength()) throw Napi::TypeError::New(env, "topLines: a malformed plan");
  Napi::Array users = plan.Get("users").As<Napi::Array>();
  Napi::Float64Array userKeys = users.Get(0u).As<Napi::Float64Array>();
  Napi::Array userCells = users.Get(1u).As<Napi::Array>();
  std::vector<TopColumn> columns(cells.ElementLength());
  for (size_t i = 0; i < columns.size(); i++) {
    columns[i].cell = cells[i];
    columns[i].width = widths[i];
    if (cells[i] != kTopUser) continue;
    for (size_t k = 0; k < userKeys.ElementLength(); k++) {
      columns[i].users[userKeys[k]] = Latin1Value(env, userCells.Get(static_cast<uint32_t>(k)));
    }
  }
  return PrintRows(env, rows, count, [&](size_t row, std::string* line) {
    line->push_back('\n');
    for (TopColumn& column : columns) {
      if (!TopCellText(column, t, f, row, line)) return false;
    }
    // Batch mode's PUFF drops the row's trailing blanks.
    size_t end = line->size();
    while (end > 1 && (*line)[end - 1] == ' ') end--;
    line->resize(end);
    return true;
  });
}


// ---- procsmem rows from the scan's columns ----
// psutil's procsmem.py prints "%-7s %-7s %-30s %7s %7s %7s %7s" per process; at thousands of
// processes a row object, an argument list and a string per cell cost JavaScript more than the
// scan. The rows whose command line is ASCII are printed here (mirroring src/tools/procsmem/
// render.ts); the others, whose text Python decodes, go to JavaScript.

constexpr size_t kStatusRealUid = 0;

// The script's convert_bytes(): the largest unit the value reaches, with one decimal ('%.1f' of
// an exact quotient, as Python rounds it), else "NB"; false for a figure that is not a whole number
// (or too long for the buffer).
bool AppendConvertedBytes(std::string* out, double bytes) {
  if (!(bytes >= 0 && std::isfinite(bytes)) || bytes != std::trunc(bytes)) return false;
  static const char kSymbols[] = "KMGTPEZY";
  char buffer[64];
  int length;
  if (bytes < 1024) {
    length = std::snprintf(buffer, sizeof buffer, "%lldB", static_cast<long long>(bytes));
  } else {
    int unit = 0;
    while (unit + 1 < 8 && bytes >= std::ldexp(1.0, (unit + 2) * 10)) unit++;
    length = std::snprintf(buffer, sizeof buffer, "%.1f%c", bytes / std::ldexp(1.0, (unit + 1) * 10), kSymbols[unit]);
  }
  if (length < 0 || static_cast<size_t>(length) >= sizeof buffer) return false;
  if (length < 7) out->append(static_cast<size_t>(7 - length), ' ');
  out->append(buffer, static_cast<size_t>(length));
  return true;
}

// The text of " ".join(psutil's cmdline()) for an ASCII command line: NUL-terminated arguments
// joined by blanks, else the text less one trailing blank (parseCmdlineAscii in
// src/core/process/parsers.ts); cut to 30 characters and padded to 30.
void AppendProcsmemCommand(std::string* out, const char* data, size_t length) {
  const bool nulEnded = length > 0 && data[length - 1] == '\0';
  if (length > 0 && (nulEnded || data[length - 1] == ' ')) length--;
  const size_t shown = std::min<size_t>(length, 30);
  for (size_t i = 0; i < shown; i++) out->push_back(nulEnded && data[i] == '\0' ? ' ' : data[i]);
  out->append(30 - shown, ' ');
}

// procsmemLines(scan, rows, users) -> { data, fallback, at }: the line of each of the scan's rows
// `rows` (each read whole: status, cmdline and smaps_rollup), in that order; a negative entry,
// a process read elsewhere, is left to JavaScript. `users`: [uids
// Float64Array, cells string[]], each cell the user column's bytes as latin1 ("%-7s" of the
// name cut to 7). Rows left to JavaScript are listed in `fallback`, their lines to be inserted
// at byte `at[k]` of data.
Napi::Value ProcsmemLines(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsTypedArray() || !info[2].IsArray()) {
    throw Napi::TypeError::New(env, "expected (scan, Int32Array rows, [uids, cells])");
  }
  Napi::Object scan = info[0].As<Napi::Object>();
  Napi::Int32Array rows = info[1].As<Napi::Int32Array>();
  Napi::Array users = info[2].As<Napi::Array>();
  const size_t count = static_cast<size_t>(Typed<Napi::Int32Array>(scan, "pids").ElementLength());
  const int32_t* pids = Typed<Napi::Int32Array>(scan, "pids").Data();
  const double* status = Typed<Napi::Float64Array>(scan, "status").Data();
  const double* rollup = Typed<Napi::Float64Array>(scan, "rollup").Data();
  if (!scan.Get("cmdline").IsObject()) throw Napi::TypeError::New(env, "procsmemLines: the scan lacks the command lines");
  Napi::Object cmdline = scan.Get("cmdline").As<Napi::Object>();
  const char* cmdlineData = reinterpret_cast<const char*>(Typed<Napi::Uint8Array>(cmdline, "data").Data());
  const uint32_t* cmdlineOffsets = Typed<Napi::Uint32Array>(cmdline, "offsets").Data();
  Napi::Float64Array uids = users.Get(0u).As<Napi::Float64Array>();
  Napi::Array cells = users.Get(1u).As<Napi::Array>();
  std::unordered_map<double, std::string> userCells;
  for (size_t k = 0; k < uids.ElementLength(); k++) userCells[uids[k]] = Latin1Value(env, cells.Get(static_cast<uint32_t>(k)));
  return PrintRows(env, rows, count, [&](size_t r, std::string* line) {
    const char* command = cmdlineData + cmdlineOffsets[r];
    const size_t commandLength = cmdlineOffsets[r + 1] - cmdlineOffsets[r];
    auto user = userCells.find(status[r * kStatusWidth + kStatusRealUid]);
    const bool ascii = std::all_of(command, command + commandLength, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (user == userCells.end() || !ascii) return false;
    AppendPadded(line, pids[r], 0, ' ');
    if (line->size() < 7) line->append(7 - line->size(), ' ');
    line->push_back(' ');
    line->append(user->second);
    line->push_back(' ');
    AppendProcsmemCommand(line, command, commandLength);
    for (double figure : {rollup[r * 3], rollup[r * 3 + 1], rollup[r * 3 + 2], status[r * kStatusWidth + kStatusVmRss] * 1024}) {
      line->push_back(' ');
      if (!AppendConvertedBytes(line, figure)) return false;
    }
    line->push_back('\n');
    return true;
  });
}

}  // namespace

void RegisterScan(Napi::Env env, Napi::Object exports) {
  exports.Set("scanProcesses", Napi::Function::New(env, ScanProcesses, "scanProcesses"));
  exports.Set("scanProcessesAsync", Napi::Function::New(env, ScanProcessesAsync, "scanProcessesAsync"));
  exports.Set("psLines", Napi::Function::New(env, PsLines, "psLines"));
  exports.Set("topLines", Napi::Function::New(env, TopLines, "topLines"));
  exports.Set("procsmemLines", Napi::Function::New(env, ProcsmemLines, "procsmemLines"));
}
