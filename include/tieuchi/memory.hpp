#pragma once
/// @file memory.hpp
/// The storage of large result columns (tieuchi::Column's values): a std::vector whose buffers of
/// 1 MiB and more come from the library's result cache (assess::set_result_cache) — whole pages,
/// transparent huge pages asked for from 8 MiB, and kept when freed for the next result — instead of fresh
/// memory from the kernel every call, which a million-row table pays for in page faults (tens of
/// thousands of them) more than for its values. Smaller buffers are plain operator new.

#include <cstddef>
#include <new>
#include <vector>

#include "tieuchi/export.hpp"

namespace tieuchi {

/// Buffers of at least this many bytes go through the result cache.
inline constexpr std::size_t large_buffer_bytes = std::size_t{1} << 20;
/// At least `bytes` bytes (uninitialised) from the result cache: what LargeAllocator calls for a
/// large buffer. Throws std::bad_alloc.
TIEUCHI_API void* allocate_large_buffer(std::size_t bytes);
/// Returns a block from allocate_large_buffer() to the cache (null: nothing).
TIEUCHI_API void free_large_buffer(void* p) noexcept;

/// A stateless allocator: buffers of large_buffer_bytes bytes or more from the result cache,
/// others from operator new. Every instance is equal, so containers move and swap freely.
template <class T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() noexcept = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= large_buffer_bytes) return static_cast<T*>(allocate_large_buffer(bytes));
    return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) >= large_buffer_bytes) free_large_buffer(p);
    else ::operator delete(p, std::align_val_t{alignof(T)});
  }
  template <class U>
  bool operator==(const LargeAllocator<U>&) const noexcept { return true; }
};

/// A column's values: a std::vector with LargeAllocator (reads, iterates and grows as one).
template <class T>
using ColumnVector = std::vector<T, LargeAllocator<T>>;

}  // namespace tieuchi
