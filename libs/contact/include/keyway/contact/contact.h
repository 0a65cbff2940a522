#pragma once
// How people are reached: email addresses and mobile numbers, checked at the
// edge. Each refusal is INVALID_ARGUMENT saying what is wrong and what is expected.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::contact {

inline constexpr size_t kMaxEmailLength = 254;

// Trims and lower-cases; refuses what is not a plausible address.
absl::StatusOr<std::string> NormalizeEmail(const std::string& email);
// An international number, spaces allowed, to E.164 (libphonenumber);
// refuses what is not a valid mobile number. Empty stays empty.
absl::StatusOr<std::string> NormalizeMobile(const std::string& mobile);

}  // namespace keyway::contact
