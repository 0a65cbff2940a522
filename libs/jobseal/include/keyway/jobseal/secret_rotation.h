#pragma once
// S7: a lock's new secret travels in its rotation job sealed under a key
// derived from the lock's current secret, so that only that lock (and
// access, which made it) can open it.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::jobseal {

std::string SealNewSecret(const std::string& current_secret, const std::string& new_secret);
// DATA_LOSS when altered, or sealed under another secret.
absl::StatusOr<std::string> OpenNewSecret(const std::string& current_secret,
                                          const std::string& sealed);

}  // namespace keyway::jobseal
