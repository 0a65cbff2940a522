#pragma once
// Checks of user input at the edge: each returns INVALID_ARGUMENT with a
// message that says what is wrong and what is expected.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::identity {

inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxQueryLength = 200;

// Trims and lower-cases; refuses what is not a plausible address.
absl::StatusOr<std::string> NormalizeEmail(const std::string& email);
// An international number, spaces allowed, to E.164; refuses what is not a
// valid mobile number. Empty stays empty.
absl::StatusOr<std::string> NormalizeMobile(const std::string& mobile);
// A person's name: 1-200 characters, trimmed, no control characters.
absl::StatusOr<std::string> NormalizeName(const std::string& name);
// An organisation id: 1-64 of letters, digits, '-' and '_'.
absl::Status ValidateOrganisationId(const std::string& id);

}  // namespace keyway::identity
