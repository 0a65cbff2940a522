#pragma once
// The keys that sign access tokens: loaded at start from the database, where
// the private halves are sealed under the key-encryption key; created on the
// very first start (once, even when replicas start together).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "keyway/auth/token.h"
#include "keyway/pg/pool.h"

namespace keyway::identity {

class KeyRing {
 public:
  static absl::StatusOr<std::unique_ptr<KeyRing>> LoadOrCreate(pg::Pool& pool,
                                                               const std::string& kek);

  const auth::SigningKey& signing_key() const { return signing_key_; }
  const auth::KeySet& verifier() const { return verifier_; }
  // (key id, raw public key) of every key that still verifies.
  const std::vector<std::pair<std::string, std::string>>& public_keys() const {
    return public_keys_;
  }

 private:
  explicit KeyRing(auth::SigningKey key) : signing_key_(std::move(key)) {}
  auth::SigningKey signing_key_;
  auth::KeySet verifier_;
  std::vector<std::pair<std::string, std::string>> public_keys_;
};

}  // namespace keyway::identity
