#pragma once
// Hashes of high-entropy secrets (tokens, codes) for storage and comparison.

#include <string>

#include "absl/strings/string_view.h"

namespace keyway::core {

// Raw 32-byte SHA-256 digest.
std::string Sha256(absl::string_view data);
// Hex SHA-256, the form in which random tokens are stored.
std::string Sha256Hex(absl::string_view data);
// Raw 32-byte HMAC-SHA-256: also to derive one key from another.
std::string HmacSha256(absl::string_view key, absl::string_view data);
// Keyed hash (HMAC-SHA-256), hex: for low-entropy secrets such as 6-digit codes,
// so that a stolen table cannot be brute-forced without the key.
std::string HmacSha256Hex(absl::string_view key, absl::string_view data);
// Comparison whose time does not depend on where the inputs differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace keyway::core
