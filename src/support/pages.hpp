#pragma once
// Large result arrays in whole pages (private to src/): aligned to 2 MiB and marked for
// transparent huge pages when they are large, so that first touching a million units' statuses
// costs a few hundred page faults instead of tens of thousands (Linux); and kept, when freed, up
// to a cap, for the next result (assess::set_result_cache).

#include <cstddef>

namespace tieuchi::support {

/// At least `bytes` bytes (uninitialised), freed with free_pages(). Throws std::bad_alloc.
void* allocate_pages(std::size_t bytes);
void free_pages(void* p) noexcept;
/// Sets how many bytes of freed blocks are kept for reuse (0: none); returns the previous cap.
std::size_t set_page_cache(std::size_t bytes);

}  // namespace tieuchi::support
