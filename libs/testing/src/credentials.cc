#include "keyway/testing/credentials.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"

namespace keyway::testing {
namespace {

const std::string& ProcessSecret() {
  static const std::string* secret = new std::string(core::RandomToken(16));
  return *secret;
}

}  // namespace

std::string ServiceCredential(const std::string& service) {
  return absl::StrCat("test-", service, "-", core::HmacSha256Hex(ProcessSecret(), service));
}

std::string OperatorToken() { return ServiceCredential("operator"); }

std::string ServiceCallers(const std::vector<std::string>& services) {
  std::vector<std::string> entries;
  for (const auto& s : services) {
    entries.push_back(absl::StrCat(s, ":", core::Sha256Hex(ServiceCredential(s))));
  }
  return absl::StrJoin(entries, ",");
}

const core::BoxKeyPair& NotifyKeys() {
  static const core::BoxKeyPair* keys = new core::BoxKeyPair(core::NewBoxKeyPair());
  return *keys;
}

std::string Unsealed(const std::string& sealed) {
  auto opened = core::OpenSealed(NotifyKeys(), sealed);
  return opened.ok() ? *opened : "";
}

}  // namespace keyway::testing
