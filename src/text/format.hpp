#pragma once
// Filling a catalogue message's `{}` placeholders (private to src/: fmt stays out of the public
// headers).

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "tieuchi/text/messages.hpp"

namespace tieuchi::text {

/// Message `id` in `lang` with its placeholders filled by `args`, in order.
template <class... Args>
std::string tr(std::string_view id, Lang lang, Args&&... args) {
  std::string_view pattern = message(id, lang);
  if constexpr (sizeof...(Args) == 0) return std::string(pattern);
  else return fmt::format(fmt::runtime(pattern), std::forward<Args>(args)...);
}

}  // namespace tieuchi::text
