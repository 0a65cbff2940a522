#pragma once
// Bluetooth keys (A8) as credentials the app presents to the lock: who, which
// lock, what they may do, when, and a key id a revocation can name, sealed
// with an HMAC under a key derived from the lock's secret. The lock checks
// them offline; `access` issues them.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace keyway::lockmodel {

// A8: what a key allows.
struct KeyPermissions {
  bool unlock = true;
  bool sync = false;
  bool firmware_update = false;
  bool operator==(const KeyPermissions&) const = default;
};

struct KeyCredential {
  std::string key_id;   // names the key in revocations
  std::string user_id;
  std::string lock_id;
  KeyPermissions permissions;
  absl::Time start;
  absl::Time end;
  bool operator==(const KeyCredential&) const = default;
};

// The credential as text for the app: payload and MAC, base64url.
std::string IssueKeyCredential(const std::string& lock_secret, const KeyCredential& key);
// UNAUTHENTICATED for a credential that is malformed, altered, or sealed
// under another lock's secret.
absl::StatusOr<KeyCredential> ReadKeyCredential(const std::string& lock_secret,
                                                const std::string& text);

}  // namespace keyway::lockmodel
