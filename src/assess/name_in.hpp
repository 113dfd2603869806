#pragma once
// A pack's name of a node in the reader's language (private to src/assess/).

#include <string>

#include "tieuchi/model/pack.hpp"
#include "tieuchi/text/messages.hpp"

namespace tieuchi::assess {

/// The Vietnamese name when asked for and present, else the best one (English, else Vietnamese).
inline const std::string& name_in(const model::Name& name, text::Lang lang) {
  return lang == text::Lang::vi && !name.vi.empty() ? name.vi : name.best();
}

}  // namespace tieuchi::assess
