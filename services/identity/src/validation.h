#pragma once
// Checks of user input at the edge: each returns INVALID_ARGUMENT with a
// message that says what is wrong and what is expected.

#include <string>

#include "absl/status/statusor.h"
#include "keyway/contact/contact.h"

namespace keyway::identity {

inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxQueryLength = 200;

using contact::NormalizeEmail;
using contact::NormalizeMobile;

// A person's name: 1-200 characters, trimmed, no control characters.
absl::StatusOr<std::string> NormalizeName(const std::string& name);
// An organisation id: 1-64 of letters, digits, '-' and '_'.
absl::Status ValidateOrganisationId(const std::string& id);

}  // namespace keyway::identity
