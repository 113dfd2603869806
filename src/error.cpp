#include "tieuchi/error.hpp"

namespace tieuchi {

Error::Error(Diagnostics diagnostics)
    : std::runtime_error(diagnostics.format()), diagnostics_(std::move(diagnostics)) {}

Error::Error(const std::string& message) : std::runtime_error(message) {}

}  // namespace tieuchi
