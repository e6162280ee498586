// Sums over a /proc/PID/smaps text, for psutil's memory_full_info() fallback and for smem.
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
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

// Fills `out` and answers true for a file in the kernel's own layout only; anything else
// (invalid UTF-8 or a carriage return, which smem's text decoding would change, an unknown line,
// a start address seen twice, which smem's dict would fold) answers false, and the caller parses
// the file the long way.
inline bool SumSmemTotals(const char* p, const char* end, double* out) {
  static const char* const kKeys[] = {"Size", "Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
                                      "Private_Dirty", "Referenced", "Swap"};
  constexpr size_t kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);
  static_assert(kKeyCount + 2 == kSmemTotalsWidth, "layout");
  if (std::memchr(p, '\r', static_cast<size_t>(end - p)) != nullptr) return false;
  if (!smaps_detail::IsUtf8(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end))) {
    return false;
  }
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
        if (q != dash && !std::isxdigit(static_cast<unsigned char>(*q))) return false;
      }
      starts.emplace_back(p, dash);
      mappings++;
      inMapping = true;
    } else if (colon != nullptr && colon > p && (space == nullptr || colon < space)) {
      const size_t length = static_cast<size_t>(line_end - p);
      if (length >= 3 && std::memcmp(line_end - 3, " kB", 3) == 0) {
        if (!inMapping) return false;
        const char* q = colon + 1;
        while (q < line_end && *q == ' ') q++;
        double value = 0;
        const char* digits = q;
        while (q < line_end && *q >= '0' && *q <= '9') value = value * 10 + (*q++ - '0');
        if (q == digits || q + 3 != line_end) return false;
        const size_t keyLength = static_cast<size_t>(colon - p);
        if (keyLength >= 3 && std::memcmp(p, "Pss", 3) == 0) hasPss = true;
        for (size_t k = 0; k < kKeyCount; k++) {
          if (std::strlen(kKeys[k]) == keyLength && std::memcmp(kKeys[k], p, keyLength) == 0) sums[k] += value;
        }
      }
      // Other "Key: words" lines (VmFlags, THPeligible) are neither figures nor mappings.
    } else {
      return false;
    }
    p = line_end + 1;
  }
  std::sort(starts.begin(), starts.end());
  if (std::adjacent_find(starts.begin(), starts.end()) != starts.end()) return false;
  std::copy(sums, sums + kKeyCount, out);
  out[kKeyCount] = mappings;
  out[kKeyCount + 1] = hasPss ? 1 : 0;
  return true;
}
