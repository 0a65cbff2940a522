#pragma once
// Cryptographically secure randomness for secrets, tokens and identifiers.

#include <cstdint>
#include <string>

namespace keyway::core {

std::string RandomBytes(size_t n);
// A random token of `bytes` bytes of entropy, base64url encoded.
std::string RandomToken(size_t bytes = 32);
// A uniformly random integer in [0, upper_bound).
uint32_t RandomBelow(uint32_t upper_bound);
// A random RFC 4122 version 4 UUID in its canonical text form.
std::string NewUuid();

}  // namespace keyway::core
