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
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
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
  for (; p < end; p++) {
    if (*p < '0' || *p > '9') return kNaN;
    value = value * 10 + (*p - '0');
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
  double words[48];
  size_t count = 0;
  int field = 3;
  while (p <= end && count < 48) {
    const char* stop = static_cast<const char*>(std::memchr(p, ' ', static_cast<size_t>(end - p)));
    if (stop == nullptr) stop = end;
    if (field == 3) {
      slot->state = p < stop ? static_cast<uint8_t>(*p) : '?';
      words[count++] = 0;
    } else {
      words[count++] = ParseNumber(p, stop);
    }
    field++;
    p = stop + 1;
  }
  // A field past the end of an older kernel's line reads as 0.
  for (size_t k = 1; k < kStatWidth; k++) {
    size_t index = static_cast<size_t>(kStatFields[k] - 3);
    out[k] = index < count ? words[index] : 0;
  }
  return true;
}

// The value of a status line after its key and colon: the blanks skipped, up to the newline.
void ParseStatus(const char* data, size_t length, double* out) {
  std::fill(out, out + kStatusWidth, kNaN);
  const char* end = data + length;
  for (const char* line = data; line < end;) {
    const char* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (newline == nullptr) newline = end;
    const char* colon = static_cast<const char*>(std::memchr(line, ':', static_cast<size_t>(newline - line)));
    if (colon != nullptr) {
      size_t keyLength = static_cast<size_t>(colon - line);
      const char* value = colon + 1;
      auto is = [&](const char* key) { return std::strlen(key) == keyLength && std::memcmp(key, line, keyLength) == 0; };
      if (is("Uid") || is("Gid")) {
        double* ids = out + (line[0] == 'U' ? 0 : 4);
        const char* p = value;
        for (int k = 0; k < 4; k++) {
          while (p < newline && (*p == ' ' || *p == '\t')) p++;
          const char* word = p;
          while (p < newline && *p != ' ' && *p != '\t') p++;
          ids[k] = word < p ? ParseNumber(word, p) : kNaN;
        }
      } else if (line[0] == 'V') {
        for (size_t k = 0; k < kStatusKbCount; k++) {
          if (!is(kStatusKb[k])) continue;
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
  // stat always: it tells a live process from one that exited after the listing.
  scratch->Truncate(0);
  int error = ReadWhole(at("stat"), true, scratch);
  if (error == 0 && !ParseStat(scratch->data(), scratch->size(), &scan->stat[i * kStatWidth], &slot, &out)) error = EINVAL;
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
  if (scan->fields & kStatus) readParsed("status", ParseStatus, &scan->status[i * kStatusWidth], kStatusError);
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
  auto work = [&](size_t thread) {
    Bytes scratch;
    scratch.Reserve(1 << 16);
    std::string path;
    constexpr size_t kBatch = 16;
    for (;;) {
      size_t start = next.fetch_add(kBatch);
      if (start >= n) return;
      size_t stop = std::min(start + kBatch, n);
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

// The same off the JavaScript thread: the event loop keeps running meanwhile, with a CPU of its
// own (on two CPUs, one reader beside JavaScript working on the previous batch).
class ScanWorker : public Napi::AsyncWorker {
 public:
  ScanWorker(Napi::Env env, Scan scan)
      : Napi::AsyncWorker(env), scan_(std::move(scan)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { RunScan(&scan_, std::max<size_t>(1, Cpus() - 1)); }
  void OnOK() override { deferred_.Resolve(ToJs(Env(), scan_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Scan scan_;
  Napi::Promise::Deferred deferred_;
};

Napi::Value ScanProcessesAsync(const Napi::CallbackInfo& info) {
  auto* worker = new ScanWorker(info.Env(), Arguments(info));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

void RegisterScan(Napi::Env env, Napi::Object exports) {
  exports.Set("scanProcesses", Napi::Function::New(env, ScanProcesses, "scanProcesses"));
  exports.Set("scanProcessesAsync", Napi::Function::New(env, ScanProcessesAsync, "scanProcessesAsync"));
}
