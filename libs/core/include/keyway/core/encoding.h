#pragma once
// Text encodings of binary data used in tokens and identifiers.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace keyway::core {

// RFC 4648 §5 base64url without padding (as in JWTs).
std::string Base64UrlEncode(absl::string_view bytes);
// Returns nullopt for anything that is not canonical unpadded base64url.
std::optional<std::string> Base64UrlDecode(absl::string_view text);

std::string HexEncode(absl::string_view bytes);

// A UUID's 16 bytes, from its text form (hyphens ignored; the caller has
// validated it).
std::string UuidBytes(absl::string_view uuid);

}  // namespace keyway::core
