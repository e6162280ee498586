// Reading /proc files straight into growable byte buffers, shared by the batch reader
// (procscan.cc) and the process scan (scan.cc).
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

// A growable byte buffer that, unlike std::vector<char>, does not zero what it is about to
// read into: that memset would cost as much as the copy it avoids.
class Bytes {
 public:
  Bytes() = default;
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;
  Bytes(Bytes&& other) noexcept : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  ~Bytes() { std::free(data_); }

  // Room for `count` more bytes at end(); the caller then commits what it wrote.
  char* Reserve(size_t count) {
    if (size_ + count > capacity_) {
      size_t capacity = std::max(capacity_ * 2, size_ + count);
      char* grown = static_cast<char*>(std::realloc(data_, capacity));
      if (grown == nullptr) throw std::bad_alloc();
      data_ = grown;
      capacity_ = capacity;
    }
    return data_ + size_;
  }
  void Commit(size_t count) { size_ += count; }
  void Append(const char* bytes, size_t count) {
    std::memcpy(Reserve(count), bytes, count);
    Commit(count);
  }
  // Hands the malloc'd block to the caller (who frees it); the buffer is empty after.
  char* Release() {
    char* data = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return data;
  }
  // Drops the bytes from `size` on (a scratch buffer is reused for the next file).
  void Truncate(size_t size) { size_ = std::min(size, size_); }
  const char* data() const { return data_; }
  char* data() { return data_; }
  size_t size() const { return size_; }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

constexpr size_t kReadSize = 4096;

// stat, statm, status and smaps_rollup are generated whole by one show() (single_open; for
// smaps_rollup, smaps_rollup_open in fs/proc/task_mmu.c): the first short read is their end, and the read that would return 0 can be skipped (as procps' file2str does).
// cmdline too: the kernel's get_mm_cmdline (fs/proc/base.c) keeps copying until the request is
// filled or the argument area ends, so a short read is the end. Other files, such as smaps, come
// a record at a time, so only 0 ends them.
inline bool EndsAtShortRead(const std::string& name) {
  return name == "stat" || name == "statm" || name == "status" || name == "cmdline" || name == "smaps_rollup";
}

// Appends the whole of PATH to `out` (no intermediate copies), `chunk` bytes per read at most.
// Returns 0 or the errno of the open or of a read; on a failed read the bytes read so far stay in
// `out`.
inline int ReadWhole(const char* path, bool endsAtShortRead, Bytes* out, size_t chunk = kReadSize) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = 0;
  for (;;) {
    ssize_t count = read(fd, out->Reserve(chunk), chunk);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      error = errno;
      break;
    }
    out->Commit(static_cast<size_t>(count));
    if (count == 0 || (endsAtShortRead && static_cast<size_t>(count) < chunk)) break;
  }
  close(fd);
  return error;
}
