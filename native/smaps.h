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

// Strict UTF-8 without a carriage return (smem decodes text with universal newlines): ASCII is
// checked eight bytes at a time, the rest by IsUtf8.
inline bool PlainText(const char* p, const char* end) {
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kCr = 0x0d0d0d0d0d0d0d0dull;
  bool ascii = true;
  const char* q = p;
  for (; q + 8 <= end; q += 8) {
    uint64_t word;
    std::memcpy(&word, q, 8);
    uint64_t cr = word ^ kCr;
    if (((cr - kOnes) & ~cr & kHigh) != 0) return false;
    if ((word & kHigh) != 0) ascii = false;
  }
  for (; q < end; q++) {
    if (*q == '\r') return false;
    if (static_cast<unsigned char>(*q) >= 0x80) ascii = false;
  }
  return ascii || IsUtf8(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end));
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

// The slot of smem's sums a "Key" adds to, or -1.
inline int SmemKey(const char* key, size_t length) {
  auto is = [&](const char* name, size_t n) { return length == n && std::memcmp(key, name, n) == 0; };
  switch (length) {
    case 3:
      return is("Rss", 3) ? 1 : is("Pss", 3) ? 2 : -1;
    case 4:
      return is("Size", 4) ? 0 : is("Swap", 4) ? 8 : -1;
    case 10:
      return is("Referenced", 10) ? 7 : -1;
    case 12:
      return is("Shared_Clean", 12) ? 3 : is("Shared_Dirty", 12) ? 4 : -1;
    case 13:
      return is("Private_Clean", 13) ? 5 : is("Private_Dirty", 13) ? 6 : -1;
    default:
      return -1;
  }
}

inline bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace smaps_detail

// Fills `out` and answers true for a file in the kernel's own layout only; anything else
// (invalid UTF-8 or a carriage return, which smem's text decoding would change, an unknown line,
// a start address seen twice, which smem's dict would fold) answers false, and the caller parses
// the file the long way. One pass over the lines: a line is a mapping ("start-end perms ...",
// its first word hex digits and a dash) or a "Key:" line, of which those ending in " kB" are
// figures.
inline bool SumSmemTotals(const char* p, const char* end, double* out, SmapsFootprint* footprint = nullptr) {
  using smaps_detail::IsHex;
  SmapsFootprint own;
  constexpr size_t kKeyCount = kSmemTotalsWidth - 2;
  if (!smaps_detail::PlainText(p, end)) return false;
  double sums[kKeyCount] = {0};
  double mappings = 0;
  bool hasPss = false;
  bool inMapping = false;
  bool ascending = true;
  std::vector<uint64_t> starts;
  while (p < end) {
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    // The first word: up to a space or a colon.
    const char* q = p;
    const char* dash = nullptr;
    while (q < line_end && *q != ' ' && *q != ':') {
      if (*q == '-' && dash == nullptr) dash = q;
      q++;
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
    } else if (q < line_end && *q == ':' && q > p) {
      const char* colon = q;
      const size_t length = static_cast<size_t>(line_end - p);
      if (length >= 3 && std::memcmp(line_end - 3, " kB", 3) == 0) {
        if (!inMapping) return false;
        const char* v = colon + 1;
        while (v < line_end && *v == ' ') v++;
        double value = 0;
        const char* digits = v;
        while (v < line_end && *v >= '0' && *v <= '9') value = value * 10 + (*v++ - '0');
        if (v == digits || v + 3 != line_end) return false;
        const size_t keyLength = static_cast<size_t>(colon - p);
        if (keyLength >= 3 && std::memcmp(p, "Pss", 3) == 0) hasPss = true;
        int slot = smaps_detail::SmemKey(p, keyLength);
        if (slot >= 0) sums[slot] += value;
      }
      // Other "Key: words" lines (VmFlags, THPeligible) are neither figures nor mappings; but
      // psutil's sums take any Pss:, Private*: and Swap: line, figure or not.
      if (*p == 'P' || *p == 'S') {
        const size_t keyLength = static_cast<size_t>(colon - p);
        const char* v = colon + 1;
        if (keyLength == 3 && std::memcmp(p, "Pss", 3) == 0) {
          own.pss += smaps_detail::ReadKb(v, line_end);
        } else if (keyLength >= 7 && std::memcmp(p, "Private", 7) == 0) {
          own.uss += smaps_detail::ReadKb(v, line_end);
        } else if (keyLength == 4 && std::memcmp(p, "Swap", 4) == 0) {
          own.swap += smaps_detail::ReadKb(v, line_end);
        }
      }
    } else {
      return false;
    }
    p = line_end + 1;
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
