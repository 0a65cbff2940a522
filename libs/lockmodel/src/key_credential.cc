#include "keyway/lockmodel/key_credential.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "keyway/core/encoding.h"
#include "keyway/core/hash.h"

namespace keyway::lockmodel {
namespace {

// Keys for credentials are separate from the AlgoPIN key though derived from
// the same secret.
std::string MacKey(const std::string& lock_secret) {
  return core::HmacSha256Hex(lock_secret, "keyway bluetooth key credentials");
}

std::string Payload(const KeyCredential& k) {
  return absl::StrCat("v1|", k.key_id, "|", k.user_id, "|", k.lock_id, "|",
                      k.permissions.unlock ? "u" : "", k.permissions.sync ? "s" : "",
                      k.permissions.firmware_update ? "f" : "", "|", absl::ToUnixSeconds(k.start),
                      "|", absl::ToUnixSeconds(k.end));
}

absl::Status Refused() { return absl::UnauthenticatedError("not a key of this lock"); }

}  // namespace

std::string IssueKeyCredential(const std::string& lock_secret, const KeyCredential& key) {
  std::string payload = Payload(key);
  return absl::StrCat(core::Base64UrlEncode(payload), ".",
                      core::Base64UrlEncode(core::HmacSha256Hex(MacKey(lock_secret), payload)));
}

absl::StatusOr<KeyCredential> ReadKeyCredential(const std::string& lock_secret,
                                                const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '.');
  if (parts.size() != 2) return Refused();
  auto payload = core::Base64UrlDecode(parts[0]);
  auto mac = core::Base64UrlDecode(parts[1]);
  if (!payload || !mac) return Refused();
  if (!core::ConstantTimeEquals(*mac, core::HmacSha256Hex(MacKey(lock_secret), *payload))) {
    return Refused();
  }
  std::vector<std::string> f = absl::StrSplit(*payload, '|');
  int64_t start = 0, end = 0;
  if (f.size() != 7 || f[0] != "v1" || !absl::SimpleAtoi(f[5], &start) ||
      !absl::SimpleAtoi(f[6], &end)) {
    return Refused();
  }
  KeyCredential k;
  k.key_id = f[1];
  k.user_id = f[2];
  k.lock_id = f[3];
  k.permissions = {f[4].find('u') != std::string::npos, f[4].find('s') != std::string::npos,
                   f[4].find('f') != std::string::npos};
  k.start = absl::FromUnixSeconds(start);
  k.end = absl::FromUnixSeconds(end);
  return k;
}

}  // namespace keyway::lockmodel
