#pragma once
// K4: a secret sealed for its one reader before it leaves its owner (an
// invitation token, a phone code, a Remote PIN's digits on a Redis stream,
// for the notify service). libsodium sealed boxes: anyone holding the
// reader's public key seals, only the reader's secret key opens, and an
// altered box does not open. Streams, dead letters and tools/events then
// carry bytes no one else can read.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace keyway::core {

inline constexpr size_t kBoxKeyBytes = 32;

struct BoxKeyPair {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 32 bytes
};
BoxKeyPair NewBoxKeyPair();
// The pair of a secret key (its public key computed from it).
BoxKeyPair BoxKeyPairOf(absl::string_view secret_key);

// A box key given as unpadded base64url of 32 bytes; INVALID_ARGUMENT
// naming `what` (a flag, say) otherwise.
absl::StatusOr<std::string> ParseBoxKey(absl::string_view text, absl::string_view what);

std::string SealFor(absl::string_view public_key, absl::string_view plaintext);
// DATA_LOSS when the box was altered or sealed for another key.
absl::StatusOr<std::string> OpenSealed(const BoxKeyPair& keys, absl::string_view sealed);

}  // namespace keyway::core
