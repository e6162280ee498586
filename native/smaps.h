// Sums over a /proc/PID/smaps text, for psutil's memory_full_info() fallback and for smem.
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

namespace smaps_detail {

// The value of "Key:   N kB" after the colon at `p`; advances past the digits.
inline uint64_t ReadKb(const char*& p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  uint64_t value = 0;
  while (p < end && *p >= '0' && *p <= '9') value = value * 10 + static_cast<uint64_t>(*p++ - '0');
  return value;
}

inline bool StartsWith(const char* p, const char* end, const char* prefix, size_t length) {
  return static_cast<size_t>(end - p) >= length && std::memcmp(p, prefix, length) == 0;
}

// Strict UTF-8 as Python decodes it (no overlong forms, no surrogates, nothing above U+10FFFF).
inline bool IsUtf8(const unsigned char* p, const unsigned char* end) {
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      p++;
      continue;
    }
    size_t n;
    uint32_t min;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2, min = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3, min = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) < n) return false;
    for (size_t k = 1; k < n; k++) {
      if ((p[k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    p += n;
  }
  return true;
}

// The high bit of each zero byte of x; below the lowest zero byte no bit is set, so the lowest
// set bit marks the first zero byte exactly (higher ones may be false: a borrow runs upward).
inline uint64_t ZeroBytes(uint64_t x) {
  return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

constexpr uint64_t Repeat(char c) { return 0x0101010101010101ull * static_cast<unsigned char>(c); }

// Strict UTF-8 without a carriage return (smem decodes text with universal newlines): eight
// bytes at a time for the carriage return and for bytes above 0x7f; IsUtf8 then judges a text
// that has any.
inline bool PlainText(const char* p, const char* end) {
  uint64_t high = 0;
  const char* q = p;
  for (; end - q >= 8; q += 8) {
    uint64_t word;
    std::memcpy(&word, q, 8);
    if (ZeroBytes(word ^ Repeat('\r')) != 0) return false;
    high |= word;
  }
  for (; q < end; q++) {
    if (*q == '\r') return false;
    high |= static_cast<unsigned char>(*q);
  }
  return (high & Repeat('\x80')) == 0 ||
         IsUtf8(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end));
}

}  // namespace smaps_detail

// USS is every "Private*:" line, PSS the "Pss:" lines and swap the "Swap:" lines, in kB.
struct SmapsFootprint {
  uint64_t uss = 0;
  uint64_t pss = 0;
  uint64_t swap = 0;
};

inline SmapsFootprint SumSmapsFootprint(const char* p, const char* end) {
  using smaps_detail::ReadKb;
  using smaps_detail::StartsWith;
  SmapsFootprint sums;
  while (p < end) {
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    if (*p == 'P') {
      if (StartsWith(p, line_end, "Pss:", 4)) {
        p += 4;
        sums.pss += ReadKb(p, line_end);
      } else if (StartsWith(p, line_end, "Private", 7)) {
        const char* colon = static_cast<const char*>(std::memchr(p, ':', static_cast<size_t>(line_end - p)));
        if (colon != nullptr) {
          p = colon + 1;
          sums.uss += ReadKb(p, line_end);
        }
      }
    } else if (*p == 'S' && StartsWith(p, line_end, "Swap:", 5)) {
      p += 5;
      sums.swap += ReadKb(p, line_end);
    }
    p = line_end + 1;
  }
  return sums;
}

// smem's sums over one smaps file, for its process and user views: size, rss, pss,
// shared_clean, shared_dirty, private_clean, private_dirty, referenced, swap (kB), the number of
// mappings, and 1 when a Pss line was seen.
constexpr size_t kSmemTotalsWidth = 11;

namespace smaps_detail {

inline bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Eight bytes at p as one word, little-endian (byte k in bits 8k..8k+7).
inline uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  word = __builtin_bswap64(word);
#endif
  return word;
}


// True when p starts with the literal `text` (compared inline: a memcmp call costs more here).
template <size_t N>
inline bool Is(const char* p, const char (&text)[N]) {
#pragma GCC unroll 16
  for (size_t k = 0; k + 1 < N; k++) {
    if (p[k] != text[k]) return false;
  }
  return true;
}

// The slot of smem's sums a "Key" adds to, or -1.
inline int SmemKey(const char* key, size_t length) {
  switch (length) {
    case 3:
      return Is(key, "Rss") ? 1 : Is(key, "Pss") ? 2 : -1;
    case 4:
      return Is(key, "Size") ? 0 : Is(key, "Swap") ? 8 : -1;
    case 10:
      return Is(key, "Referenced") ? 7 : -1;
    case 12:
      return Is(key, "Shared_Clean") ? 3 : Is(key, "Shared_Dirty") ? 4 : -1;
    case 13:
      return Is(key, "Private_Clean") ? 5 : Is(key, "Private_Dirty") ? 6 : -1;
    default:
      return -1;
  }
}

// The "Key:" columns of the figure lines the kernel prints (fs/proc/task_mmu.c), each padded to
// 16 bytes as printed, as two words, in a small open-addressed table: a figure line is known by
// its first 16 bytes with two comparisons.
struct KnownKey {
  uint64_t first = 0, second = 0;
  uint8_t length = 0;  // 0: an empty entry
  int8_t slot = -1;    // SmemKey's
  bool pss = false;    // starts with "Pss"
  bool privateKey = false;  // starts with "Private"
};

class KnownKeys {
 public:
  KnownKeys() {
    for (const char* name : {"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty", "Pss_Anon", "Pss_File",
                             "Pss_Shmem", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
                             "Anonymous", "KSM", "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
                             "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss", "Locked"}) {
      char padded[16];
      std::memset(padded, ' ', 16);
      const size_t length = std::strlen(name);
      std::memcpy(padded, name, length);
      padded[length] = ':';
      KnownKey key;
      key.first = Load8(padded);
      key.second = Load8(padded + 8);
      key.length = static_cast<uint8_t>(length);
      key.slot = static_cast<int8_t>(SmemKey(name, length));
      key.pss = length >= 3 && Is(name, "Pss");
      key.privateKey = length >= 7 && Is(name, "Private");
      size_t at = Slot(key.first, key.second);
      while (entries_[at].length != 0) at = (at + 1) % kSize;
      entries_[at] = key;
    }
  }

  // The key whose column these 16 bytes are, or null.
  const KnownKey* Find(uint64_t first, uint64_t second) const {
    for (size_t at = Slot(first, second);; at = (at + 1) % kSize) {
      const KnownKey& key = entries_[at];
      if (key.length == 0) return nullptr;
      if (key.first == first && key.second == second) return &key;
    }
  }

 private:
  static constexpr size_t kSize = 64;
  static size_t Slot(uint64_t first, uint64_t second) {
    return static_cast<size_t>(((first ^ (second * 0x9e3779b97f4a7c15ull)) * 0xbf58476d1ce4e5b9ull) >> 58);
  }
  KnownKey entries_[kSize];
};

inline const KnownKeys& Known() {
  static const KnownKeys keys;
  return keys;
}

}  // namespace smaps_detail

// Fills `out` and answers true for a file in the kernel's own layout only; anything else
// (invalid UTF-8 or a carriage return, which smem's text decoding would change, an unknown line,
// a start address seen twice, which smem's dict would fold) answers false, and the caller parses
// the file the long way. One pass over the lines: a line is a mapping ("start-end perms ...",
// its first word hex digits and a dash) or a "Key:" line, of which those ending in " kB" are
// figures. Nearly every line is a figure, "Key:<spaces>N kB": it is read left to right in one
// go, and only the other lines are searched for their end.
inline bool SumSmemTotals(const char* p, const char* end, double* out, SmapsFootprint* footprint = nullptr) {
  using smaps_detail::Is;
  using smaps_detail::IsHex;
  using smaps_detail::Load8;
  using smaps_detail::ReadKb;
  using smaps_detail::Repeat;
  using smaps_detail::ZeroBytes;
  SmapsFootprint own;
  constexpr size_t kKeyCount = kSmemTotalsWidth - 2;
  double sums[kKeyCount] = {0};
  double mappings = 0;
  bool hasPss = false;
  bool inMapping = false;
  bool ascending = true;
  // Reused by each thread: a process has tens to thousands of mappings.
  thread_local std::vector<uint64_t> starts;
  starts.clear();
  // One figure: smem's sums, whether a Pss line was seen, and psutil's sums (every Private*
  // line, the Pss lines and the Swap lines).
  auto addFigure = [&](int slot, bool pss, bool privateKey, double value, uint64_t whole) {
    if (pss) hasPss = true;
    if (slot >= 0) sums[slot] += value;
    if (privateKey) {
      own.uss += whole;
    } else if (slot == 2) {
      own.pss += whole;
    } else if (slot == 8) {
      own.swap += whole;
    }
  };
  const smaps_detail::KnownKeys& known = smaps_detail::Known();
  while (p < end) {
    // The kernel prints a figure as "Key:" padded to 16 columns, the number right-aligned in 8,
    // and " kB" (fs/proc/task_mmu.c, SEQ_PUT_DEC): a line of 28 bytes whose first 16 are one of
    // the known keys' columns is read here a word at a time, and is ASCII by construction.
    if (inMapping && end - p >= 28 && p[24] == ' ' && p[25] == 'k' && p[26] == 'B' && p[27] == '\n') {
      const smaps_detail::KnownKey* key = known.Find(Load8(p), Load8(p + 8));
      const uint64_t number = Load8(p + 16) ^ Repeat(' ');
      if (key != nullptr && number != 0) {
        const char* v = p + 16 + (__builtin_ctzll(number) >> 3);
        uint64_t whole = 0;
        for (; v < p + 24 && *v >= '0' && *v <= '9'; v++) whole = whole * 10 + static_cast<uint64_t>(*v - '0');
        if (v == p + 24) {
          // At most 8 digits: the double is exact, as summing them digit by digit would be.
          addFigure(key->slot, key->pss, key->privateKey, static_cast<double>(whole), whole);
          p += 28;
          continue;
        }
      }
    }
    // Any other line is read the long way, and must be text as smem decodes it (checked line by
    // line: a UTF-8 sequence cannot span a newline).
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    if (!smaps_detail::PlainText(p, line_end)) return false;
    // The first word: up to a space or a colon.
    const char* q = p;
    const char* dash = nullptr;
    for (; line_end - q >= 8; q += 8) {
      const uint64_t word = Load8(q);
      const uint64_t stops = ZeroBytes(word ^ Repeat(' ')) | ZeroBytes(word ^ Repeat(':'));
      const uint64_t dashes = ZeroBytes(word ^ Repeat('-'));
      const uint64_t before = stops == 0 ? ~0ull : (stops & -stops) - 1;  // the bits below the first stop
      if (dash == nullptr && (dashes & before) != 0) dash = q + (__builtin_ctzll(dashes) >> 3);
      if (stops != 0) {
        q += __builtin_ctzll(stops) >> 3;
        break;
      }
    }
    if (line_end - q < 8) {
      while (q < line_end && *q != ' ' && *q != ':') {
        if (*q == '-' && dash == nullptr) dash = q;
        q++;
      }
    }
    if (q < line_end && *q == ':' && q > p) {
      const size_t keyLength = static_cast<size_t>(q - p);
      const char* v = q + 1;
      while (v < line_end && *v == ' ') v++;
      const char* digits = v;
      double value = 0;
      uint64_t whole = 0;
      while (v < line_end && *v >= '0' && *v <= '9') {
        value = value * 10 + (*v - '0');
        whole = whole * 10 + static_cast<uint64_t>(*v++ - '0');
      }
      if (line_end - p >= 3 && Is(line_end - 3, " kB")) {
        // A figure, or a line not in the kernel's layout.
        if (v == digits || v + 3 != line_end || !inMapping) return false;
        addFigure(smaps_detail::SmemKey(p, keyLength), keyLength >= 3 && Is(p, "Pss"), keyLength >= 7 && Is(p, "Private"), value, whole);
      } else if (*p == 'P' || *p == 'S') {
        // Other "Key: words" lines (VmFlags, THPeligible) are neither figures nor mappings; but
        // psutil's sums take any Pss:, Private*: and Swap: line, figure or not.
        const char* w = q + 1;
        if (keyLength == 3 && Is(p, "Pss")) {
          own.pss += ReadKb(w, line_end);
        } else if (keyLength >= 7 && Is(p, "Private")) {
          own.uss += ReadKb(w, line_end);
        } else if (keyLength == 4 && Is(p, "Swap")) {
          own.swap += ReadKb(w, line_end);
        }
      }
      p = line_end + 1;
      continue;
    }
    if (q < line_end && *q == ' ' && dash != nullptr) {
      // "start-end perms offset dev inode [path]": a new mapping, keyed by its start.
      uint64_t start = 0;
      for (const char* h = p; h < q; h++) {
        if (h != dash && !IsHex(*h)) return false;
      }
      if (dash - p > 16) return false;
      for (const char* h = p; h < dash; h++) start = start * 16 + static_cast<uint64_t>(*h <= '9' ? *h - '0' : (*h | 0x20) - 'a' + 10);
      if (!starts.empty() && start <= starts.back()) ascending = false;
      starts.push_back(start);
      mappings++;
      inMapping = true;
      p = line_end + 1;
      continue;
    }
    return false;
  }
  if (!ascending) {
    std::sort(starts.begin(), starts.end());
    if (std::adjacent_find(starts.begin(), starts.end()) != starts.end()) return false;
  }
  std::copy(sums, sums + kKeyCount, out);
  out[kKeyCount] = mappings;
  out[kKeyCount + 1] = hasPss ? 1 : 0;
  if (footprint != nullptr) *footprint = own;
  return true;
}

// psutil's and smem's sums of one smaps file in one pass when it is in the kernel's layout; the
// footprint alone, the long way, when smem's sums are not to be had.
inline bool SumSmapsFile(const char* p, const char* end, SmapsFootprint* footprint, double* smem) {
  if (SumSmemTotals(p, end, smem, footprint)) return true;
  *footprint = SumSmapsFootprint(p, end);
  return false;
}
