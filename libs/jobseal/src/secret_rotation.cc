#include "keyway/jobseal/secret_rotation.h"

#include "keyway/core/hash.h"
#include "keyway/core/seal.h"

namespace keyway::jobseal {
namespace {

std::string RotationKey(const std::string& current_secret) {
  return core::HmacSha256(current_secret, "keyway secret rotation v1");
}

}  // namespace

std::string SealNewSecret(const std::string& current_secret, const std::string& new_secret) {
  return core::Seal(RotationKey(current_secret), new_secret);
}

absl::StatusOr<std::string> OpenNewSecret(const std::string& current_secret,
                                          const std::string& sealed) {
  return core::Unseal(RotationKey(current_secret), sealed);
}

}  // namespace keyway::jobseal
