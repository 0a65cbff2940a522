#pragma once
// Authenticated encryption of secrets at rest (signing keys, lock secrets)
// under a key-encryption key from configuration: XSalsa20-Poly1305
// (libsodium secretbox) with a random nonce stored beside the ciphertext.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::core {

inline constexpr size_t kKeyEncryptionKeyBytes = 32;

// Parses a key-encryption key given as unpadded base64url of 32 bytes.
absl::StatusOr<std::string> ParseKeyEncryptionKey(const std::string& text);

std::string Seal(const std::string& kek, const std::string& plaintext);
// DATA_LOSS when the ciphertext was altered or sealed under another key.
absl::StatusOr<std::string> Unseal(const std::string& kek, const std::string& sealed);

}  // namespace keyway::core
