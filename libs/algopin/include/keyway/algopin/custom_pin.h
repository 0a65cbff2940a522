#pragma once
// Custom PINs (A5-A7) between the service and the lock. The digits travel to
// the lock sealed under a key only the lock and `access` can derive from the
// lock's secret, so the jobs service, the gateway, Redis and every log see
// ciphertext (K4). `access` keeps a keyed digest, never the digits, to refuse
// a second live PIN with the same digits on one lock.

#include <string>

#include "absl/status/statusor.h"

namespace keyway::algopin {

inline constexpr int kCustomPinMinDigits = 4;
inline constexpr int kCustomPinMaxDigits = 10;

// INVALID_ARGUMENT, with a message for people, unless 4 to 10 decimal digits.
absl::Status ValidateCustomPinDigits(const std::string& digits);

std::string SealCustomPin(const std::string& lock_secret, const std::string& digits);
// DATA_LOSS when altered or sealed for another lock.
absl::StatusOr<std::string> OpenCustomPin(const std::string& lock_secret,
                                          const std::string& sealed);

// 32 bytes: equal digits on one lock give equal digests; without the lock's
// secret the digest says nothing of the digits.
std::string CustomPinDigest(const std::string& lock_secret, const std::string& digits);

}  // namespace keyway::algopin
