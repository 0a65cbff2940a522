#pragma once
// Cryptographically secure randomness for secrets, tokens and identifiers.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace keyway::core {

std::string RandomBytes(size_t n);
// A random token of `bytes` bytes of entropy, base64url encoded.
std::string RandomToken(size_t bytes = 32);
// A uniformly random integer in [0, upper_bound).
uint32_t RandomBelow(uint32_t upper_bound);
// A random RFC 4122 version 4 UUID in its canonical text form.
std::string NewUuid();
// The same name always gives the same UUID (RFC 9562 version 8, from
// SHA-256): the id a retried request derives again from its request_id.
std::string UuidFromName(absl::string_view name);

}  // namespace keyway::core
