#include "keyway/algopin/custom_pin.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "keyway/core/hash.h"
#include "keyway/core/seal.h"

namespace keyway::algopin {
namespace {

// Separate keys for separate jobs, each derived from the lock's secret.
std::string SealKey(const std::string& lock_secret) {
  return core::HmacSha256(lock_secret, "keyway custom pin seal v1");
}
std::string DigestKey(const std::string& lock_secret) {
  return core::HmacSha256(lock_secret, "keyway custom pin digest v1");
}

}  // namespace

absl::Status ValidateCustomPinDigits(const std::string& digits) {
  const int n = static_cast<int>(digits.size());
  bool all_digits = n > 0;
  for (char c : digits) all_digits = all_digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!all_digits || n < kCustomPinMinDigits || n > kCustomPinMaxDigits) {
    return absl::InvalidArgumentError(absl::StrCat("a Custom PIN is ", kCustomPinMinDigits, " to ",
                                                   kCustomPinMaxDigits, " digits, nothing else"));
  }
  return absl::OkStatus();
}

std::string SealCustomPin(const std::string& lock_secret, const std::string& digits) {
  return core::Seal(SealKey(lock_secret), digits);
}

absl::StatusOr<std::string> OpenCustomPin(const std::string& lock_secret,
                                          const std::string& sealed) {
  return core::Unseal(SealKey(lock_secret), sealed);
}

std::string CustomPinDigest(const std::string& lock_secret, const std::string& digits) {
  return core::HmacSha256(DigestKey(lock_secret), digits);
}

}  // namespace keyway::algopin
