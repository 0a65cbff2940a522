#pragma once
// Passwords: the policy a new password must meet, and Argon2id hashing
// (libargon2) for storage and verification.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::identity {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;

// INVALID_ARGUMENT saying why, for a password that is too short or long,
// common, a dictionary word (cracklib), or made from the person's email or name.
absl::Status CheckPasswordPolicy(const std::string& password, const std::string& email,
                                 const std::string& name);

// Argon2id cost. The defaults follow OWASP's guidance (19 MiB, 2 passes);
// tests may lower them to run fast.
struct PasswordHashParams {
  uint32_t memory_kib = 19 * 1024;
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
};

// The encoded hash ("$argon2id$v=19$m=...,t=...,p=...$salt$hash").
std::string HashPassword(const std::string& password, const PasswordHashParams& params);
// Compares in constant time; false for a malformed hash.
bool VerifyPassword(const std::string& password, const std::string& encoded_hash);

}  // namespace keyway::identity
