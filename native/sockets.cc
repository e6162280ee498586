// netstat's socket tables without a JavaScript object per socket: /proc/net/{tcp,udp,udplite,raw}{,6}
// and /proc/net/unix are parsed here into columns (typed arrays, addresses as network-order bytes),
// and the rows are printed straight into output bytes as net-tools 2.10's netstat.c prints them
// (tcp_do_one, udp_do_one, raw_do_one, unix_do_one, finish_this_one). Host, network, service and
// user names (without -n) go through NSS once per distinct value, cached for the process's life.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "addon.h"
#include "names.h"
#include "procread.h"

namespace {

// A file's bytes in a malloc'd block (handed to a Buffer without a copy).
struct FileBytes {
  char* data = nullptr;
  size_t size = 0;
  ~FileBytes() { std::free(data); }
  char* Release() {
    char* released = data;
    data = nullptr;
    return released;
  }
};

// The smallest buffer seq_file reads into (PAGE_SIZE on every architecture Linux runs on).
constexpr size_t kPage = 4096;

// The whole file; an errno on failure. /proc/net files report size 0, so they are read until
// EOF, which a read of 0 tells; or, with `recordMax`, a read short enough to have held another
// record of up to recordMax bytes. That is seq_file's end (seq_read_iter, fs/seq_file.c): a read
// stops early only when the next record does not fit in its buffer of a page or more, or when
// there is no next record. The read of 0 is worth saving for /proc/net/tcp and tcp6, whose every
// read past the last socket walks all the buckets of the established hash again.
int ReadWhole(const std::string& path, FileBytes* out, size_t recordMax = 0) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  // Grown by doubling without zero-filling (resize would clear every new byte first).
  // Above glibc's mmap threshold from the start, so that realloc grows the block with mremap
  // instead of copying it.
  size_t capacity = 1u << 18, size = 0;
  char* buffer = static_cast<char*>(std::malloc(capacity));
  for (;;) {
    if (buffer == nullptr) {
      close(fd);
      return ENOMEM;
    }
    if (capacity - size < (1u << 14)) {
      capacity *= 2;
      char* grown = static_cast<char*>(std::realloc(buffer, capacity));
      if (grown == nullptr) std::free(buffer);
      buffer = grown;
      continue;
    }
    // seq_file hands out at most a page per read whatever the size asked; a large one costs nothing.
    ssize_t count = read(fd, buffer + size, capacity - size);
    if (count < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      close(fd);
      std::free(buffer);
      return error;
    }
    if (count == 0) break;
    size += static_cast<size_t>(count);
    if (recordMax != 0 && static_cast<size_t>(count) + recordMax <= kPage) break;
  }
  close(fd);
  out->data = buffer;
  out->size = size;
  return 0;
}

// Per byte: its hex digit value (0-15), kBlankByte for C's isspace in the "C" locale (what
// sscanf's conversions skip), else kOtherByte. One table lookup per byte of the tables.
constexpr int8_t kBlankByte = -2, kOtherByte = -1;
struct ByteClasses {
  int8_t of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; c++) of[c] = kOtherByte;
    for (int c = '0'; c <= '9'; c++) of[c] = static_cast<int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; c++) of[c] = static_cast<int8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++) of[c] = static_cast<int8_t>(c - 'A' + 10);
    for (char c : {' ', '\t', '\n', '\v', '\f', '\r'}) of[static_cast<unsigned char>(c)] = kBlankByte;
  }
};
constexpr ByteClasses kBytes;

inline bool IsBlank(char c) { return kBytes.of[static_cast<unsigned char>(c)] == kBlankByte; }

inline int HexDigit(char c) { return kBytes.of[static_cast<unsigned char>(c)] >= 0 ? kBytes.of[static_cast<unsigned char>(c)] : -1; }

struct Cursor {
  const char* at;
  const char* end;

  void SkipBlanks() {
    while (at < end && IsBlank(*at)) at++;
  }
  bool Literal(char c) {
    if (at < end && *at == c) {
      at++;
      return true;
    }
    return false;
  }
  // sscanf's %X / %lX after its blanks: one or more hex digits.
  bool Hex(double* value) {
    SkipBlanks();
    uint64_t v = 0;
    const char* first = at;
    for (int d; at < end && (d = HexDigit(*at)) >= 0; at++) v = v * 16 + static_cast<uint64_t>(d);
    *value = static_cast<double>(v);
    return at != first;
  }
  // sscanf's %d / %lu after its blanks: an optional sign and one or more decimal digits.
  bool Decimal(double* value) {
    SkipBlanks();
    bool negative = at < end && *at == '-';
    if (at < end && (*at == '-' || *at == '+')) at++;
    uint64_t v = 0;
    const char* first = at;
    for (; at < end && *at >= '0' && *at <= '9'; at++) v = v * 10 + static_cast<uint64_t>(*at - '0');
    *value = negative ? -static_cast<double>(v) : static_cast<double>(v);
    return at != first;
  }
  // "%64[0-9A-Fa-f]:%X": an address of 8 hex digits (one little-endian word) or 32 (four),
  // stored as network-order bytes, then its port.
  bool Endpoint(uint8_t* bytes, int* family, double* port) {
    SkipBlanks();
    const char* first = at;
    while (at < end && HexDigit(*at) >= 0) at++;
    size_t digits = static_cast<size_t>(at - first);
    if (digits != 8 && digits != 32) return false;
    // Each 32-bit word was printed with %08X from host (little-endian) order: reverse its bytes.
    for (size_t word = 0; word < digits / 2; word += 4) {
      for (size_t i = 0; i < 4; i++) {
        const char* pair = first + (word + 3 - i) * 2;
        bytes[word + i] = static_cast<uint8_t>(HexDigit(pair[0]) * 16 + HexDigit(pair[1]));
      }
    }
    *family = digits == 8 ? 4 : 6;
    return Literal(':') && Hex(port);
  }
};

// Per row of an inet table: the nine numbers after the endpoints, in the file's order.
enum Value { kState, kTxQueue, kRxQueue, kTimerActive, kTimerExpires, kRetransmits, kUid, kTimeout, kInode, kValues };

// One inet table's rows, parsed off the JavaScript thread.
struct InetRows {
  int error = 0;                   // errno of opening or reading the file, else 0
  std::vector<uint8_t> addresses;  // 32 bytes a row: local then remote, 16 each
  std::vector<uint8_t> families;
  std::vector<uint32_t> ports;  // 2 a row
  std::vector<double> values;   // kValues a row
  uint32_t bogus = 0;
};

// The rows of one /proc/net/{tcp,udp,udplite,raw}{,6} file. A line with fewer than minFields of
// sscanf's conversions (11 for tcp, 10 for udp and raw, as net-tools requires) is bogus and
// skipped; fields after it read as 0.
InetRows ReadInet(const std::string& path, int minFields) {
  InetRows rows;
  FileBytes text;
  // A row is one seq_printf of fixed fields (tcp4_seq_show, tcp6_seq_show, udp_seq_show...): 150
  // bytes for IPv4, under 300 for IPv6; 1024 leaves room for any.
  if ((rows.error = ReadWhole(path, &text, 1024))) return rows;
  // A row of tcp, udp or raw is 128 bytes or more (150 with its IPv4 endpoints, more for IPv6).
  size_t expected = text.size / 128 + 1;
  rows.addresses.reserve(expected * 32);
  rows.families.reserve(expected);
  rows.ports.reserve(expected * 2);
  rows.values.reserve(expected * kValues);
  const char* end = text.data + text.size;
  const char* line = static_cast<const char*>(std::memchr(text.data, '\n', text.size));
  line = line == nullptr ? end : line + 1;  // the header
  while (line < end) {
    const char* eol = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (eol == nullptr) eol = end;
    Cursor cursor{line, eol};
    const char* next = eol < end ? eol + 1 : end;
    cursor.SkipBlanks();
    if (cursor.at == eol) {
      line = next;
      continue;
    }
    uint8_t local[16] = {}, remote[16] = {};
    int localFamily = 0, remoteFamily = 0;
    double localPort = 0, remotePort = 0, slot = 0;
    double numbers[kValues] = {};
    // Conversions that succeeded, counted as sscanf counts them: it stops at the first failure.
    int scanned = 0;
    if (cursor.Decimal(&slot) && cursor.Literal(':')) {
      scanned = 1;
      if (cursor.Endpoint(local, &localFamily, &localPort)) {
        scanned = 3;
        if (cursor.Endpoint(remote, &remoteFamily, &remotePort) && remoteFamily == localFamily) {
          scanned = 5;
          static const char kSeparator[kValues] = {0, 0, ':', 0, ':', 0, 0, 0, 0};
          for (int i = 0; i < kValues; i++) {
            if (kSeparator[i] && !cursor.Literal(kSeparator[i])) break;
            bool ok = i >= kUid ? cursor.Decimal(&numbers[i]) : cursor.Hex(&numbers[i]);
            if (!ok) {
              numbers[i] = 0;
              break;
            }
            scanned++;
          }
        }
      }
    }
    line = next;
    if (scanned < minFields || scanned < 5) {
      rows.bogus++;
      continue;
    }
    rows.addresses.insert(rows.addresses.end(), local, local + 16);
    rows.addresses.insert(rows.addresses.end(), remote, remote + 16);
    rows.families.push_back(static_cast<uint8_t>(localFamily));
    rows.ports.push_back(static_cast<uint32_t>(localPort));
    rows.ports.push_back(static_cast<uint32_t>(remotePort));
    rows.values.insert(rows.values.end(), numbers, numbers + kValues);
  }
  return rows;
}

Napi::Value InetToJs(Napi::Env env, const InetRows& rows) {
  if (rows.error) return Napi::Number::New(env, rows.error);
  size_t count = rows.families.size();
  auto addressArray = Napi::Uint8Array::New(env, rows.addresses.size());
  std::memcpy(addressArray.Data(), rows.addresses.data(), rows.addresses.size());
  auto familyArray = Napi::Uint8Array::New(env, count);
  std::memcpy(familyArray.Data(), rows.families.data(), count);
  auto portArray = Napi::Uint32Array::New(env, rows.ports.size());
  std::memcpy(portArray.Data(), rows.ports.data(), rows.ports.size() * sizeof(uint32_t));
  auto valueArray = Napi::Float64Array::New(env, rows.values.size());
  std::memcpy(valueArray.Data(), rows.values.data(), rows.values.size() * sizeof(double));
  Napi::Object out = Napi::Object::New(env);
  out.Set("count", Napi::Number::New(env, static_cast<double>(count)));
  out.Set("addresses", addressArray);
  out.Set("families", familyArray);
  out.Set("ports", portArray);
  out.Set("values", valueArray);
  out.Set("bogus", Napi::Number::New(env, rows.bogus));
  return out;
}

// inetTables([[path, minFields], ...]): each table's columns, or the errno of opening or reading
// it, in the order asked. The files are read two at a time (this thread and one more): each read
// of /proc/net/tcp or tcp6 walks every bucket of the kernel's established hash (sized by memory,
// not by sockets: 1.7 ms a read on 24 GiB even when empty), and the two walks overlap.
Napi::Value InetTables(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto list = info[0].As<Napi::Array>();
  std::vector<std::pair<std::string, int>> files;
  for (uint32_t i = 0; i < list.Length(); i++) {
    auto item = list.Get(i).As<Napi::Array>();
    files.emplace_back(item.Get(0u).As<Napi::String>().Utf8Value(), item.Get(1u).As<Napi::Number>().Int32Value());
  }
  std::vector<InetRows> tables(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) tables[i] = ReadInet(files[i].first, files[i].second);
  };
  std::thread helper;
  if (files.size() > 1) helper = std::thread(work);
  work();
  if (helper.joinable()) helper.join();
  auto out = Napi::Array::New(env, tables.size());
  for (size_t i = 0; i < tables.size(); i++) out.Set(static_cast<uint32_t>(i), InetToJs(env, tables[i]));
  return out;
}

// parseInt(field, 16) / parseInt(field, 10): an optional sign, for hex an optional 0x, one or more
// digits; what follows them is ignored. False when there are no digits.
bool ParseIntPrefix(const char* at, const char* end, int base, double* value) {
  bool negative = at < end && *at == '-';
  if (at < end && (*at == '-' || *at == '+')) at++;
  if (base == 16 && end - at >= 2 && at[0] == '0' && (at[1] | 0x20) == 'x') at += 2;
  double v = 0;
  const char* first = at;
  for (int d; at < end && (d = HexDigit(*at)) >= 0 && d < base; at++) v = v * base + d;
  *value = negative ? -v : v;
  return at != first;
}

// Per row of the unix table.
enum UnixValue { kRefCount, kProtocol, kFlags, kType, kUnixState, kUnixInode, kUnixValues };

// unixTable(path): /proc/net/unix split at C blanks as sscanf's "%s" splits it. The path is the
// eighth field (up to its first blank), kept as offsets into the returned bytes. Inode is NaN when
// the kernel's header has no Inode column. The errno when the file cannot be read.
Napi::Value UnixTable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  FileBytes text;
  if (int error = ReadWhole(info[0].As<Napi::String>().Utf8Value(), &text)) return Napi::Number::New(env, error);
  const char* begin = text.data;
  const char* end = begin + text.size;
  const char* headerEnd = static_cast<const char*>(std::memchr(begin, '\n', text.size));
  if (headerEnd == nullptr) headerEnd = end;
  bool hasInode = std::string(begin, headerEnd).find("Inode") != std::string::npos;
  std::vector<double> values;
  std::vector<uint32_t> paths;  // start and length of each row's path in the data
  // A row is 56 bytes or more (its path comes on top).
  values.reserve((text.size / 56 + 1) * kUnixValues);
  paths.reserve((text.size / 56 + 1) * 2);
  uint32_t bogus = 0;
  for (const char* line = headerEnd < end ? headerEnd + 1 : end; line < end;) {
    const char* eol = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
    if (eol == nullptr) eol = end;
    const char* fields[8][2];
    int count = 0;
    for (const char* at = line; at < eol && count < 8;) {
      while (at < eol && IsBlank(*at)) at++;
      if (at == eol) break;
      const char* start = at;
      while (at < eol && !IsBlank(*at)) at++;
      fields[count][0] = start;
      fields[count][1] = at;
      count++;
    }
    line = eol < end ? eol + 1 : end;
    double row[kUnixValues] = {};
    // A blank line is bogus too: sscanf returns EOF there (net-tools' unix_do_one).
    bool ok = count > 0 && fields[0][1][-1] == ':';
    for (int i = 1; i <= 5 && ok; i++) ok = i < count && ParseIntPrefix(fields[i][0], fields[i][1], 16, &row[i - 1]);
    if (!ok) {
      bogus++;
      continue;
    }
    if (!hasInode || count < 7 || !ParseIntPrefix(fields[6][0], fields[6][1], 10, &row[kUnixInode])) row[kUnixInode] = NAN;
    values.insert(values.end(), row, row + kUnixValues);
    paths.push_back(count > 7 ? static_cast<uint32_t>(fields[7][0] - begin) : 0);
    paths.push_back(count > 7 ? static_cast<uint32_t>(fields[7][1] - fields[7][0]) : 0);
  }
  auto valueArray = Napi::Float64Array::New(env, values.size());
  std::memcpy(valueArray.Data(), values.data(), values.size() * sizeof(double));
  auto pathArray = Napi::Uint32Array::New(env, paths.size());
  std::memcpy(pathArray.Data(), paths.data(), paths.size() * sizeof(uint32_t));
  Napi::Object out = Napi::Object::New(env);
  out.Set("count", Napi::Number::New(env, static_cast<double>(values.size() / kUnixValues)));
  out.Set("values", valueArray);
  out.Set("paths", pathArray);
  size_t size = text.size;
  // An empty file has no block worth keeping; a Buffer of length 0 needs none.
  if (size == 0) out.Set("data", Napi::Buffer<char>::New(env, 0));
  else out.Set("data", Napi::Buffer<char>::New(env, text.Release(), size, [](Napi::Env, char* data) { std::free(data); }));
  out.Set("hasInode", Napi::Boolean::New(env, hasInode));
  out.Set("bogus", Napi::Number::New(env, bogus));
  return out;
}

// ---- Names, each looked up once per process ----

using names::Service;
using names::kRaw;
using names::kTcp;
using names::kUdp;

// inet_ntop(AF_INET): four decimal bytes; written by hand, as glibc's goes through sprintf.
std::string Dotted(const uint8_t* bytes) {
  char text[INET_ADDRSTRLEN];
  char* at = text;
  for (int i = 0; i < 4; i++) {
    unsigned byte = bytes[i];
    if (i) *at++ = '.';
    if (byte >= 100) *at++ = static_cast<char>('0' + byte / 100);
    if (byte >= 10) *at++ = static_cast<char>('0' + byte / 10 % 10);
    *at++ = static_cast<char>('0' + byte % 10);
  }
  return std::string(text, static_cast<size_t>(at - text));
}

std::string Ipv6Text(const uint8_t* bytes) {
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes, text, sizeof text);
  return text;
}

// netstat -ee's user column: the passwd name, or the uid in decimal.
const std::string& UserText(double uid) {
  static std::unordered_map<double, std::string> cache;
  auto found = cache.find(uid);
  if (found != cache.end()) return found->second;
  passwd entry{};
  passwd* result = nullptr;
  std::vector<char> buffer(4096);
  while (getpwuid_r(static_cast<uid_t>(uid), &entry, buffer.data(), buffer.size(), &result) == ERANGE &&
         buffer.size() < (1u << 20)) {
    buffer.resize(buffer.size() * 2);
  }
  char number[32];
  std::snprintf(number, sizeof number, "%.0f", uid);
  return cache.emplace(uid, result && result->pw_name ? result->pw_name : number).first->second;
}

// ---- Rows ----

// The options that decide how a row looks, as bits (src/tools/netstat/render.ts builds them).
enum Flag {
  kAll = 1,
  kListening = 2,
  kNumericHosts = 4,
  kNumericPorts = 8,
  kNumericUsers = 16,
  kWide = 32,
  kPrograms = 64,
  kTimers = 128,
  kExtend = 256,  // -ee: the User and Inode columns
};

// The output bytes of a table: procread.h's growable buffer, which becomes the returned Buffer
// without a copy.
class Out {
 public:
  explicit Out(size_t capacity) { bytes_.Reserve(capacity ? capacity : 1); }

  size_t size() const { return bytes_.size(); }
  Out& append(const char* bytes, size_t length) {
    bytes_.Append(bytes, length);
    return *this;
  }
  Out& append(const char* text) { return append(text, std::strlen(text)); }
  Out& append(const std::string& text) { return append(text.data(), text.size()); }
  Out& append(const std::string& text, size_t from, size_t length) { return append(text.data() + from, std::min(length, text.size() - from)); }
  Out& append(size_t count, char c) {
    std::memset(bytes_.Reserve(count), c, count);
    bytes_.Commit(count);
    return *this;
  }
  // count copies of c at offset `at`, moving what follows.
  void insert(size_t at, size_t count, char c) {
    const size_t size = bytes_.size();
    char* data = bytes_.Reserve(count) - size;
    std::memmove(data + at + count, data + at, size - at);
    std::memset(data + at, c, count);
    bytes_.Commit(count);
  }
  Napi::Buffer<char> ToBuffer(Napi::Env env) {
    const size_t size = bytes_.size();
    if (size == 0) return Napi::Buffer<char>::New(env, 0);
    return Napi::Buffer<char>::New(env, bytes_.Release(), size, [](Napi::Env, char* bytes) { std::free(bytes); });
  }

 private:
  Bytes bytes_;
};

void Pad(Out* out, size_t from, size_t width) {
  size_t length = out->size() - from;
  if (length < width) out->append(width - length, ' ');
}

// printf("%.0f") of a column value. The values are integers (parsed from decimal or hex digits),
// so those below 2^53 are written as integers, without glibc's floating-point formatting.
void AppendNumber(Out* out, double value) {
  char text[352];  // %.0f of the largest double has 309 digits
  size_t length;
  if (value > -9007199254740992.0 && value < 9007199254740992.0 && value == std::trunc(value)) {
    bool negative = value < 0;
    uint64_t v = static_cast<uint64_t>(negative ? -value : value);
    char* end = text + sizeof text;
    char* at = end;
    do {
      *--at = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    // printf keeps the sign of -0.0 too.
    if (negative || std::signbit(value)) *--at = '-';
    length = static_cast<size_t>(end - at);
    out->append(at, length);
    return;
  }
  length = static_cast<size_t>(std::snprintf(text, sizeof text, "%.0f", value));
  out->append(text, length);
}

// printf("%*.0f", width, value): right-aligned in width.
void AppendNumberRight(Out* out, double value, size_t width) {
  size_t from = out->size();
  AppendNumber(out, value);
  size_t length = out->size() - from;
  if (length < width) out->insert(from, width - length, ' ');
}

bool IsZero(const uint8_t* bytes, size_t length) {
  for (size_t i = 0; i < length; i++)
    if (bytes[i]) return false;
  return true;
}

// INET_sprint / INET6_sprint: an address as netstat shows it.
std::string HostText(const uint8_t* bytes, int family, bool numeric) {
  if (family == 4) {
    if (numeric || IsZero(bytes, 4)) return Dotted(bytes);
    // net-tools treats an address whose first byte is 0 as a network (netmask 0xffffff00 on LE).
    if (bytes[0] == 0) {
      const std::string& name = names::Network(static_cast<uint32_t>(bytes[0]) << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
      return name.empty() ? Dotted(bytes) : name;
    }
    const std::string& name = names::Host(bytes, 4);
    return name.empty() ? Dotted(bytes) : name;
  }
  if (!numeric && IsZero(bytes, 16)) return "[::]";
  std::string text;
  if (!numeric) text = names::Host(bytes, 16);
  if (text.empty()) text = Ipv6Text(bytes);
  // net-tools' fix_v4_address: an IPv4-mapped address printed with a dotted tail shows as IPv4.
  bool mapped = IsZero(bytes, 10) && bytes[10] == 0xff && bytes[11] == 0xff;
  size_t dot = text.find('.');
  if (!mapped || dot == std::string::npos) return text;
  size_t colon = text.rfind(':', dot);
  return colon == std::string::npos ? text : text.substr(colon + 1);
}

// get_sname: "*" for port 0, the service name unless --numeric-ports, else the number.
std::string PortText(uint32_t port, Service service, bool numeric) {
  if (port == 0) return "*";
  if (!numeric)
    if (const std::string* name = names::ServiceOf(service, port)) return *name;
  return std::to_string(port);
}

// addr_do_one: "addr:port", cut to 23 bytes unless -W by keeping at most 18 bytes of the port,
// then padded to 23.
void AppendEndpoint(Out* out, const std::string& host, const std::string& port, bool wide) {
  size_t from = out->size();
  if (wide || host.size() + port.size() <= 22) {
    out->append(host).append(1, ':').append(port);
  } else {
    size_t portLength = std::min<size_t>(port.size(), 18);
    out->append(host, 0, 22 - portLength).append(1, ':').append(port, 0, portLength);
  }
  Pad(out, from, 23);
}

// Who holds each socket for -p: the fd scan's (inode, pid) pairs in /proc order, where the first
// pid holding an inode is the one netstat's cache keeps, and the "PID/name" label of each pid
// (already cut to netstat's 19 bytes) whose cmdline could be read.
class Owners {
 public:
  // Nothing is indexed for a table without rows, or without -p.
  Owners(const Napi::Value& holders, bool wanted) {
    if (!wanted || !holders.IsObject()) return;
    Napi::Object object = holders.As<Napi::Object>();
    auto inodes = object.Get("inodes").As<Napi::Float64Array>();
    auto pids = object.Get("pids").As<Napi::Int32Array>();
    auto labelPids = object.Get("labelPids").As<Napi::Int32Array>();
    auto labels = object.Get("labels").As<Napi::Array>();
    pidOf_.reserve(inodes.ElementLength());
    for (size_t i = 0; i < inodes.ElementLength(); i++)
      if (inodes[i] > 0 && inodes[i] < 18446744073709551616.0) pidOf_.emplace(static_cast<uint64_t>(inodes[i]), pids[i]);
    for (size_t i = 0; i < labelPids.ElementLength(); i++) {
      Napi::Value name = labels.Get(static_cast<uint32_t>(i));
      size_t length = 0;
      napi_get_value_string_latin1(name.Env(), name, nullptr, 0, &length);
      std::string text(length, '\0');
      napi_get_value_string_latin1(name.Env(), name, text.data(), length + 1, &length);
      labelOf_.emplace(labelPids[i], std::move(text));
    }
  }
  // "-" when nobody holds the inode or its first holder's cmdline could not be read.
  const std::string& Of(double inode) const {
    static const std::string kNone = "-";
    // The scan's inodes are positive; a row's may be anything a hostile table holds (or NaN).
    if (!(inode > 0 && inode < 18446744073709551616.0)) return kNone;
    auto pid = pidOf_.find(static_cast<uint64_t>(inode));
    if (pid == pidOf_.end()) return kNone;
    auto label = labelOf_.find(pid->second);
    return label == labelOf_.end() ? kNone : label->second;
  }

 private:
  // Inodes are whole numbers: keyed as integers, hashed as themselves (std::hash<double> hashes bytes).
  std::unordered_map<uint64_t, int32_t> pidOf_;
  std::unordered_map<int32_t, std::string> labelOf_;
};

// finish_this_one: the -e, -p and -o columns and the newline.
void Finish(Out* out, double uid, double inode, const Owners& owners, const char* timers, int flags) {
  if (flags & kExtend) {
    out->append(1, ' ');
    size_t from = out->size();
    if (flags & kNumericUsers) AppendNumber(out, uid);
    else out->append(UserText(uid));
    Pad(out, from, 10);
    out->append(1, ' ');
    from = out->size();
    AppendNumber(out, inode);
    Pad(out, from, 10);
  }
  if (flags & kPrograms) {
    out->append(1, ' ');
    size_t from = out->size();
    out->append(owners.Of(inode));
    Pad(out, from, 20);
  }
  if (flags & kTimers) out->append(1, ' ').append(timers);
  out->append(1, '\n');
}

const char* const kTcpStates[] = {"", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                                  "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

// The -o text of a socket: TCP's timer in clock ticks; UDP and raw divide by a fixed 100, and
// UDP's retransmit count is zeroed before printing.
std::string TimerText(Service service, const double* v, double clockTicks) {
  char text[128];
  double active = v[kTimerActive];
  double retransmits = service == kUdp ? 0 : v[kRetransmits];
  if (active == 0) {
    std::snprintf(text, sizeof text, "off (0.00/%.0f/%.0f)", retransmits, v[kTimeout]);
    return text;
  }
  std::string name;
  if (service == kTcp) {
    static const char* const kNames[] = {"off", "on", "keepalive", "timewait", "probe"};
    name = active < 5 ? kNames[static_cast<int>(active)] : "unkn-" + std::to_string(static_cast<uint64_t>(active));
  } else {
    name = active == 1 || active == 2 ? "on" + std::to_string(static_cast<int>(active)) : "unkn-" + std::to_string(static_cast<uint64_t>(active));
  }
  double seconds = v[kTimerExpires] / (service == kTcp ? clockTicks : 100);
  std::snprintf(text, sizeof text, " (%.2f/%.0f/%.0f)", seconds, retransmits, v[kTimeout]);
  return name + text;
}

// renderInet(table, proto, flags, clockTicks, holders): the rows netstat prints
// for one table, as bytes. Without -a, -l keeps what listens (no remote port for TCP, no remote
// address otherwise) and its absence the rest.
Napi::Value RenderInet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object table = info[0].As<Napi::Object>();
  std::string proto = info[1].As<Napi::String>().Utf8Value();
  int flags = info[2].As<Napi::Number>().Int32Value();
  double clockTicks = info[3].As<Napi::Number>().DoubleValue();
  size_t count = static_cast<size_t>(table.Get("count").As<Napi::Number>().Int64Value());
  Owners owners(info[4], count > 0 && (flags & kPrograms));
  const uint8_t* addresses = table.Get("addresses").As<Napi::Uint8Array>().Data();
  const uint8_t* families = table.Get("families").As<Napi::Uint8Array>().Data();
  const uint32_t* ports = table.Get("ports").As<Napi::Uint32Array>().Data();
  const double* values = table.Get("values").As<Napi::Float64Array>().Data();
  Service service = proto.rfind("tcp", 0) == 0 ? kTcp : proto.rfind("raw", 0) == 0 ? kRaw : kUdp;
  bool numericHosts = flags & kNumericHosts, numericPorts = flags & kNumericPorts, wide = flags & kWide;

  Out out(count * 128);
  for (size_t i = 0; i < count; i++) {
    const uint8_t* local = addresses + i * 32;
    const uint8_t* remote = local + 16;
    int family = families[i];
    const double* v = values + i * kValues;
    if (!(flags & kAll)) {
      bool listening = service == kTcp ? ports[2 * i + 1] == 0 : IsZero(remote, family == 4 ? 4 : 16);
      if (listening != static_cast<bool>(flags & kListening)) continue;
    }
    // TCP and raw print the protocol in 4 columns and two spaces, UDP in 5 and one: the same width.
    size_t from = out.size();
    out.append(proto);
    Pad(&out, from, service == kUdp ? 5 : 4);
    out.append(service == kUdp ? " " : "  ");
    AppendNumberRight(&out, v[kRxQueue], 6);
    out.append(1, ' ');
    AppendNumberRight(&out, v[kTxQueue], 6);
    out.append(1, ' ');
    AppendEndpoint(&out, HostText(local, family, numericHosts), PortText(ports[2 * i], service, numericPorts), wide);
    out.append(1, ' ');
    AppendEndpoint(&out, HostText(remote, family, numericHosts), PortText(ports[2 * i + 1], service, numericPorts), wide);
    out.append(1, ' ');
    from = out.size();
    double state = v[kState];
    if (service == kRaw) AppendNumber(&out, state);
    else if (service == kUdp) out.append(state == 1 ? "ESTABLISHED" : state == 7 ? "" : "UNKNOWN");
    else if (state < 12) out.append(kTcpStates[static_cast<int>(state)]);
    Pad(&out, from, 11);
    std::string timers = flags & kTimers ? TimerText(service, v, clockTicks) : "";
    Finish(&out, v[kUid], v[kInode], owners, timers.c_str(), flags);
  }
  return out.ToBuffer(env);
}

constexpr uint64_t kAcceptCon = 1 << 16;

// renderUnix(table, flags, holders): unix_do_one's rows as bytes.
Napi::Value RenderUnix(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object table = info[0].As<Napi::Object>();
  int flags = info[1].As<Napi::Number>().Int32Value();
  size_t count = static_cast<size_t>(table.Get("count").As<Napi::Number>().Int64Value());
  Owners owners(info[2], count > 0 && (flags & kPrograms));
  const double* values = table.Get("values").As<Napi::Float64Array>().Data();
  const uint32_t* paths = table.Get("paths").As<Napi::Uint32Array>().Data();
  const char* data = table.Get("data").As<Napi::Buffer<char>>().Data();
  bool hasInode = table.Get("hasInode").As<Napi::Boolean>().Value();
  static const char* const kTypes[] = {"UNKNOWN", "STREAM", "DGRAM", "RAW", "RDM", "SEQPACKET"};
  static const char* const kStates[] = {"FREE", "", "CONNECTING", "CONNECTED", "DISCONNECTING"};

  Out out(count * 96);
  for (size_t i = 0; i < count; i++) {
    const double* v = values + i * kUnixValues;
    // JavaScript's `flags & (1 << 16)` on the parsed number: its low 32 bits.
    uint64_t socketFlags = static_cast<uint64_t>(static_cast<int64_t>(v[kFlags]));
    bool listener = v[kUnixState] == 1 && (socketFlags & kAcceptCon);
    if (!(flags & kAll) && listener != static_cast<bool>(flags & kListening)) continue;
    size_t from = out.size();
    out.append(v[kProtocol] == 0 ? "unix" : "??");
    Pad(&out, from, 5);
    out.append(1, ' ');
    from = out.size();
    AppendNumber(&out, v[kRefCount]);
    Pad(&out, from, 6);
    out.append(1, ' ');
    from = out.size();
    out.append("[ ");
    if (socketFlags & kAcceptCon) out.append("ACC ");
    if (socketFlags & (1 << 17)) out.append("W ");
    if (socketFlags & (1 << 18)) out.append("N ");
    out.append("]");
    Pad(&out, from, 11);
    out.append(1, ' ');
    from = out.size();
    double type = v[kType];
    out.append(type >= 1 && type <= 5 ? kTypes[static_cast<int>(type)] : "UNKNOWN");
    Pad(&out, from, 10);
    out.append(1, ' ');
    from = out.size();
    double state = v[kUnixState];
    if (state == 1) out.append(socketFlags & kAcceptCon ? "LISTENING" : "");
    else out.append(state >= 0 && state <= 4 ? kStates[static_cast<int>(state)] : "UNKNOWN");
    Pad(&out, from, 13);
    out.append(1, ' ');
    from = out.size();
    double inode = v[kUnixInode];
    if (hasInode) AppendNumber(&out, std::isnan(inode) ? 0 : inode);
    else out.append("-");
    Pad(&out, from, 8);
    if (flags & kPrograms) {
      out.append(1, ' ');
      from = out.size();
      out.append(hasInode ? owners.Of(inode) : "-");
      Pad(&out, from, 20);
    }
    out.append(1, ' ');
    // Without an Inode column the kernel's line has no path either.
    if (hasInode) out.append(data + paths[2 * i], paths[2 * i + 1]);
    out.append(1, '\n');
  }
  return out.ToBuffer(env);
}

}  // namespace

void RegisterSockets(Napi::Env env, Napi::Object exports) {
  exports.Set("inetTables", Napi::Function::New(env, InetTables, "inetTables"));
  exports.Set("unixTable", Napi::Function::New(env, UnixTable, "unixTable"));
  exports.Set("renderInet", Napi::Function::New(env, RenderInet, "renderInet"));
  exports.Set("renderUnix", Napi::Function::New(env, RenderUnix, "renderUnix"));
}
