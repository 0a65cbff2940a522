#include "device_credentials.h"

#include "absl/strings/str_cat.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"
#include "keyway/core/text.h"

namespace keyway::org {

IssuedCredential IssueDeviceCredential(const std::string& device_id) {
  const std::string secret = core::RandomToken(32);
  return {absl::StrCat(device_id, ".", secret), core::Sha256Hex(secret)};
}

std::optional<std::string> CredentialDeviceId(const std::string& credential) {
  const size_t dot = credential.find('.');
  if (dot == std::string::npos || dot + 1 == credential.size()) return std::nullopt;
  std::string id = credential.substr(0, dot);
  if (!core::ValidateUuid(id, "id").ok()) return std::nullopt;
  return id;
}

bool CredentialMatches(const std::string& credential, const std::string& kept_hash) {
  const size_t dot = credential.find('.');
  if (dot == std::string::npos || kept_hash.empty()) return false;
  return core::ConstantTimeEquals(core::Sha256Hex(credential.substr(dot + 1)), kept_hash);
}

}  // namespace keyway::org
